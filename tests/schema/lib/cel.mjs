// x-kubernetes-validations evaluated the way the API server evaluates them
// (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel):
//  - each rule runs at its schema node, for every value present there (each list item, each map value),
//    with `self` bound to that value, after defaulting;
//  - `self` is typed from the schema (objects are types with the declared fields, integers are int, maps are
//    map<string, T>, int-or-string is dyn), so a rule naming an undeclared field fails to compile, as the API
//    server refuses such a CRD;
//  - a rule that does not return true fails with its message at the node's path plus its fieldPath;
//  - transition rules (those using oldSelf) only run on update, so they are skipped here.
// The Kubernetes IP and CIDR library functions the rules use (isIP, isCIDR, ip, family, isGlobalUnicast, string, ==)
// come from ip.mjs.
import { Environment } from '@marcbachmann/cel-js';
import { IPAddr, isCIDR, isIP, parseIP } from './ip.mjs';
import { walkSchema } from './crds.mjs';

/** A base environment with the Kubernetes CEL IP library. */
function baseEnvironment() {
  return new Environment()
    .registerType('net.IP', IPAddr)
    .registerFunction('isIP(string): bool', (s) => isIP(s))
    .registerFunction('isCIDR(string): bool', (s) => isCIDR(s))
    .registerFunction('ip(string): net.IP', (s) => parseIP(s))
    .registerFunction('string(net.IP): string', (addr) => addr.toString())
    // The library's IP type compares addresses (netip.Addr ==), so 2001:DB8::1 equals 2001:db8:0::1.
    .registerOperator('net.IP == net.IP', (a, b) => a.family() === b.family() && a.bytes.every((x, i) => x === b.bytes[i]))
    .registerFunction({
      name: 'isGlobalUnicast',
      receiverType: 'net.IP',
      returnType: 'bool',
      params: [],
      handler: (addr) => addr.isGlobalUnicast(),
    })
    .registerFunction({
      name: 'family',
      receiverType: 'net.IP',
      returnType: 'int',
      params: [],
      handler: (addr) => BigInt(addr.family()),
    });
}

const typeName = (prefix, path) => `${prefix}${path.replace(/\[\*\]/g, '.item')}`;

/**
 * The CEL type of a schema node named `name`; with an environment, also registers the object types under it
 * (named by path, list items and map values as ".item", so a node's type name can be computed again later).
 */
function declareTypes(env, node, name) {
  if (node['x-kubernetes-int-or-string'] === true) return 'dyn';
  if (node['x-kubernetes-preserve-unknown-fields'] === true && !node.properties) return 'dyn';
  switch (node.type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'int';
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'array':
      return `list<${declareTypes(env, node.items, `${name}.item`)}>`;
    case 'object': {
      if (typeof node.additionalProperties === 'object') {
        return `map<string, ${declareTypes(env, node.additionalProperties, `${name}.item`)}>`;
      }
      if (!node.properties) return 'map<string, dyn>';
      const fields = {};
      for (const [key, child] of Object.entries(node.properties)) fields[key] = declareTypes(env, child, `${name}.${key}`);
      env?.registerType(name, { fields });
      return name;
    }
    default:
      return 'dyn';
  }
}

/** JSON value -> CEL value: integers become int (BigInt) where the schema says integer or int-or-string. */
function toCel(value, node) {
  if (value === null || value === undefined || node === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => toCel(v, node.items));
  if (typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = toCel(v, node.properties?.[k] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined));
    }
    return out;
  }
  if (typeof value === 'number' && Number.isInteger(value) && (node.type === 'integer' || node['x-kubernetes-int-or-string'])) {
    return BigInt(value);
  }
  return value;
}

/**
 * Compiles every rule of one CRD version's schema. Throws when a rule does not type-check.
 * @returns {(object) => {field: string, message: string, type: string, rule: string}[]}
 */
export function compileRules(schema, kind) {
  const base = baseEnvironment();
  const prefix = `lvs.${kind}`;
  declareTypes(base, schema, prefix);
  const compiled = new Map(); // schema node -> [{rule, program}]
  walkSchema(schema, (node, path) => {
    const rules = node['x-kubernetes-validations'];
    if (!rules) return;
    const env = base.clone().registerVariable('self', declareTypes(null, node, typeName(prefix, path)));
    compiled.set(node, rules.map((rule) => {
      const check = env.check(rule.rule);
      if (!check.valid) throw new Error(`${kind}${path}: rule ${JSON.stringify(rule.rule)} does not compile: ${check.error.message}`);
      if (check.type !== 'bool') throw new Error(`${kind}${path}: rule ${JSON.stringify(rule.rule)} returns ${check.type}, not bool`);
      return { rule, transition: /\boldSelf\b/.test(rule.rule), program: env.parse(rule.rule) };
    }));
  });
  return (object) => {
    const errors = [];
    evaluate(object, schema, '', compiled, errors);
    return errors;
  };
}

function evaluate(value, node, path, compiled, errors) {
  if (value === undefined || value === null) return;
  for (const { rule, transition, program } of compiled.get(node) ?? []) {
    if (transition) continue;
    const field = `${path}${rule.fieldPath ?? ''}`.replace(/^\./, '');
    let result;
    try {
      result = program({ self: toCel(value, node) });
    } catch (e) {
      errors.push({ field, type: 'FieldValueInvalid', rule: rule.rule, message: `rule evaluation error: ${e.message.split('\n')[0]}` });
      continue;
    }
    if (result !== true) {
      errors.push({ field, type: rule.reason ?? 'FieldValueInvalid', rule: rule.rule, message: rule.message ?? `failed rule: ${rule.rule}` });
    }
  }
  if (Array.isArray(value) && node.items) {
    value.forEach((item, i) => evaluate(item, node.items, `${path}[${i}]`, compiled, errors));
  } else if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (node.properties?.[key]) evaluate(child, node.properties[key], `${path}.${key}`, compiled, errors);
      else if (typeof node.additionalProperties === 'object') evaluate(child, node.additionalProperties, `${path}[${key}]`, compiled, errors);
    }
  }
}
