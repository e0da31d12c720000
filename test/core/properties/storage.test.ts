/**
 * Invariants of the persistent-volume binder under random sequences of claims, volumes made by
 * hand, pods and deletes (fast-check), with the scheduler, the CSI provisioner and the real
 * kubelet: a volume is bound to at most one claim, and a bound claim's volume names it back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '#core/objects.ts';
import { call } from '../api-server/fixtures.ts';
import { advance, labCluster } from '../support/lab.ts';
import { claimManifest, podWithClaim } from '../support/storage.ts';

const RUNS = { numRuns: 20 };
const CLAIMS = ['a', 'b', 'c'];
const CLASSES = ['standard', 'manual', 'fast'];

type Step =
  | { readonly op: 'claim'; readonly name: string; readonly storageClass: string; readonly size: number }
  | { readonly op: 'volume'; readonly name: string; readonly size: number }
  | { readonly op: 'pod'; readonly name: string; readonly claim: string }
  | { readonly op: 'delete-claim'; readonly name: string }
  | { readonly op: 'delete-pod'; readonly name: string }
  | { readonly op: 'wait'; readonly ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('claim' as const), name: fc.constantFrom(...CLAIMS), storageClass: fc.constantFrom(...CLASSES), size: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('volume' as const), name: fc.constantFrom('v1', 'v2', 'v3'), size: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('pod' as const), name: fc.constantFrom('p1', 'p2', 'p3'), claim: fc.constantFrom(...CLAIMS) }),
  fc.record({ op: fc.constant('delete-claim' as const), name: fc.constantFrom(...CLAIMS) }),
  fc.record({ op: fc.constant('delete-pod' as const), name: fc.constantFrom('p1', 'p2', 'p3') }),
  fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 100, max: 40_000 }) }),
);

function run(cluster: Cluster, s: Step): void {
  const ns = { namespace: 'default' };
  if (s.op === 'claim') call(cluster, { verb: 'create', resource: 'persistentvolumeclaims', ...ns, body: claimManifest(s.name, { storageClassName: s.storageClass, resources: { requests: { storage: `${s.size}Gi` } } }) });
  else if (s.op === 'volume') {
    const body = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: s.name }, spec: { storageClassName: 'manual', capacity: { storage: `${s.size}Gi` }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/mnt/${s.name}` } } };
    call(cluster, { verb: 'create', resource: 'persistentvolumes', body });
  } else if (s.op === 'pod') call(cluster, { verb: 'create', resource: 'pods', ...ns, body: podWithClaim(s.name, s.claim, 'echo x > /data/x; sleep 30') });
  else if (s.op === 'delete-claim') call(cluster, { verb: 'delete', resource: 'persistentvolumeclaims', ...ns, name: s.name });
  else if (s.op === 'delete-pod') call(cluster, { verb: 'delete', resource: 'pods', ...ns, name: s.name });
  else advance(cluster, s.ms);
}

/** At every write: no two claims name the same volume, and no claim is named by two volumes. */
function checkAtMostOne(cluster: Cluster): void {
  const claims = cluster.etcd.list<PersistentVolumeClaim>('PersistentVolumeClaim', 'default');
  const named = claims.flatMap((c) => (c.spec?.volumeName ? [c.spec.volumeName] : []));
  expect(new Set(named).size).toBe(named.length);
  const refs = cluster.etcd.list<PersistentVolume>('PersistentVolume').flatMap((v) => (v.spec?.claimRef?.uid ? [v.spec.claimRef.uid] : []));
  expect(new Set(refs).size).toBe(refs.length);
}

/** Once the controllers have settled (between requests, as a learner sees it): bindings name each other both ways. */
function checkBindings(cluster: Cluster): void {
  checkAtMostOne(cluster);
  const volumes = cluster.etcd.list<PersistentVolume>('PersistentVolume');
  const claims = cluster.etcd.list<PersistentVolumeClaim>('PersistentVolumeClaim', 'default');
  for (const claim of claims) {
    if (claim.status?.phase !== 'Bound') continue;
    // A bound claim's volume names it back, by uid.
    const pv = volumes.find((v) => v.metadata.name === claim.spec?.volumeName);
    expect(pv?.spec?.claimRef?.uid, `volume of ${claim.metadata.name}`).toBe(claim.metadata.uid);
  }
  for (const pv of volumes) {
    if (pv.status?.phase !== 'Bound') continue;
    const claim = claims.find((c) => c.metadata.uid === pv.spec?.claimRef?.uid);
    expect(claim?.spec?.volumeName, `claim of ${pv.metadata.name}`).toBe(pv.metadata.name);
  }
}

describe('the persistent-volume binder, under random claims, volumes, pods and deletes', () => {
  it('binds a volume to at most one claim, and a bound claim’s volume names it back', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 14 }), fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        const cluster = labCluster({ kubelet: 'real', seed });
        call(cluster, { verb: 'create', group: 'storage.k8s.io', resource: 'storageclasses', body: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'local.csi.kubelab.dev' } });
        cluster.etcd.onChange(() => checkAtMostOne(cluster));
        for (const s of steps) {
          run(cluster, s);
          checkBindings(cluster);
        }
        advance(cluster, 60_000);
        checkBindings(cluster);
      }),
      RUNS,
    );
  });
});
