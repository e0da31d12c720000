/** A small store of pods, namespaces, nodes and NetworkPolicies for the policy agent's tests. */
import { Etcd } from '#core/etcd.ts';
import type { KubeObject, NetworkPolicy, NetworkPolicySpec, Pod } from '#core/objects.ts';

const meta = (name: string, namespace?: string, labels: Record<string, string> = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid: `uid-${namespace ?? ''}-${name}`,
  resourceVersion: '',
  creationTimestamp: '2026-12-01T08:00:00Z',
  labels,
});

/** A running pod with an IP on worker-1, its container's ports named as given. */
export function netPod(name: string, ip: string, labels: Record<string, string>, namespace = 'default', ports: { name?: string; containerPort: number }[] = [{ containerPort: 80 }]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, namespace, labels),
    spec: { nodeName: 'worker-1', containers: [{ name: 'main', image: 'nginx', ports }] },
    status: { phase: 'Running', podIP: ip },
  } as unknown as Pod;
}

/** A NetworkPolicy as the API server stores it (policyTypes defaulted by the caller when it matters). */
export function policy(name: string, spec: Partial<NetworkPolicySpec>, namespace = 'default'): NetworkPolicy {
  const egress = (spec.egress?.length ?? 0) > 0;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name, namespace),
    spec: { podSelector: {}, policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'], ...spec },
  };
}

/** A store with the namespaces (labelled as the API server labels them, plus `labels`), worker-1 at 10.0.1.10, and `objects`. */
export function netStore(objects: readonly KubeObject[], namespaces: Record<string, Record<string, string>> = {}): Etcd {
  const etcd = new Etcd({ resourceVersion: 0, objects: {} });
  const names = new Set(['default', ...Object.keys(namespaces), ...objects.map((o) => o.metadata.namespace ?? 'default')]);
  for (const ns of names) {
    etcd.create({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, undefined, { 'kubernetes.io/metadata.name': ns, ...namespaces[ns] }) } as KubeObject);
  }
  etcd.create({ apiVersion: 'v1', kind: 'Node', metadata: meta('worker-1'), status: { addresses: [{ type: 'InternalIP', address: '10.0.1.10' }] } } as KubeObject);
  for (const object of objects) etcd.create(object);
  return etcd;
}
