/**
 * The networkPolicyIsolates check on the real simulation: pods allowed by namespace, by labels in
 * another namespace, and the messages a learner reads when a policy lets too much or too little in.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { apply } from '#services/grading/cluster-actions.ts';
import { scratchCluster } from '#services/grading/cluster-setup.ts';
import { evaluateClusterCheck } from '#services/grading/cluster-checks.ts';
import type { Manifest } from '#services/grading/exercise-schema.ts';
import { check } from './fixtures.ts';

const applied = (cluster: Cluster, ...manifests: unknown[]) => {
  for (const manifest of manifests) expect(apply(cluster, manifest as Manifest)).toMatchObject({ ok: true });
};
const namespace = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const db = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'db', namespace: 'data' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'redis:7', ports: [{ containerPort: 6379 }] }] } } },
};
const policy = (name: string, from: unknown[]) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'data' },
  spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from, ports: [{ port: 6379 }] }] },
});

function dataCluster(): Cluster {
  const cluster = scratchCluster(2);
  applied(cluster, namespace('data'), namespace('web', { team: 'web' }), db);
  cluster.advanceTo(cluster.now + 60_000);
  return cluster;
}

describe('networkPolicyIsolates', () => {
  const fromNamespace = check({ id: 'n', title: 'n', type: 'networkPolicyIsolates', workload: { namespace: 'data', name: 'db' }, port: 6379, allowFrom: { namespace: 'web' } });
  const fromApi = check({ id: 'a', title: 'a', type: 'networkPolicyIsolates', workload: { namespace: 'data', name: 'db' }, port: 6379, allowFrom: { namespace: 'web', podLabels: { role: 'api' } } });

  it('passes a policy that lets in every pod of namespace web, by its name label or its own', () => {
    for (const selector of [{ matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, { matchLabels: { team: 'web' } }]) {
      const cluster = dataCluster();
      applied(cluster, policy('from-web', [{ namespaceSelector: selector }]));
      expect(evaluateClusterCheck(fromNamespace, cluster)).toEqual({
        passed: true,
        message: 'Deployment "db"\'s pods are reached on port 6379 by a pod without labels in namespace "web", and not by a pod labelled run=intruder in namespace "data" and the web terminal outside the cluster (198.51.100.7)',
      });
    }
  });

  it('with labels too, wants both in one peer: the two peers apart let too much in', () => {
    const both = dataCluster();
    applied(both, policy('api', [{ namespaceSelector: { matchLabels: { team: 'web' } }, podSelector: { matchLabels: { role: 'api' } } }]));
    expect(evaluateClusterCheck(fromApi, both).passed).toBe(true);
    const apart = dataCluster();
    applied(apart, policy('api', [{ namespaceSelector: { matchLabels: { team: 'web' } } }, { podSelector: { matchLabels: { role: 'api' } } }]));
    expect(evaluateClusterCheck(fromApi, apart).message).toMatch(/^a pod labelled run=intruder in namespace "web" still reaches pod db-\S+ of Deployment "db" on port 6379: the ingress rules of NetworkPolicy "api" let it in$/);
    // Only the labels, in the policy's own namespace: the pods of web are dropped.
    const local = dataCluster();
    applied(local, policy('api', [{ podSelector: { matchLabels: { role: 'api' } } }]));
    expect(evaluateClusterCheck(fromApi, local).message).toMatch(/^a pod labelled role=api in namespace "web" cannot reach pod db-\S+ of Deployment "db" on port 6379: it would be dropped by NetworkPolicy api: no ingress rule allows it, which isolates pod data\/db-\S+ for ingress$/);
  });

  it('says when the workload is missing or has no running pod yet', () => {
    const empty = scratchCluster(2);
    expect(evaluateClusterCheck(fromNamespace, empty).message).toBe('there is no Deployment named "db" in namespace "data"');
    const starting = scratchCluster(2);
    applied(starting, namespace('data'), db);
    expect(evaluateClusterCheck(fromNamespace, starting).message).toBe('Deployment "db" has no running pod to send traffic to yet');
  });
});
