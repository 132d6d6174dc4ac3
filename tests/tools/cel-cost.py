#!/usr/bin/env python3
"""cel-cost.py CRD.yaml [M]: the API server's CEL cost estimate of every rule of a CRD, dearest first.

kube-apiserver prints a rule's estimate only when it is over budget (10,000,000 per rule, cardinality
included; 100,000,000 for a whole CRD). So this wraps the CRD's spec schema as the items of a list of at most
M (default 3000) in a scratch CRD, which multiplies every rule's estimate by M, server-side dry-runs it with
kubectl (current KUBECONFIG context; nothing is stored), and prints factor * 10,000,000 / M per rule. Rules
still under budget after the multiplication cost less than 10,000,000 / M and are not listed; a '>' marks a
rule over 100x (raise precision with a smaller M).
"""
import re
import subprocess
import sys

import yaml

RULE_LIMIT = 10_000_000
CRD_LIMIT = 100_000_000
WRAPPED = 'spec.validation.openAPIV3Schema.properties[spec].properties[x].items'


def rules(node, path, out):
    for i, rule in enumerate(node.get('x-kubernetes-validations', [])):
        out[f'{path}.x-kubernetes-validations[{i}]'] = rule['rule']
    for name, child in node.get('properties', {}).items():
        rules(child, f'{path}.properties[{name}]', out)
    if 'items' in node:
        rules(node['items'], f'{path}.items', out)
    if isinstance(node.get('additionalProperties'), dict):
        rules(node['additionalProperties'], f'{path}.additionalProperties', out)
    return out


def main():
    crd = yaml.safe_load(open(sys.argv[1]))
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    spec = crd['spec']['versions'][0]['schema']['openAPIV3Schema']['properties']['spec']
    plural = f"celcost{crd['spec']['names']['plural']}{m}"
    scratch = {
        'apiVersion': 'apiextensions.k8s.io/v1', 'kind': 'CustomResourceDefinition',
        'metadata': {'name': f'{plural}.cel-cost.example.com'},
        'spec': {'group': 'cel-cost.example.com', 'scope': 'Namespaced', 'names': {'kind': plural.capitalize(), 'plural': plural},
                 'versions': [{'name': 'v1', 'served': True, 'storage': True, 'schema': {'openAPIV3Schema': {
                     'type': 'object', 'properties': {'spec': {'type': 'object', 'properties': {
                         'x': {'type': 'array', 'maxItems': m, 'items': spec}}}}}}}]},
    }
    run = subprocess.run(['kubectl', 'apply', '--server-side', '--dry-run=server', '-f', '-'],
                         input=yaml.safe_dump(scratch), capture_output=True, text=True)
    text = run.stdout + run.stderr
    known = rules(spec, WRAPPED, {})
    found = {}
    for path, more, factor in re.findall(r'(spec\.validation\S*?)\.rule: Forbidden: estimated rule cost exceeds budget by factor of (more than )?([0-9.]+)x', text):
        found.setdefault(path, (float(factor) * RULE_LIMIT / m, bool(more)))
    if not found and run.returncode != 0:
        sys.exit(text)
    for path, (cost, more) in sorted(found.items(), key=lambda kv: -kv[1][0]):
        field = re.sub(r'\.x-kubernetes-validations\[(\d+)\]$', r' rule \1', path.replace(WRAPPED, 'spec'))
        field = re.sub(r'\.properties\[([^]]+)\]', r'.\1', field)
        print(f"{'>' if more else ' '}{cost:>12,.0f}  {field}  {known.get(path, '?')[:80]!r}")
    if not found:
        print(f'no rule above {RULE_LIMIT / m:,.0f}')
    total = re.search(r'entire OpenAPIv3 schema exceeds budget by factor of (more than )?([0-9.]+)x', text)
    if total:
        print(f"total: {'>' if total.group(1) else ''}{float(total.group(2)) * CRD_LIMIT / m:,.0f}")


if __name__ == '__main__':
    main()
