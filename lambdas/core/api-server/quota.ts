/**
 * The learner's quota: how many objects and pods one simulated cluster may hold, so its stored
 * snapshot stays inside one DynamoDB item. Past it, creates are refused as a ResourceQuota
 * refuses them (403 Forbidden, "exceeded quota: ..."), whoever creates: the API server for a
 * learner's request, or a controller (the ReplicaSet controller then records FailedCreate).
 *
 * Measured sizes (gzip of the JSON snapshot, as adapters/dynamo/cluster-store.ts stores it;
 * test/core/api-server/quota.test.ts rebuilds the full cluster and checks the bound): a new
 * cluster (40 objects, 10 pods) is ~11 KB (88 KB of JSON); at the default quota, with 100 pods of
 * four containers each (the seed lab's shape), 300 objects, the 400 events the recorder keeps
 * and a full watch change log, it is ~85 KB (~1 MB of JSON), a quarter of the 350 KB
 * KUBELAB_MAX_CLUSTER_BYTES bound under DynamoDB's 400 KB item limit.
 */
import type { Etcd } from '../etcd.ts';
import type { KubeObject } from '../objects.ts';

/** Per-cluster limits, stored with the snapshot. */
export interface QuotaSettings {
  /** Stored objects of every kind but Event (events have their own bound, MAX_EVENTS). */
  readonly objects: number;
  readonly pods: number;
}

/** Defaults that keep a cluster at the quota well inside DynamoDB's 400 KB item (see above). */
export const DEFAULT_QUOTA: QuotaSettings = { objects: 300, pods: 100 };

/** The name the refusal gives the quota, as a ResourceQuota object's name appears in its message. */
export const QUOTA_NAME = 'kubelab-learner';

/** The resource names the refusal reports, as ResourceQuota names object counts. */
const OBJECTS = 'count/objects';
const PODS = 'pods';

/**
 * Why creating `object` would exceed the quota (the text after "is forbidden: "), or undefined
 * when it fits. Events never count: they expire, and refusing them would hide the story.
 */
export function quotaRefusal(etcd: Etcd, quota: QuotaSettings, object: KubeObject): string | undefined {
  if (object.kind === 'Event') return undefined;
  // Asked for every create (100,000 of them from the ReplicaSet controller at scale): the common answer first.
  const objects = etcd.size - etcd.count('Event');
  if (objects + 1 <= quota.objects && (object.kind !== 'Pod' || etcd.count('Pod') + 1 <= quota.pods)) return undefined;
  const used = new Map<string, [number, number]>([[OBJECTS, [objects, quota.objects]]]);
  if (object.kind === 'Pod') used.set(PODS, [etcd.count('Pod'), quota.pods]);
  const exceeded = [...used].filter(([, [count, limit]]) => count + 1 > limit).sort(([a], [b]) => (a < b ? -1 : 1));
  if (exceeded.length === 0) return undefined;
  const list = (f: (count: number, limit: number) => number) => exceeded.map(([name, [count, limit]]) => `${name}=${f(count, limit)}`).join(',');
  return `exceeded quota: ${QUOTA_NAME}, requested: ${list(() => 1)}, used: ${list((c) => c)}, limited: ${list((_, l) => l)}`;
}
