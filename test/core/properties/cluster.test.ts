/** Invariants of the running scheduler and of etcd under random clusters (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '#core/objects.ts';
import { nodeAllocatable, podRequests } from '#core/scheduler/resources.ts';
import { Cluster } from '#core/cluster.ts';
import { apply, container, deployment, edit, labCluster, pod, remove } from '../support/lab.ts';

describe('the cluster, under random nodes and pods', () => {
  it('never binds a pod to a NotReady or cordoned node, nor beyond its allocatable', () => {
    const nodeState = fc.record({ cordoned: fc.boolean(), ready: fc.constantFrom('True', 'True', 'False'), cpu: fc.constantFrom('500m', '1', '1930m') });
    fc.assert(
      fc.property(fc.array(nodeState, { minLength: 2, maxLength: 4 }), fc.array(fc.constantFrom('100m', '250m', '500m', '900m'), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (states, requests, seed) => {
        const cluster = labCluster({ workers: states.length, seed });
        states.forEach((state, i) => {
          edit<Node>(cluster, 'Node', `worker-${i + 1}`, (n) => ({
            ...n,
            spec: { ...n.spec, unschedulable: state.cordoned },
            status: {
              ...n.status!,
              allocatable: { ...n.status!.allocatable, cpu: state.cpu },
              conditions: n.status!.conditions.map((c) => (c.type === 'Ready' ? { ...c, status: state.ready as 'True' | 'False', reason: state.ready === 'True' ? 'KubeletReady' : 'KubeletNotReady' } : c)),
            },
          }));
        });
        const bindings: Pod[] = [];
        cluster.etcd.onChange((change) => {
          const p = change.object as Pod;
          if (p.kind === 'Pod' && p.spec?.nodeName && !(change.old as Pod | undefined)?.spec?.nodeName && change.type === 'MODIFIED') bindings.push(p);
        });
        requests.forEach((cpu, i) => apply(cluster, pod(cluster, `p-${i}`, { cpu })));
        for (const bound of bindings) {
          const node = cluster.etcd.get<Node>('Node', undefined, bound.spec!.nodeName!)!;
          const state = states[Number(node.metadata.name.slice('worker-'.length)) - 1];
          expect(node.metadata.name).not.toBe('control-plane');
          expect(state?.cordoned).toBe(false);
          expect(state?.ready).toBe('True');
        }
        for (const node of cluster.etcd.list<Node>('Node')) {
          const used = cluster.etcd.podsOn(node.metadata.name).reduce((sum, p) => sum + podRequests(p).requests.milliCpu, 0);
          expect(used).toBeLessThanOrEqual(nodeAllocatable(node).milliCpu);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('gives every write a strictly greater resourceVersion than the one before', () => {
    const op = fc.oneof(
      fc.record({ do: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ do: fc.constant('pod' as const), cpu: fc.constantFrom('100m', '3') }),
      fc.record({ do: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 60_000 }) }),
      fc.record({ do: fc.constant('delete' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => {
        const cluster = labCluster({ seed });
        let last = cluster.etcd.revision;
        let decreased = false;
        cluster.etcd.onChange((change) => {
          const version = change.type === 'DELETED' ? cluster.etcd.revision : Number(change.object.metadata.resourceVersion);
          if (version <= last) decreased = true;
          last = version;
        });
        apply(cluster, deployment(cluster, 'web', { replicas: 1 }));
        ops.forEach((o, i) => {
          if (o.do === 'scale') edit(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...(d.spec as object), replicas: o.replicas } }) as typeof d);
          if (o.do === 'pod') apply(cluster, pod(cluster, `p-${i}`, { cpu: o.cpu }));
          if (o.do === 'wait') cluster.advanceTo(cluster.now + o.ms);
          if (o.do === 'delete' && cluster.etcd.get('Pod', 'default', `p-${i - 1}`)) remove(cluster, 'Pod', `p-${i - 1}`);
        });
        expect(decreased).toBe(false);
        expect(last).toBe(cluster.etcd.revision);
      }),
      { numRuns: 20 },
    );
  });

  it('comes out the same however often it is read: reads store nothing they did not have to, and what they store any later request computes too', () => {
    // Reads at any moments between two points in time (the picture's polls, kubectl gets), then a
    // write, against the same write with no reads before it: the same objects, resourceVersions,
    // events and activity. This is what lets a read of an idle cluster store nothing, and a read
    // that did change something (a pod became Running) store what every other request would
    // compute from the same stored state.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 90_000 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 1000 }), (reads, writeAt, seed) => {
        const start = labCluster({ kubelet: 'real', seed });
        apply(start, deployment(start, 'web', { replicas: 3, containers: [container('web', 'nginx:1.27', [80])] }));
        const stored = JSON.stringify(start.toSnapshot());
        const t0 = start.now;
        const read = Cluster.adopt(JSON.parse(stored));
        for (const at of [...reads].sort((a, b) => a - b)) read.lookAt(t0 + at);
        const unread = Cluster.adopt(JSON.parse(stored));
        // A write never goes back before what a read showed, whatever the wall clock says.
        const writeMoment = Math.max(t0 + writeAt, read.now);
        for (const cluster of [read, unread]) {
          cluster.bringToPresent(writeMoment - cluster.clockOffset);
          edit(cluster, 'Deployment', 'web', (d) => ({ ...d, spec: { ...(d.spec as object), replicas: 2 } }) as typeof d);
        }
        expect(JSON.stringify(read.toSnapshot())).toBe(JSON.stringify(unread.toSnapshot()));
      }),
      { numRuns: 25 },
    );
  });

  it('changes nothing when read while nothing is due, however long it was idle', () => {
    const cluster = labCluster({ kubelet: 'real', seed: 3 });
    apply(cluster, deployment(cluster, 'web', { replicas: 2, containers: [container('web', 'nginx:1.27', [80])] }));
    // Past every pod's start and the deployment's progress deadline: nothing is left to happen.
    cluster.advanceTo(cluster.now + 3_600_000);
    expect(cluster.timers.peek()).toBeUndefined();
    const revision = cluster.etcd.revision;
    for (const minutes of [1, 7, 60, 24 * 60]) cluster.lookAt(cluster.now + minutes * 60_000);
    expect(cluster.etcd.revision).toBe(revision);
    // A write still renews the leases first, as a running kubelet would have.
    cluster.bringToPresent(cluster.now + 1000);
    expect(cluster.etcd.revision).toBeGreaterThan(revision);
  });
});
