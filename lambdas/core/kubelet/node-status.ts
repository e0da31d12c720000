/**
 * What a kubelet posts about its own node when it starts: after its machine came back from a
 * failure, it is the kubelet (not the node lifecycle controller, which only ever marks a silent
 * node Unknown) that turns the node's conditions healthy again, with the events a real kubelet
 * records, from `kubelet` on that host: "Starting kubelet.", a Warning `Rebooted` with the new
 * boot id, one event per condition it turns ("Node worker-1 status is now: NodeHasSufficientMemory",
 * ..., "Node worker-1 status is now: NodeReady"). Idempotent: a second start of the same boot
 * changes and records nothing.
 */
import { fakeDigest } from '../container-runtime/hash.ts';
import type { ReconcileContext } from '../controller.ts';
import { HEALTHY_CONDITIONS } from '../nodes.ts';
import type { Condition, Node } from '../objects.ts';
import { rfc3339 } from '../time.ts';

/** The machine's boot id after its `boot`-th reboot (boot > 0): a stable function of the node and the boot. */
export function bootId(node: Node, boot: number): string {
  const hex = fakeDigest(`${node.metadata.uid}/boot/${boot}`).slice('sha256:'.length);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The kubelet starts on `node`'s machine after `boot` reboots: it records its start and posts a healthy status. */
export function kubeletStarted(ctx: ReconcileContext, node: Node, boot: number): void {
  if (!node.status) return;
  const name = node.metadata.name;
  const id = boot > 0 ? bootId(node, boot) : undefined;
  if (id === undefined || id === node.status.nodeInfo['bootID']) return postHealthyStatus(ctx, node);
  const record = (type: 'Normal' | 'Warning', reason: string, message: string) => ctx.event({ involved: node, type, reason, message, host: name });
  record('Normal', 'Starting', 'Starting kubelet.');
  record('Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
  record('Warning', 'Rebooted', `Node ${name} has been rebooted, boot id: ${id}`);
  postHealthyStatus(ctx, { ...node, status: { ...node.status, nodeInfo: { ...node.status.nodeInfo, bootID: id } } }, true);
}

/**
 * Sets the conditions a healthy kubelet reports, recording an event for each one that turns (as
 * the kubelet's condition setters do); writes the node if anything changed, or when `force`d.
 */
export function postHealthyStatus(ctx: ReconcileContext, node: Node, force = false): void {
  if (!node.status) return;
  const stamp = rfc3339(ctx.now);
  const turned: string[] = [];
  const conditions: Condition[] = node.status.conditions.map((condition) => {
    const healthy = HEALTHY_CONDITIONS.find((h) => h.type === condition.type);
    if (!healthy) return condition;
    if (condition.status === healthy.status) return { ...condition, lastHeartbeatTime: stamp };
    turned.push(healthy.event);
    const { event: _event, ...fields } = healthy;
    return { ...fields, lastHeartbeatTime: stamp, lastTransitionTime: stamp };
  });
  if (turned.length === 0 && !force) return;
  ctx.update({ ...node, status: { ...node.status, conditions } });
  for (const event of turned) ctx.event({ involved: node, type: 'Normal', reason: event, message: `Node ${node.metadata.name} status is now: ${event}`, host: node.metadata.name });
}
