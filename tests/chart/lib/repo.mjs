// Paths of the repository the chart tests run in.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = join(dirname(fileURLToPath(import.meta.url)), '..');

function findRepo() {
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'LvsOperator.sln'))) return dir;
    if (dirname(dir) === dir) throw new Error(`LvsOperator.sln not found above ${here}`);
  }
}
export const repo = findRepo();
export const chartDir = join(repo, 'charts/lvs-operator');

/** The *.yaml files of a repository folder, sorted, as absolute paths. */
export const yamlIn = (dir) =>
  readdirSync(join(repo, dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(repo, dir, f));

export const rel = (file) => file.slice(repo.length + 1);
