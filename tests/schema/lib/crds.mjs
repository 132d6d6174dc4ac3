// Loads CustomResourceDefinitions and walks their structural schemas.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * YAML the way kubectl reads it (sigs.k8s.io/yaml, a YAML 1.1 parser: yes/no/on/off are booleans).
 * Returns one entry per document: {index, value} or {index, error}.
 */
export function parseYamlDocuments(text) {
  return parseAllDocuments(text, { version: '1.1', prettyErrors: false })
    .map((doc, index) => {
      if (doc.errors.length > 0) return { index, error: doc.errors.map((e) => e.message).join('; ') };
      return { index, value: doc.toJS({ maxAliasCount: 100 }) };
    })
    .filter((d) => d.error !== undefined || d.value !== null);
}

/**
 * Every served version of every CRD in dir, keyed "group/version Kind".
 * @returns {Map<string, {file: string, crd: object, kind: string, group: string, version: string, schema: object}>}
 */
export function loadCrds(dir) {
  const crds = new Map();
  for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const file = join(dir, name);
    for (const doc of parseYamlDocuments(readFileSync(file, 'utf8'))) {
      if (doc.error) throw new Error(`${file}:${doc.index}: ${doc.error}`);
      const crd = doc.value;
      if (crd.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        if (!version.served) continue;
        const key = `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`;
        crds.set(key, {
          file,
          crd,
          kind: crd.spec.names.kind,
          group: crd.spec.group,
          version: version.name,
          schema: version.schema.openAPIV3Schema,
        });
      }
    }
  }
  return crds;
}

/**
 * Visits every schema node depth-first: visit(node, path, parent), with path in the API server's form
 * (".spec.realServers.static[*].address"; map values are "[*]" too).
 */
export function walkSchema(node, visit, path = '', parent = null) {
  visit(node, path, parent);
  for (const [name, child] of Object.entries(node.properties ?? {})) walkSchema(child, visit, `${path}.${name}`, node);
  if (node.items) walkSchema(node.items, visit, `${path}[*]`, node);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    walkSchema(node.additionalProperties, visit, `${path}[*]`, node);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const sub of node[key] ?? []) walkSchema(sub, visit, path, node);
  if (node.not) walkSchema(node.not, visit, path, node);
}

/** The node a dotted, [*]-indexed path (as walkSchema gives it) names, or undefined. */
export function schemaAt(root, path) {
  let node = root;
  // A filter such as [?(@.type=="Programmed")] selects list items, as [*] does.
  for (const part of path.match(/\.[^.[]+|\[\*\]|\[\?\([^\]]*\)\]/g) ?? []) {
    if (node === undefined) return undefined;
    if (part.startsWith('[')) node = node.items ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    else node = node.properties?.[part.slice(1)];
  }
  return node;
}

/** Every x-kubernetes-validations rule with the path of the node it sits on. */
export function celRules(schema) {
  const rules = [];
  walkSchema(schema, (node, path) => {
    for (const rule of node['x-kubernetes-validations'] ?? []) rules.push({ path, node, rule });
  });
  return rules;
}
