// What the API server does to a custom resource before it validates it, in its order:
//  1. unknown fields: pruned, and with `kubectl apply --validate=strict` (fieldValidation=Strict) an error;
//  2. null values of fields that are not `nullable: true` are pruned;
//  3. defaults are applied, and a defaulted value is defaulted in turn (so `forwarding: {}` gains `method: DR`).
// metadata is the API server's own ObjectMeta, not the CRD's: its known fields and name rules are checked here.

/** ObjectMeta's JSON fields (k8s.io/apimachinery/pkg/apis/meta/v1 ObjectMeta). */
const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers',
  'managedFields',
]);

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Prunes, reports unknown fields and applies defaults, returning a new value.
 * @param {unknown} value
 * @param {object} schema structural schema node
 * @param {string} path field path of value ("" at the root)
 * @param {{field: string, message: string, type: string}[]} errors
 */
export function normalize(value, schema, path, errors) {
  // A value of the wrong type is left as it is: the schema validation reports it.
  if (Array.isArray(value)) {
    if (schema.type !== 'array' || !schema.items) return value;
    return value.map((item, i) => normalize(item, schema.items, `${path}[${i}]`, errors));
  }
  if (!isObject(value)) return value;
  if (path === 'metadata') return normalizeMetadata(value, errors);
  if (schema.type !== 'object') return value;

  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const properties = schema.properties ?? {};
  const additional = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    const field = path === '' ? key : `${path}.${key}`;
    const childSchema = properties[key] ?? additional;
    if (childSchema === undefined) {
      if (schema.additionalProperties === true || preserve) out[key] = child;
      else errors.push({ field, message: `unknown field "${field}"`, type: 'FieldValueUnknown' });
      continue;
    }
    if (child === null && childSchema.nullable !== true) continue;
    out[key] = normalize(child, childSchema, additional && !properties[key] ? `${path}[${key}]` : field, errors);
  }
  for (const [key, childSchema] of Object.entries(properties)) {
    if (key in out || childSchema.default === undefined) continue;
    const field = path === '' ? key : `${path}.${key}`;
    out[key] = normalize(structuredClone(childSchema.default), childSchema, field, errors);
  }
  return out;
}

function normalizeMetadata(meta, errors) {
  for (const key of Object.keys(meta)) {
    if (!OBJECT_META_FIELDS.has(key)) {
      errors.push({ field: `metadata.${key}`, message: `unknown field "metadata.${key}"`, type: 'FieldValueUnknown' });
    }
  }
  if (meta.name === undefined && meta.generateName === undefined) {
    errors.push({ field: 'metadata.name', message: 'Required value: name or generateName is required', type: 'FieldValueRequired' });
  } else if (meta.name !== undefined && (typeof meta.name !== 'string' || meta.name.length > 253 || !DNS1123_SUBDOMAIN.test(meta.name))) {
    errors.push({
      field: 'metadata.name',
      message: `Invalid value: ${JSON.stringify(meta.name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
      type: 'FieldValueInvalid',
    });
  }
  for (const map of ['labels', 'annotations']) {
    if (meta[map] === undefined || meta[map] === null) continue;
    if (!isObject(meta[map]) || Object.values(meta[map]).some((v) => typeof v !== 'string')) {
      errors.push({ field: `metadata.${map}`, message: 'must be a map of strings', type: 'FieldValueTypeInvalid' });
    }
  }
  return meta;
}
