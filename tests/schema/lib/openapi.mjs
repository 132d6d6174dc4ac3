// OpenAPI v3 structural-schema validation of a custom resource with ajv, translated the way the API server
// reads the schema (k8s.io/apiextensions-apiserver/pkg/apiserver/validation):
//  - `x-kubernetes-int-or-string: true` accepts an integer or a string;
//  - `nullable: true` adds null to the type (other nulls were already pruned, see normalize.mjs);
//  - OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum become JSON Schema's numeric ones;
//  - numeric formats (int32, int64, float, double) are not checked: kube-openapi checks formats on strings only;
//  - x-kubernetes-list-type set/map: duplicate items or keys are errors ("Duplicate value").
// Each error carries the field.ErrorType the API server would use, since a "blocking" type
// (type, required, enum, maxLength, maxItems, maxProperties) stops the CEL rules from running.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { isDeepStrictEqual } from 'node:util';

const COPIED = [
  'enum', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems',
  'uniqueItems', 'minProperties', 'maxProperties', 'required', 'format',
];

/** Structural schema node -> JSON Schema (draft 07) for ajv. */
export function toJsonSchema(node, path = '') {
  const out = {};
  if (node['x-kubernetes-int-or-string'] === true) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  } else if (node.type !== undefined) {
    out.type = node.nullable === true ? [node.type, 'null'] : node.type;
  }
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  if (node.nullable === true && Array.isArray(out.enum)) out.enum = [...out.enum, null];
  if (node.exclusiveMinimum === true) {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true) {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  if (path === '.metadata') return { type: 'object' }; // the API server's ObjectMeta, checked in normalize.mjs
  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, toJsonSchema(v, `${path}.${k}`)]),
    );
  }
  if (node.items) out.items = toJsonSchema(node.items, `${path}[*]`);
  if (typeof node.additionalProperties === 'object') out.additionalProperties = toJsonSchema(node.additionalProperties, `${path}[*]`);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    if (node[key] && node['x-kubernetes-int-or-string'] !== true) out[key] = node[key].map((s) => toJsonSchema(s, path));
  }
  if (node.not) out.not = toJsonSchema(node.not, path);
  return out;
}

export function newAjv() {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, validateFormats: true });
  addFormats(ajv, ['date-time', 'date', 'time', 'duration', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid', 'byte', 'password']);
  for (const name of ['int32', 'int64', 'float', 'double']) ajv.addFormat(name, { type: 'number', validate: () => true });
  return ajv;
}

/** "/spec/addresses/0" -> "spec.addresses[0]", using the data to tell list indices from field names. */
function fieldPath(pointer, data) {
  let path = '';
  let value = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += Array.isArray(value) ? `[${seg}]` : path === '' ? seg : `.${seg}`;
    value = value?.[seg];
  }
  return path;
}

const show = (v) => JSON.stringify(v);

function describe(e, data) {
  const field = fieldPath(e.instancePath, data);
  const at = (f) => ({ field: f, value: e.data });
  switch (e.keyword) {
    case 'type':
      return { ...at(field), type: 'FieldValueTypeInvalid', message: `Invalid value: ${show(e.data)}: must be of type ${[e.params.type].flat().join(' or ')}` };
    case 'anyOf':
      return { ...at(field), type: 'FieldValueTypeInvalid', message: `Invalid value: ${show(e.data)}: must be an integer or a string` };
    case 'required': {
      const f = field === '' ? e.params.missingProperty : `${field}.${e.params.missingProperty}`;
      return { field: f, type: 'FieldValueRequired', message: 'Required value' };
    }
    case 'enum':
      return { ...at(field), type: 'FieldValueNotSupported', message: `Unsupported value: ${show(e.data)}: supported values: ${e.params.allowedValues.map(show).join(', ')}` };
    case 'maxLength':
      return { ...at(field), type: 'FieldValueTooLong', message: `Too long: may not be more than ${e.params.limit} bytes` };
    case 'maxItems':
      return { ...at(field), type: 'FieldValueTooMany', message: `Too many: ${e.data.length}: must have at most ${e.params.limit} items` };
    case 'maxProperties':
      return { ...at(field), type: 'FieldValueTooMany', message: `Too many: must have at most ${e.params.limit} properties` };
    case 'minimum':
      return { ...at(field), type: 'FieldValueInvalid', message: `Invalid value: ${show(e.data)}: should be greater than or equal to ${e.params.limit}` };
    case 'maximum':
      return { ...at(field), type: 'FieldValueInvalid', message: `Invalid value: ${show(e.data)}: should be less than or equal to ${e.params.limit}` };
    case 'pattern':
      return { ...at(field), type: 'FieldValueInvalid', message: `Invalid value: ${show(e.data)}: should match '${e.params.pattern}'` };
    case 'format':
      return { ...at(field), type: 'FieldValueInvalid', message: `Invalid value: ${show(e.data)}: must be of type ${e.params.format}` };
    default:
      return { ...at(field), type: 'FieldValueInvalid', message: `Invalid value: ${show(e.data)}: ${e.message}` };
  }
}

/** Compiles a validator for one CRD version's schema: (object) => errors. */
export function compileSchema(ajv, schema) {
  const validate = ajv.compile(toJsonSchema(schema));
  return (data) => {
    const errors = [];
    if (!validate(data)) {
      // The int-or-string branches each say "must be integer"/"must be string"; the anyOf error says it once.
      for (const e of validate.errors.filter((x) => !/\/anyOf\/\d+\//.test(x.schemaPath))) errors.push(describe(e, data));
    }
    listTypeErrors(data, schema, '', errors);
    return errors;
  };
}

/** x-kubernetes-list-type: set items and map keys must be unique. */
function listTypeErrors(value, node, path, errors) {
  if (Array.isArray(value) && node.items) {
    const listType = node['x-kubernetes-list-type'];
    const keys = node['x-kubernetes-list-map-keys'] ?? [];
    const seen = [];
    value.forEach((item, i) => {
      const id = listType === 'map' && item && typeof item === 'object' ? keys.map((k) => item[k]) : item;
      if ((listType === 'set' || listType === 'map') && seen.some((s) => isDeepStrictEqual(s, id))) {
        errors.push({ field: `${path}[${i}]`, type: 'FieldValueDuplicate', message: `Duplicate value: ${show(listType === 'map' ? Object.fromEntries(keys.map((k) => [k, item[k]])) : item)}` });
      }
      seen.push(id);
      listTypeErrors(item, node.items, `${path}[${i}]`, errors);
    });
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      const sub = node.properties?.[key];
      if (sub) listTypeErrors(child, sub, path === '' ? key : `${path}.${key}`, errors);
    }
  }
}
