// Reading rendered workloads: pod templates, containers, RBAC rules in a comparable form.

export const WORKLOAD_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod']);

/** The pod spec of a workload object (a CronJob's is two templates down). */
export function podSpecOf(object) {
  if (object.kind === 'Pod') return object.spec;
  if (object.kind === 'CronJob') return object.spec.jobTemplate.spec.template.spec;
  return object.spec.template.spec;
}

export const workloads = (docs) => docs.filter((d) => WORKLOAD_KINDS.has(d.kind));

/** Every container of a pod spec, init and ephemeral ones included. */
export const containersOf = (pod) => [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];

export const component = (object) => object.metadata?.labels?.['app.kubernetes.io/component'];

/** A role's rules as sorted strings, one per (group, resource, verb, resourceName): order and grouping do not matter. */
export function permissions(role) {
  const out = new Set();
  for (const rule of role.rules ?? []) {
    for (const group of rule.apiGroups ?? [''])
      for (const resource of rule.resources ?? [])
        for (const verb of rule.verbs ?? [])
          for (const name of rule.resourceNames ?? ['']) out.add(`${group}/${resource}:${verb}${name && ` #${name}`}`);
    for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs ?? []) out.add(`url ${url}:${verb}`);
  }
  return [...out].sort();
}

/** The wildcards of a role's rules, as "field: value" texts. */
export function wildcards(role) {
  return (role.rules ?? []).flatMap((rule) =>
    ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs'].flatMap((field) =>
      (rule[field] ?? []).filter((v) => v.includes('*')).map((v) => `${field}: ${v}`)));
}

/** A label map as the selector string the controller takes: "k=v,k2=v2" in key order. */
export const selectorString = (labels) => Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
