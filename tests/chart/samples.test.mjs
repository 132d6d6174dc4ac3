// config/samples and examples/, offline: built-in kinds against the Kubernetes schemas (unknown fields
// refused), lvsoperator.io kinds against the CRDs' OpenAPI schemas and CEL rules (tests/schema's
// Validator), the samples through `lvsctl validate`, and only documentation addresses in the samples.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlockList, isIP } from 'node:net';
import { Validator } from '../schema/lib/validator.mjs';
import { parseYaml } from './lib/helm.mjs';
import { validateStrict } from './lib/kube-schemas.mjs';
import { rel, repo, yamlIn } from './lib/repo.mjs';

const crds = new Validator(join(repo, 'config/crd'));
const isCustom = (d) => d.apiVersion?.startsWith('lvsoperator.io/');

for (const dir of ['config/samples', 'examples']) {
  describe(dir, () => {
    for (const file of yamlIn(dir)) {
      test(rel(file), async () => {
        const text = readFileSync(file, 'utf8');
        for (const r of crds.validateText(text)) assert.deepEqual(r.errors, [], `document ${r.index}: CRD schema or CEL rule`);
        const docs = parseYaml(text);
        assert.ok(docs.length > 0, 'no document');
        for (const [index, doc] of docs.entries()) {
          if (isCustom(doc)) continue;
          const result = await validateStrict(doc);
          assert.ok(result.known, `document ${index}: no schema for ${doc.apiVersion} ${doc.kind}`);
          assert.deepEqual(result.errors, [], `document ${index}: ${doc.kind}`);
        }
      });
    }
  });
}

/** RFC 5737 (192.0.2.0/24, 203.0.113.0/24 and 198.51.100.0/24), RFC 2544 (198.18.0.0/15), RFC 3849 (2001:db8::/32). */
const documentation = new BlockList();
for (const [net, prefix] of [['192.0.2.0', 24], ['198.51.100.0', 24], ['203.0.113.0', 24], ['198.18.0.0', 15]]) documentation.addSubnet(net, prefix, 'ipv4');
documentation.addSubnet('2001:db8::', 32, 'ipv6');

test('config/samples: a DR service with static real servers and a NAT one behind a Service, documentation addresses only', () => {
  const docs = yamlIn('config/samples').flatMap((f) => parseYaml(readFileSync(f, 'utf8')));
  const services = docs.filter((d) => d.kind === 'VirtualService');
  assert.ok(services.some((vs) => vs.spec.forwarding?.method === 'DR' && vs.spec.realServers.static?.length > 0), 'DR with static real servers');
  assert.ok(services.some((vs) => vs.spec.forwarding?.method === 'NAT' && vs.spec.realServers.service), 'NAT behind a Service');
  const addresses = [];
  const collect = (v) => {
    if (typeof v === 'string' && isIP(v)) addresses.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  docs.filter(isCustom).forEach((d) => collect(d.spec));
  assert.ok(addresses.length > 0);
  assert.deepEqual(addresses.filter((a) => !documentation.check(a, isIP(a) === 4 ? 'ipv4' : 'ipv6')), []);
});

test('lvsctl validate -f config/samples', () => {
  const r = spawnSync('dotnet', ['run', '--project', 'src/LvsOperator.Cli', '--', 'validate', '-f', 'config/samples'], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /valid: 2 VirtualService/);
});
