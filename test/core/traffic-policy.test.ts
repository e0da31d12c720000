/**
 * The terminal's requests through the network policy agent (traffic.ts, traffic-policy.ts): from
 * outside the cluster, by a Service's name, a NodePort or a pod's IP, dropped at the pod kube-proxy
 * chose when its policies do not let 198.51.100.7 in, and answered when an ipBlock does.
 */
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Service } from '#core/objects.ts';
import { sendRequests } from '#core/traffic.ts';
import { T0, call, deployment, newCluster } from './api-server/fixtures.ts';

const create = (cluster: ReturnType<typeof newCluster>, resource: string, body: unknown, group?: string) =>
  call(cluster, { verb: 'create', resource, namespace: 'default', body, ...(group ? { group } : {}) });
const netpol = (name: string, spec: unknown) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec });

function webCluster() {
  const cluster = newCluster();
  create(cluster, 'deployments', deployment('web', 2), 'apps');
  create(cluster, 'services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] } });
  cluster.advanceTo(T0 + 60_000);
  return cluster;
}

describe('the terminal’s requests under NetworkPolicies', () => {
  it('are dropped at every way in, and say which pod and policy, then answered once an ipBlock admits the terminal', () => {
    const cluster = webCluster();
    expect(create(cluster, 'networkpolicies', netpol('web-only-from-pods', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: {} }] }] }), 'networking.k8s.io').status).toBe(201);
    const nodeIP = cluster.etcd.get<Node>('Node', undefined, 'worker-1')?.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
    const podIP = cluster.etcd.list<Pod>('Pod', 'default')[0]?.status?.podIP ?? '';
    const clusterIP = cluster.etcd.get<Service>('Service', 'default', 'web')?.spec?.clusterIP;
    for (const target of [{ host: 'web', port: 80, namespace: 'default' }, { host: nodeIP, port: 30080 }, { host: podIP, port: 80 }]) {
      const [delivery] = sendRequests(cluster, target, 1);
      expect(delivery, target.host).toMatchObject({ ok: false, reason: 'timed-out', dropped: { port: 80, verdict: { direction: 'ingress', policies: ['web-only-from-pods'], defaultDeny: false } } });
      expect(delivery?.ok === false && delivery.message).toBe(`Failed to connect to ${target.host} port ${target.port} after 130000 ms: Timeout was reached`);
    }
    const [byName] = sendRequests(cluster, { host: 'web', port: 80, namespace: 'default' }, 1);
    expect(byName).toMatchObject({ address: clusterIP, dropped: { service: 'default/web' } });
    expect(byName?.ok === false && byName.detail).toMatch(/^sent through service default\/web to pod web-\S+ \(10\.244\.\d+\.\d+:80\) on worker-\d, where NetworkPolicy web-only-from-pods lets no traffic from 198\.51\.100\.7 in: the packets are dropped$/);

    expect(create(cluster, 'networkpolicies', netpol('terminal', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '198.51.100.0/24' } }] }] }), 'networking.k8s.io').status).toBe(201);
    expect(sendRequests(cluster, { host: nodeIP, port: 30080 }, 4).every((d) => d.ok)).toBe(true);
    call(cluster, { verb: 'patch', group: 'networking.k8s.io', resource: 'networkpolicies', namespace: 'default', name: 'terminal', patchType: 'merge', body: { spec: { ingress: [{ from: [{ ipBlock: { cidr: '198.51.100.0/24', except: ['198.51.100.0/29'] } }] }] } } });
    expect(sendRequests(cluster, { host: 'web', port: 80, namespace: 'default' }, 1)[0]).toMatchObject({ ok: false, reason: 'timed-out' });
  });
});
