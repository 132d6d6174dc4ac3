#!/usr/bin/env node
// Validates LvsOperator manifests offline against config/crd: the structural schema (with defaults, strict
// unknown-field checks) and the CEL rules, as `kubectl apply --validate=strict` against a real API server would.
//
//   node validate.mjs [--crds DIR] [--quiet] FILE|DIR ...
//
// Prints one line per error, "file:docIndex: field: message" (docIndex counts the file's YAML documents
// from 0), and exits 1 if there was any. Documents of other API groups (a Service, a Deployment) are skipped.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator, formatError } from './lib/validator.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function usage(code) {
  console.error('usage: node validate.mjs [--crds DIR] [--quiet] FILE|DIR ...');
  process.exit(code);
}

function yamlFiles(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(path, f));
}

const args = process.argv.slice(2);
let crdDir = resolve(here, '../../config/crd');
let quiet = false;
const inputs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--crds') crdDir = args[++i] ?? usage(2);
  else if (args[i] === '--quiet' || args[i] === '-q') quiet = true;
  else if (args[i] === '--help' || args[i] === '-h') usage(0);
  else inputs.push(args[i]);
}
if (inputs.length === 0) usage(2);

let validator;
try {
  validator = new Validator(crdDir);
} catch (e) {
  console.error(`cannot load CRDs from ${crdDir}: ${e.message}`);
  process.exit(2);
}

let documents = 0;
let skipped = 0;
let failed = 0;
for (const file of inputs.flatMap(yamlFiles)) {
  for (const result of validator.validateFile(file)) {
    if (result.skipped) {
      skipped++;
      continue;
    }
    documents++;
    if (result.errors.length > 0) failed++;
    for (const e of result.errors) console.log(formatError(file, result.index, e));
  }
}
if (!quiet) {
  console.error(`${documents} document(s) checked, ${failed} invalid, ${skipped} of other API groups skipped`);
}
process.exitCode = failed > 0 ? 1 : 0;
