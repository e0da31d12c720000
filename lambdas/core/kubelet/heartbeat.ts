/**
 * Node heartbeats: every running kubelet renews its Lease in kube-node-lease every 10 s and
 * reports node status (lastHeartbeatTime) every 5 min when nothing changed, as a v1.32 kubelet
 * does. Renewals fall on a fixed grid of simulated time (each node a little offset, so renewTimes
 * look like a real cluster's), and only the latest due renewal is written: catching up a day in
 * one request writes each lease once, and a stopped node's lease simply stops moving.
 */
import { rfc3339Micro } from '../bootstrap.ts';
import { fnv1a32 } from '../container-runtime/hash.ts';
import type { ReconcileContext } from '../controller.ts';
import type { Lease, Node } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import { scaled } from '../timings.ts';

/** The latest moment at or before `now` on `node`'s grid of `intervalMs`. */
export function lastDue(node: Node, now: number, intervalMs: number): number {
  const offset = fnv1a32(node.metadata.uid) % Math.min(1000, intervalMs);
  return Math.floor((now - offset) / intervalMs) * intervalMs + offset;
}

/** Brings every running kubelet's heartbeats up to `ctx.now`; returns at once when none is due. */
export function catchUpHeartbeats(ctx: ReconcileContext): void {
  const state = ctx.runtime;
  const leaseDue = ctx.now >= state.nextLeaseAt;
  const reportDue = ctx.now >= state.nextReportAt;
  if (!leaseDue && !reportDue) return;
  const leaseEvery = scaled(ctx.timings.leaseRenewMs, ctx.speed);
  const reportEvery = scaled(ctx.timings.nodeStatusReportMs, ctx.speed);
  let nextLease = Infinity;
  let nextReport = Infinity;
  for (const node of ctx.etcd.list<Node>('Node')) {
    if (ctx.faults.stoppedNodes[node.metadata.name] !== undefined) continue;
    const lease = lastDue(node, ctx.now, leaseEvery);
    const report = lastDue(node, ctx.now, reportEvery);
    if (leaseDue) renewLease(ctx, node, lease);
    if (reportDue) reportStatus(ctx, node, report);
    nextLease = Math.min(nextLease, lease + leaseEvery);
    nextReport = Math.min(nextReport, report + reportEvery);
  }
  if (leaseDue) state.nextLeaseAt = nextLease;
  if (reportDue) state.nextReportAt = nextReport;
}

/** Makes the next catch-up look at every node again (a kubelet has come back). */
export function heartbeatsChanged(ctx: { readonly runtime: ReconcileContext['runtime'] }): void {
  ctx.runtime.nextLeaseAt = 0;
  ctx.runtime.nextReportAt = 0;
}

/** Renews `node`'s Lease to `at`, if it is older (or creates it, as a kubelet registering does). */
export function renewLease(ctx: ReconcileContext, node: Node, at: number): void {
  const name = node.metadata.name;
  const lease = ctx.etcd.get<Lease>('Lease', 'kube-node-lease', name);
  if (!lease) {
    ctx.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease', uid: ctx.newUid(), resourceVersion: '', creationTimestamp: rfc3339(at), ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }] },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(at) },
    } as Lease);
    return;
  }
  const renewed = lease.spec?.renewTime ? Date.parse(lease.spec.renewTime) : -Infinity;
  if (renewed >= at) return;
  ctx.update({ ...lease, spec: { ...lease.spec, renewTime: rfc3339Micro(at) } } as Lease);
}

/** The kubelet's periodic node status report: every condition's lastHeartbeatTime moves to `at`. */
function reportStatus(ctx: ReconcileContext, node: Node, at: number): void {
  const status = node.status;
  if (!status) return;
  const stamp = rfc3339(at);
  const stale = status.conditions.some((c) => c.lastHeartbeatTime !== undefined && Date.parse(c.lastHeartbeatTime) < Math.floor(at / 1000) * 1000);
  if (!stale) return;
  ctx.update({ ...node, status: { ...status, conditions: status.conditions.map((c) => ({ ...c, lastHeartbeatTime: stamp })) } });
}
