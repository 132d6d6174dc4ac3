// Validates manifests against CRDs as the API server would on `kubectl apply --validate=strict`:
// strict decoding (unknown fields fail the request before anything else), pruning and defaulting,
// OpenAPI schema validation, then the CEL rules unless a blocking schema error stops them.
import { readFileSync } from 'node:fs';
import { loadCrds, parseYamlDocuments } from './crds.mjs';
import { normalize } from './normalize.mjs';
import { compileSchema, newAjv } from './openapi.mjs';
import { compileRules } from './cel.mjs';

/** Schema errors after which the API server does not run the CEL rules (strategy.go hasBlockingErr). */
const BLOCKING = new Set([
  'FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid',
]);

export const RULES_NOT_CHECKED =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

export class Validator {
  /** @param {string} crdDir directory of CRD YAML files */
  constructor(crdDir) {
    this.crds = loadCrds(crdDir);
    this.groups = new Set([...this.crds.values()].map((c) => c.group));
    const ajv = newAjv();
    this.compiled = new Map();
    for (const [key, c] of this.crds) {
      this.compiled.set(key, { ...c, schemaCheck: compileSchema(ajv, c.schema), celCheck: compileRules(c.schema, c.kind) });
    }
  }

  /**
   * One parsed document. Errors carry source "schema" (OpenAPI, strict decoding, metadata) or "cel".
   * @returns {{skipped?: boolean, kind?: string, object?: object, errors: {field: string, message: string, type: string, source: string}[]}}
   */
  validateObject(doc) {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      return { errors: [{ field: '', message: 'a manifest must be an object', type: 'FieldValueTypeInvalid', source: 'schema' }] };
    }
    const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    if (!this.groups.has(group)) return { skipped: true, errors: [] };
    const key = `${apiVersion} ${doc.kind}`;
    const crd = this.compiled.get(key);
    if (!crd) {
      return { errors: [{ field: 'kind', message: `no CRD serves apiVersion ${apiVersion} kind ${doc.kind}`, type: 'FieldValueNotSupported', source: 'schema' }] };
    }
    const decodeErrors = [];
    const object = normalize(doc, crd.schema, '', decodeErrors);
    const unknown = decodeErrors.filter((e) => e.type === 'FieldValueUnknown');
    if (unknown.length > 0) return { kind: crd.kind, object, errors: unknown.map((e) => ({ ...e, source: 'schema' })) };

    const schemaErrors = [...decodeErrors, ...crd.schemaCheck(object)].map((e) => ({ ...e, source: 'schema' }));
    if (schemaErrors.some((e) => BLOCKING.has(e.type))) {
      return { kind: crd.kind, object, errors: [...schemaErrors, { field: '', message: RULES_NOT_CHECKED, type: 'FieldValueInvalid', source: 'schema' }] };
    }
    const celErrors = crd.celCheck(object).map((e) => ({ ...e, source: 'cel' }));
    return { kind: crd.kind, object, errors: [...schemaErrors, ...celErrors] };
  }

  /** Every document of a YAML text: [{index, skipped, kind, errors}]. */
  validateText(text) {
    return parseYamlDocuments(text).map((d) => {
      if (d.error) return { index: d.index, errors: [{ field: '', message: `YAML: ${d.error}`, type: 'FieldValueInvalid', source: 'yaml' }] };
      return { index: d.index, ...this.validateObject(d.value) };
    });
  }

  validateFile(path) {
    return this.validateText(readFileSync(path, 'utf8'));
  }
}

/** "file:docIndex: field: message", the CLI's line format; an empty field prints as "<object>". */
export function formatError(file, index, e) {
  return `${file}:${index}: ${e.field === '' ? '<object>' : e.field}: ${e.message}`;
}
