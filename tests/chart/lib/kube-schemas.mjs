// Kubernetes objects against the API's own OpenAPI schemas, offline: kubernetes-models (the built-in
// kinds of a current Kubernetes) and @kubernetes-models/prometheus-operator (ServiceMonitor).
// Strict like `kubectl apply --validate=strict`: a field the schema does not know is an error. The models'
// validators ignore unknown fields, so the object is handed to them behind a Proxy that records every
// property a validator reads, present or not; a field it never read is one its schema does not declare.
// An object none of whose properties was read is free-form JSON (a CRD's default or example value) and
// is not looked into.

/**
 * Where the models leave the API's schema out: kubernetes-models types a CRD's openAPIV3Schema loosely
 * (JSONSchemaProps without description or the x-kubernetes-* extensions), so unknown-field checks stop
 * there; tests/schema holds the CRD schemas themselves to the structural rules.
 */
const LOOSELY_MODELLED = [/^\/spec\/versions\/\d+\/schema\/openAPIV3Schema\//];

/** Where the model of a group/version lives, by API group ("" is the core group). */
const PACKAGES = { 'monitoring.coreos.com': '@kubernetes-models/prometheus-operator' };

/** The model class of apiVersion/kind, or undefined when no installed package has one. */
export async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = PACKAGES[group] ?? 'kubernetes-models';
  const path = group === '' ? `${pkg}/${version}/${kind}` : `${pkg}/${group}/${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch (e) {
    if (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw e;
  }
}

/**
 * A view of value whose every property read (at any depth) is recorded in seen as a JSON pointer, and the
 * pointer of the object it was read from in looked.
 */
function recording(value, pointer, seen, looked) {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return child;
      seen.add(`${pointer}/${key}`);
      looked.add(pointer);
      return recording(child, `${pointer}/${key}`, seen, looked);
    },
  });
}

function unread(value, pointer, { seen, looked }, out) {
  if (value === null || typeof value !== 'object' || !looked.has(pointer)) return out;
  for (const [key, child] of Object.entries(value)) {
    const at = `${pointer}/${key}`;
    if (!Array.isArray(value) && !seen.has(at)) out.push(at);
    else unread(child, at, { seen, looked }, out);
  }
  return out;
}

/**
 * Validates one object. @returns {Promise<{known: boolean, errors: string[]}>} known is false when no model
 * exists for its kind; errors are "pointer: message" texts.
 */
export async function validateStrict(object) {
  const Model = await modelOf(object.apiVersion ?? '', object.kind ?? '');
  if (!Model) return { known: false, errors: [] };
  const reads = { seen: new Set(), looked: new Set() };
  try {
    Model.prototype.validate.call(recording(object, '', reads.seen, reads.looked));
  } catch (e) {
    // A failed validator stops early and leaves fields unread: its own errors are the ones to report.
    const details = (e.errors ?? []).map((d) => `${d.instancePath || '/'}: ${d.message}`);
    return { known: true, errors: details.length > 0 ? details : [e.message] };
  }
  const unknown = unread(object, '', reads, []).filter((p) => !LOOSELY_MODELLED.some((re) => re.test(p)));
  return { known: true, errors: unknown.map((p) => `${p}: unknown field`) };
}
