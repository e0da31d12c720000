/** NetworkPolicies in the live picture: the pods each isolates, its rules in words, and the Service endpoints that drop the terminal's requests. */
import { describe, expect, it } from 'vitest';
import { viewOf } from '#core/view.ts';
import { T0, call, deployment, newCluster } from './api-server/fixtures.ts';

const create = (cluster: ReturnType<typeof newCluster>, resource: string, body: unknown, group?: string) =>
  call(cluster, { verb: 'create', resource, namespace: 'default', body, ...(group ? { group } : {}) });
const netpol = (name: string, spec: unknown) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec });

describe('NetworkPolicies in the live picture', () => {
  it('draws each policy over the pods it selects, its directions in words, and the endpoints where curl from outside is dropped', () => {
    const cluster = newCluster();
    create(cluster, 'deployments', deployment('nginx', 2), 'apps');
    create(cluster, 'deployments', deployment('api', 1), 'apps');
    create(cluster, 'services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { selector: { app: 'nginx' }, ports: [{ port: 80 }] } });
    cluster.advanceTo(T0 + 60_000);
    expect(viewOf(cluster).services.find((s) => s.name === 'nginx')?.dropped).toBeUndefined();

    expect(create(cluster, 'networkpolicies', netpol('access-nginx', { podSelector: { matchLabels: { app: 'nginx' } }, ingress: [{ from: [{ podSelector: { matchLabels: { access: 'true' } } }] }] }), 'networking.k8s.io').status).toBe(201);
    expect(create(cluster, 'networkpolicies', netpol('api-egress', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }] }, { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.1.0/24'] } }], ports: [{ port: 8000, endPort: 8100 }] }] }), 'networking.k8s.io').status).toBe(201);
    expect(create(cluster, 'networkpolicies', netpol('deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }), 'networking.k8s.io').status).toBe(201);
    const view = viewOf(cluster);
    const nginxPods = view.pods.filter((p) => p.labels['app'] === 'nginx').map((p) => p.name);
    const byName = Object.fromEntries(view.networkPolicies.map((p) => [p.name, p]));
    expect(byName['access-nginx']).toEqual({ namespace: 'default', name: 'access-nginx', podSelector: 'app=nginx', pods: nginxPods, ingress: ['pods access=true'] });
    expect(byName['api-egress']).toMatchObject({ podSelector: 'app=api', egress: ['pods k8s-app=kube-dns in all namespaces on UDP 53', '10.0.0.0/8 except 10.0.1.0/24 on TCP 8000-8100'] });
    expect(byName['api-egress']?.ingress).toBeUndefined();
    expect(byName['deny-all']).toMatchObject({ podSelector: '', ingress: [], egress: [] });
    expect(byName['deny-all']?.pods).toHaveLength(3);
    expect(view.services.find((s) => s.name === 'nginx')?.dropped).toEqual({ pods: nginxPods, policies: ['access-nginx', 'deny-all'] });
  });
});
