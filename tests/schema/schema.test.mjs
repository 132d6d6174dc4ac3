// The CRDs, the examples and the manifest corpus, held together offline:
//  - every example and every tests/manifests/valid document is accepted;
//  - every tests/manifests/invalid file is rejected for exactly the reason its header names;
//  - every CEL rule's message is a constant of Messages.cs (the C# validator's wording), and every
//    single-object constant has a rule;
//  - the CRDs are structural and within the CEL cost budget's preconditions (maxItems, maxProperties, maxLength).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Validator } from './lib/validator.mjs';
import { celRules, schemaAt, walkSchema } from './lib/crds.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let repo = here;
while (!existsSync(join(repo, 'LvsOperator.sln'))) {
  const up = dirname(repo);
  if (up === repo) throw new Error('LvsOperator.sln not found above tests/schema');
  repo = up;
}
const crdDir = join(repo, 'config/crd');
const validator = new Validator(crdDir);
const crds = [...validator.crds.values()];
const vsCrd = crds.find((c) => c.kind === 'VirtualService');
const rsCrd = crds.find((c) => c.kind === 'RealServer');

const yamlIn = (dir) => readdirSync(join(repo, dir)).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(repo, dir, f));
const rel = (f) => f.slice(repo.length + 1);

/** The texts of Messages.cs, by constant name. */
function messages() {
  const source = readFileSync(join(repo, 'src/LvsOperator.Core/Validation/Messages.cs'), 'utf8');
  const out = new Map();
  for (const m of source.matchAll(/public const string (\w+)\s*=\s*"((?:[^"\\]|\\.)*)";/g)) {
    out.set(m[1], m[2].replace(/\\(["\\])/g, '$1'));
  }
  assert.ok(out.size > 0, 'no constants parsed from Messages.cs');
  return out;
}
const MESSAGES = messages();
const MESSAGE_TEXTS = new Set(MESSAGES.values());

/**
 * Messages that need a second object (another VirtualService, another AddressPool), which no CEL rule can see, or
 * an ordering of two addresses, which the Kubernetes IP library does not offer.
 */
const CROSS_OBJECT_ONLY = new Set(['VipConflict', 'FailoverConflict', 'BgpPeerConflict', 'ActiveActiveVipHeldByVrrp', 'ActiveActiveRealServerNat', 'AddressPoolOverlap', 'AddressPoolRangeReversed']);

/** A node under allOf/anyOf/oneOf/not validates a value; it is not a field of its own. */
const inValueValidation = (node, parent) =>
  Boolean(parent) && (['allOf', 'anyOf', 'oneOf'].some((k) => parent[k]?.includes(node)) || parent.not === node);

const errorText = (errors) => errors.map((e) => `  ${e.field || '<object>'}: ${e.message}`).join('\n');

describe('accepted manifests', () => {
  for (const file of [...yamlIn('examples'), ...yamlIn('tests/manifests/valid')]) {
    test(rel(file), () => {
      const results = validator.validateFile(file);
      assert.ok(results.some((r) => !r.skipped), 'the file holds no lvsoperator.io document');
      for (const r of results) assert.deepEqual(r.errors, [], `document ${r.index}:\n${errorText(r.errors)}`);
    });
  }
});

describe('rejected manifests', () => {
  const files = yamlIn('tests/manifests/invalid');
  test('the corpus is broad', () => {
    const cel = files.filter((f) => /^# expect: /m.test(readFileSync(f, 'utf8')));
    assert.ok(cel.length >= 40, `${cel.length} CEL cases`);
    assert.ok(files.length - cel.length >= 15, `${files.length - cel.length} schema cases`);
  });
  for (const file of files) {
    test(rel(file), () => {
      const text = readFileSync(file, 'utf8');
      const header = (key) => text.match(new RegExp(`^# ${key}: (.*)$`, 'm'))?.[1];
      const expect = header('expect');
      const expectSchema = header('expect-schema');
      const field = header('field');
      assert.ok((expect === undefined) !== (expectSchema === undefined), 'needs exactly one "# expect:" or "# expect-schema:" header');
      const results = validator.validateText(text).filter((r) => !r.skipped);
      assert.ok(results.length > 0, 'no lvsoperator.io document');
      const errors = results.flatMap((r) => r.errors);
      if (expect !== undefined) {
        assert.ok(MESSAGE_TEXTS.has(expect), `"${expect}" is not a Messages.cs text`);
        // Wrong for exactly one reason: every error is a CEL error with the expected message.
        assert.ok(errors.length > 0, 'accepted, but expected to be rejected');
        assert.deepEqual([...new Set(errors.map((e) => `${e.source}: ${e.message}`))], [`cel: ${expect}`], errorText(errors));
      } else {
        assert.ok(errors.some((e) => e.source === 'schema'), `expected a schema error (${expectSchema}):\n${errorText(errors)}`);
        assert.ok(!errors.some((e) => e.source === 'cel'), `expected no CEL error:\n${errorText(errors)}`);
      }
      if (field !== undefined) {
        // A rule on the VirtualService spec cannot name one static real server, so the API server reports the
        // list (spec.realServers.static) where lvsctl names the item (spec.realServers.static[1].port).
        const at = (e) => e.field === field || (e.source === 'cel' && field.startsWith(`${e.field}[`));
        assert.ok(errors.some(at), `no error at ${field}:\n${errorText(errors)}`);
      }
    });
  }
});

describe('CEL rules and Messages.cs', () => {
  const rules = crds.flatMap((c) => celRules(c.schema).map((r) => ({ ...r, kind: c.kind })));

  test('every rule has a message that is a Messages.cs text', () => {
    for (const { kind, path, rule } of rules) {
      assert.ok(MESSAGE_TEXTS.has(rule.message), `${kind}${path}: ${JSON.stringify(rule.message)} is not in Messages.cs`);
      assert.equal(rule.messageExpression, undefined, `${kind}${path}: messageExpression would bypass Messages.cs`);
    }
  });

  test('every single-object message has a rule, and a rejected manifest that shows it', () => {
    const used = new Set(rules.map((r) => r.rule.message));
    const corpus = yamlIn('tests/manifests/invalid').map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const [name, text] of MESSAGES) {
      if (CROSS_OBJECT_ONLY.has(name)) continue;
      assert.ok(used.has(text), `Messages.${name} has no CEL rule; add one or list it as cross-object only`);
      assert.ok(corpus.includes(`# expect: ${text}\n`), `Messages.${name} has no tests/manifests/invalid case`);
    }
  });

  test('reasons and fieldPaths are ones the API server accepts', () => {
    // Not FieldValueDuplicate: the API server then prints only "Duplicate value" and drops the rule's message.
    const reasons = new Set(['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired']);
    for (const { kind, path, node, rule } of rules) {
      if (rule.reason !== undefined) assert.ok(reasons.has(rule.reason), `${kind}${path}: reason ${rule.reason}`);
      if (rule.fieldPath !== undefined) {
        assert.match(rule.fieldPath, /^(\.[A-Za-z][A-Za-z0-9]*)+$/, `${kind}${path}: fieldPath ${rule.fieldPath}`);
        assert.ok(schemaAt(node, rule.fieldPath), `${kind}${path}: fieldPath ${rule.fieldPath} names no field`);
      }
    }
  });
});

describe('structural schemas', () => {
  for (const c of crds) {
    test(`${c.kind}: every node is typed, as a structural schema must be`, () => {
      walkSchema(c.schema, (node, path, parent) => {
        if (inValueValidation(node, parent)) {
          const intOrString = parent['x-kubernetes-int-or-string'] === true && isDeepStrictEqual(Object.keys(node), ['type']);
          assert.ok(intOrString || node.type === undefined, `${c.kind}${path}: type inside a value validation`);
          return;
        }
        const typed = node.type !== undefined || node['x-kubernetes-int-or-string'] === true || node['x-kubernetes-preserve-unknown-fields'] === true;
        assert.ok(typed, `${c.kind}${path || ' (root)'}: no type`);
        if (node['x-kubernetes-int-or-string'] === true) assert.equal(node.type, undefined, `${c.kind}${path}: int-or-string with a type`);
      });
      assert.deepEqual(c.schema.properties.metadata, { type: 'object' }, 'metadata is the API server\'s');
    });

    test(`${c.kind}: every list has maxItems, every map maxProperties and every string a bound (CEL cost budget)`, () => {
      walkSchema(c.schema, (node, path, parent) => {
        if (inValueValidation(node, parent)) return;
        if (node['x-kubernetes-int-or-string'] === true) assert.ok(Number.isInteger(node.maxLength), `${c.kind}${path}: int-or-string without maxLength`);
        if (node.type === 'array') assert.ok(Number.isInteger(node.maxItems), `${c.kind}${path}: array without maxItems`);
        if (typeof node.additionalProperties === 'object') assert.ok(Number.isInteger(node.maxProperties), `${c.kind}${path}: map without maxProperties`);
        // apiVersion and kind are the API server's type metadata, never seen by a rule.
        if (node.type === 'string' && path !== '.apiVersion' && path !== '.kind') {
          const bounded = Number.isInteger(node.maxLength) || Array.isArray(node.enum) || node.format === 'date-time';
          assert.ok(bounded, `${c.kind}${path}: string without maxLength`);
        }
        if (node['x-kubernetes-list-type'] === 'map') {
          for (const key of node['x-kubernetes-list-map-keys'] ?? []) {
            const keyNode = node.items.properties[key];
            assert.ok(node.items.required?.includes(key) || keyNode?.default !== undefined, `${c.kind}${path}: map key ${key} must be required`);
          }
        }
      });
    });

    test(`${c.kind}: printer columns name schema fields of their type`, () => {
      const version = c.crd.spec.versions.find((v) => v.name === c.version);
      // metadata is the API server's, not in the schema.
      const metadata = { '.metadata.creationTimestamp': 'date', '.metadata.generation': 'integer' };
      for (const col of version.additionalPrinterColumns) {
        if (col.jsonPath in metadata) {
          assert.equal(col.type, metadata[col.jsonPath], `${col.name}: column ${col.type}`);
          continue;
        }
        const node = schemaAt(c.schema, col.jsonPath);
        assert.ok(node, `${col.name}: ${col.jsonPath} is not in the schema`);
        const ok = col.type === node.type || (col.type === 'string' && ['array', 'string'].includes(node.type));
        assert.ok(ok, `${col.name}: column ${col.type}, field ${node.type}`);
      }
    });
  }

  test('names: vs and rsv, category lvs, namespaced, status subresource', () => {
    assert.deepEqual(vsCrd.crd.spec.names.shortNames, ['vs']);
    assert.deepEqual(rsCrd.crd.spec.names.shortNames, ['rsv']);
    for (const c of [vsCrd, rsCrd]) {
      assert.equal(c.group, 'lvsoperator.io');
      assert.equal(c.version, 'v1alpha1');
      assert.equal(c.crd.spec.scope, 'Namespaced');
      assert.deepEqual(c.crd.spec.names.categories, ['lvs']);
      assert.deepEqual(c.crd.spec.versions[0].subresources, { status: {} });
      assert.equal(c.crd.metadata.name, `${c.crd.spec.names.plural}.${c.group}`);
    }
  });

  test('AddressPool: lvspool, category lvs, cluster-scoped, status subresource', () => {
    const pool = crds.find((c) => c.kind === 'AddressPool');
    assert.deepEqual(pool.crd.spec.names.shortNames, ['lvspool']);
    assert.equal(pool.crd.spec.scope, 'Cluster');
    assert.deepEqual(pool.crd.spec.names.categories, ['lvs']);
    assert.deepEqual(pool.crd.spec.versions[0].subresources, { status: {} });
    assert.equal(pool.crd.metadata.name, `${pool.crd.spec.names.plural}.${pool.group}`);
  });

  test('a static real server and a RealServer spec have one schema', () => {
    const inPlace = schemaAt(vsCrd.schema, '.spec.realServers.static[*]');
    const { description: _a, ...a } = inPlace;
    const { description: _b, ...b } = rsCrd.schema.properties.spec;
    assert.deepEqual(a, b);
    const { default: fwDefault, ...serviceForwarding } = schemaAt(vsCrd.schema, '.spec.forwarding');
    const withoutSourceNat = ({ description: _, properties: { sourceNat, ...properties }, ...rest }) => ({
      ...rest,
      properties,
      'x-kubernetes-validations': rest['x-kubernetes-validations'].filter((r) => !r.rule.includes('sourceNat')),
    });
    const c = withoutSourceNat(serviceForwarding);
    const d = withoutSourceNat(inPlace.properties.forwarding);
    assert.deepEqual(fwDefault, {});
    assert.deepEqual(c, d, "the service's forwarding and a real server's differ only in the service's default and sourceNat");
    // sourceNat is the service's: a real server's forwarding names the field only to refuse it.
    assert.deepEqual(serviceForwarding.properties.sourceNat.enum, ['Auto', 'Always', 'Never']);
    assert.ok(inPlace.properties.forwarding['x-kubernetes-validations'].some((r) => r.rule === '!has(self.sourceNat)'));
  });
});

describe('defaults, applied before the rules as the API server applies them', () => {
  test('a minimal VirtualService gains the C# model defaults', () => {
    const [r] = validator.validateText(`
apiVersion: lvsoperator.io/v1alpha1
kind: VirtualService
metadata: {name: d}
spec:
  addresses: [192.0.2.1]
  port: 80
  persistence: {}
  forwarding: {method: TUN, tunnel: {}}
  realServers:
    service: {name: web}
    static: [{address: 198.18.0.1}]
`);
    assert.deepEqual(r.errors, []);
    const spec = r.object.spec;
    assert.equal(spec.protocol, 'TCP');
    assert.deepEqual(spec.scheduler, { name: 'wlc' });
    assert.deepEqual(spec.persistence, { timeoutSeconds: 300 });
    assert.deepEqual(spec.forwarding.tunnel, { type: 'ipip', checksum: 'none' });
    assert.equal(spec.realServers.service.weight, 1);
    assert.deepEqual(spec.realServers.static[0], { address: '198.18.0.1', weight: 1 }, 'no forwarding: it inherits the service\'s');
  });

  test('a RealServer gains weight 1 and, with a forwarding block, method DR', () => {
    const [r] = validator.validateText('apiVersion: lvsoperator.io/v1alpha1\nkind: RealServer\nmetadata: {name: r}\nspec: {address: 198.18.0.1, forwarding: {}}\n');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.object.spec, { address: '198.18.0.1', weight: 1, forwarding: { method: 'DR' } });
  });
});

describe('the seed DR example', () => {
  test('dr-seed.yaml is the seed script: 192.0.2.120:10087 wrr -p 60, -g -w 2/1/1', () => {
    const docs = validator.validateFile(join(repo, 'examples/dr-seed.yaml'));
    const [vs, ...servers] = docs.map((d) => d.object);
    assert.equal(vs.kind, 'VirtualService', 'the VirtualService comes first');
    assert.deepEqual(vs.spec.addresses, ['192.0.2.120']);
    assert.equal(vs.spec.port, 10087);
    assert.equal(vs.spec.protocol, 'TCP');
    assert.equal(vs.spec.scheduler.name, 'wrr');
    assert.equal(vs.spec.persistence.timeoutSeconds, 60);
    assert.equal(vs.spec.forwarding.method, 'DR');
    const selected = servers.filter((s) => Object.entries(vs.spec.realServers.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v));
    assert.deepEqual(selected.map((s) => [s.spec.address, s.spec.weight]), [['198.18.0.102', 2], ['198.18.0.103', 1], ['198.18.0.104', 1]]);
    for (const s of selected) assert.ok(s.spec.nodeName, `${s.metadata.name} has no nodeName`);
  });
});

describe('validate.mjs', () => {
  test('prints file:docIndex: field: message and exits 1', async () => {
    const { spawnSync } = await import('node:child_process');
    const file = join(repo, 'tests/manifests/invalid/vs-port-missing.yaml');
    const run = spawnSync(process.execPath, [join(here, 'validate.mjs'), '--quiet', file], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, `${file}:0: spec.port: ${MESSAGES.get('PortRequired')}\n`);
    const ok = spawnSync(process.execPath, [join(here, 'validate.mjs'), '--quiet', join(repo, 'examples')], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout);
    assert.equal(ok.stdout, '');
  });
});

test('corpus files are named for what they test', () => {
  for (const f of yamlIn('tests/manifests/invalid')) assert.match(basename(f), /^(vs|rs|pool|schema-vs|schema-rs|schema-pool)-[a-z0-9-]+\.yaml$/);
  for (const f of yamlIn('tests/manifests/valid')) assert.match(basename(f), /^(vs|rs|pool)-[a-z0-9-]+\.yaml$/);
});
