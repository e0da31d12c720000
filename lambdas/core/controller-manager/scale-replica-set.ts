/** Resizing one of a Deployment's ReplicaSets, with the replica annotations and the ScalingReplicaSet event. */
import type { ReconcileContext } from '../controller.ts';
import type { Deployment, ReplicaSet } from '../objects.ts';
import { maxSurge } from './deployment-status.ts';
import { replicasAnnotations } from './revisions.ts';

const replicasOf = (rs: ReplicaSet) => rs.spec?.replicas ?? 0;

/** The event v1.32 records: "Scaled up replica set web-6d4b7c9f to 2 from 0". */
export function scaledEvent(deployment: Deployment, name: string, from: number, to: number, ctx: ReconcileContext): void {
  const direction = to > from ? 'up' : 'down';
  ctx.event({ involved: deployment, type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${direction} replica set ${name} to ${to} from ${from}` });
}

/** scaleReplicaSetAndRecordEvent: resizes a ReplicaSet (and its replica annotations); the event names both sizes. */
export function scaleReplicaSet(deployment: Deployment, rs: ReplicaSet, replicas: number, ctx: ReconcileContext): ReplicaSet {
  const from = replicasOf(rs);
  const desired = deployment.spec?.replicas ?? 1;
  const annotations = replicasAnnotations(rs, desired, desired + maxSurge(deployment));
  if (from === replicas && !annotations) return rs;
  const result = ctx.update({ ...rs, metadata: annotations ? { ...rs.metadata, annotations } : rs.metadata, spec: { ...rs.spec!, replicas } });
  if (!result.ok) return rs;
  if (from !== replicas) scaledEvent(deployment, rs.metadata.name, from, replicas, ctx);
  return result.object as ReplicaSet;
}

