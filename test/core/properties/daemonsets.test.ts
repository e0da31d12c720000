/**
 * Invariants of the daemonset-controller under random template changes, node labels and taints,
 * pod deletions and readiness delays (fast-check): a DaemonSet never has two live pods for one node,
 * never makes a pod for a node its nodeSelector does not select or whose taints it does not
 * tolerate, and once settled runs exactly one pod of its current template on every eligible node.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { DaemonSet, Node, Pod } from '#core/objects.ts';
import { isReady } from '#core/pods.ts';
import { call } from '../api-server/fixtures.ts';
import { fluentdDaemonSet } from '../support/daemonset.ts';
import { standInKubelet } from '../support/instant-kubelet.ts';
import { advance, edit, labCluster, remove } from '../support/lab.ts';

const RUNS = { numRuns: 15 };
const NODES = ['control-plane', 'worker-1', 'worker-2'];
// NoExecute: a NoSchedule taint added later leaves a running daemon pod where it is (misscheduled), as in v1.32.
const DEDICATED = { key: 'dedicated', value: 'infra', effect: 'NoExecute' as const };

type Step =
  | { readonly kind: 'image'; readonly tag: 'v2.5.1' | 'v2.5.2' }
  | { readonly kind: 'selector'; readonly ssdOnly: boolean }
  | { readonly kind: 'tolerate'; readonly controlPlane: boolean }
  | { readonly kind: 'label'; readonly node: number; readonly ssd: boolean }
  | { readonly kind: 'taint'; readonly node: number; readonly tainted: boolean }
  | { readonly kind: 'delete'; readonly node: number }
  | { readonly kind: 'wait'; readonly ms: number };
const node = fc.integer({ min: 0, max: 2 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('image' as const), tag: fc.constantFrom('v2.5.1' as const, 'v2.5.2' as const) }),
  fc.record({ kind: fc.constant('selector' as const), ssdOnly: fc.boolean() }),
  fc.record({ kind: fc.constant('tolerate' as const), controlPlane: fc.boolean() }),
  fc.record({ kind: fc.constant('label' as const), node, ssd: fc.boolean() }),
  fc.record({ kind: fc.constant('taint' as const), node, tainted: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), node }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 5_000 }) }),
);

const daemonPods = (cluster: Cluster) => cluster.etcd.list<Pod>('Pod', 'default').filter((pod) => pod.metadata.labels?.['name'] === 'fluentd-elasticsearch');
const live = (pod: Pod) => !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded';
const pinnedTo = (pod: Pod) => pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchFields?.[0]?.values?.[0];

/** Whether the DaemonSet as it is now selects `node` and tolerates its taints (the test's own reading of the rules). */
function eligible(ds: DaemonSet, node: Node): boolean {
  const spec = ds.spec!.template.spec;
  if (Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => node.metadata.labels?.[k] !== v)) return false;
  const tolerates = (key: string) => (spec.tolerations ?? []).some((t) => t.key === key);
  return (node.spec?.taints ?? []).every((taint) => tolerates(taint.key));
}

describe('the daemonset-controller, under random changes to its template and to the nodes', () => {
  it('never has two live pods for a node, never makes one for a node it does not select or tolerate, and settles on one current pod per eligible node', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000 }), fc.array(step, { maxLength: 10 }), fc.integer({ min: 1, max: 1000 }), (readyAfterMs, steps, seed) => {
        const cluster = labCluster({ workers: 2, seed, kubelet: standInKubelet({ readyAfterMs }) });
        const violations: string[] = [];
        cluster.etcd.onChange((change) => {
          if (change.object.kind !== 'Pod' || change.object.metadata.labels?.['name'] !== 'fluentd-elasticsearch') return;
          const pod = change.object as Pod;
          const target = pinnedTo(pod) ?? '';
          if (change.type === 'ADDED') {
            const ds = cluster.etcd.get<DaemonSet>('DaemonSet', 'default', 'fluentd-elasticsearch')!;
            const nodeObject = cluster.etcd.get<Node>('Node', undefined, target);
            if (!nodeObject || !eligible(ds, nodeObject)) violations.push(`a pod made for ${target}, which the DaemonSet does not select or tolerate`);
          }
          const onNode = daemonPods(cluster).filter((other) => live(other) && pinnedTo(other) === target);
          if (onNode.length > 1) violations.push(`${onNode.length} live pods for ${target}`);
        });
        const patch = (body: unknown) => call(cluster, { verb: 'patch', group: 'apps', resource: 'daemonsets', namespace: 'default', name: 'fluentd-elasticsearch', patchType: 'strategic', body });
        call(cluster, { verb: 'create', group: 'apps', resource: 'daemonsets', namespace: 'default', body: fluentdDaemonSet() });
        for (const s of steps) {
          if (s.kind === 'image') patch({ spec: { template: { spec: { containers: [{ name: 'fluentd-elasticsearch', image: `quay.io/fluentd_elasticsearch/fluentd:${s.tag}` }] } } } });
          else if (s.kind === 'selector') patch({ spec: { template: { spec: { nodeSelector: s.ssdOnly ? { disk: 'ssd' } : null } } } });
          else if (s.kind === 'tolerate') patch({ spec: { template: { spec: { tolerations: s.controlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] : [] } } } });
          else if (s.kind === 'label') {
            edit<Node>(cluster, 'Node', NODES[s.node]!, (n) => ({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, ...(s.ssd ? { disk: 'ssd' } : { disk: 'hdd' }) } } }));
          } else if (s.kind === 'taint') {
            edit<Node>(cluster, 'Node', NODES[s.node]!, (n) => ({ ...n, spec: { ...n.spec, taints: [...(n.spec?.taints ?? []).filter((t) => t.key !== DEDICATED.key), ...(s.tainted ? [DEDICATED] : [])] } }));
          } else if (s.kind === 'delete') {
            const pod = daemonPods(cluster).find((p) => live(p) && pinnedTo(p) === NODES[s.node]);
            if (pod) remove(cluster, 'Pod', pod.metadata.name);
          } else advance(cluster, s.ms);
        }
        advance(cluster, 300_000);
        expect(violations).toEqual([]);
        const ds = cluster.etcd.get<DaemonSet>('DaemonSet', 'default', 'fluentd-elasticsearch')!;
        const image = ds.spec!.template.spec.containers[0]!.image;
        const wanted = cluster.etcd.list<Node>('Node').filter((n) => eligible(ds, n)).map((n) => n.metadata.name).sort();
        const pods = daemonPods(cluster).filter(live);
        expect(pods.map((pod) => pod.spec?.nodeName).sort()).toEqual(wanted);
        expect(pods.every((pod) => pod.spec?.containers[0]?.image === image && isReady(pod))).toBe(true);
        expect(ds.status).toMatchObject({ desiredNumberScheduled: wanted.length, currentNumberScheduled: wanted.length, numberMisscheduled: 0 });
        expect(ds.status?.updatedNumberScheduled ?? 0).toBe(wanted.length);
      }),
      RUNS,
    );
  });
});
