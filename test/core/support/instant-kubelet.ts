/**
 * A TEST-ONLY stand-in for the kubelet, so the controller manager's and scheduler's tests do not
 * depend on the real kubelet's timings: every pod bound to a node whose machine is up is Running
 * at once (Ready at once, or after `readyAfterMs`, or never for an image named `*:never-ready`),
 * with an IP from the node's pod CIDR; a terminating pod on such a node is removed at once. On a
 * stopped node (faults.stoppedNodes) it does nothing, as a dead machine would. It is not the
 * kubelet, and tests say so by its name.
 */
import type { Controller, ReconcileContext } from '#core/controller.ts';
import { keyOf, objectKey } from '#core/etcd.ts';
import { rfc3339Micro } from '#core/bootstrap.ts';
import { postHealthyStatus } from '#core/kubelet/node-status.ts';
import type { Lease, Node, Pod } from '#core/objects.ts';
import { isReady } from '#core/pods.ts';
import { rfc3339 } from '#core/time.ts';

/** The stand-in with pods Ready as soon as they run. */
export const instantKubelet: Controller = standInKubelet();

/** A stand-in whose pods become Ready `readyAfterMs` after they start: rollouts then take visible steps. */
export function standInKubelet(options: { readyAfterMs?: number } = {}): Controller {
  const readyAfter = options.readyAfterMs ?? 0;
  return {
    name: 'instant-kubelet',
    component: 'kubelet',
    source: 'kubelet',
    watches: [
      { kind: 'Pod', keys: (change) => ((change.object as Pod).spec?.nodeName ? [change.key] : []) },
      // A machine coming back picks up its pods.
      { kind: 'Node', keys: (change, etcd) => etcd.podsOn(change.object.metadata.name).map(keyOf) },
    ],
    // Heart-beats like a kubelet: every running node's Lease is renewed, and a node that comes back is Ready again.
    catchUp(ctx) {
      for (const lease of ctx.etcd.list<Lease>('Lease', 'kube-node-lease')) {
        const name = lease.metadata.name;
        const renewed = Date.parse(lease.spec?.renewTime ?? '') || 0;
        if (ctx.faults.stoppedNodes[name] !== undefined) continue;
        if (ctx.now - renewed >= 10_000) ctx.update({ ...lease, spec: { ...lease.spec, renewTime: rfc3339Micro(ctx.now) } } as Lease);
        // A kubelet that is back posts its node Ready, as the real one does when it starts.
        const node = ctx.etcd.get<Node>('Node', undefined, name);
        if (node && node.status?.conditions.find((c) => c.type === 'Ready')?.status !== 'True') postHealthyStatus(ctx, node);
      }
    },
    reconcile(key, ctx) {
      const pod = ctx.etcd.getByKey<Pod>(key);
      const nodeName = pod?.spec?.nodeName;
      if (!pod || !nodeName || ctx.faults.stoppedNodes[nodeName] !== undefined) return;
      if (pod.metadata.deletionTimestamp) {
        ctx.delete('Pod', pod.metadata.namespace, pod.metadata.name);
        return;
      }
      if (pod.status?.phase === 'Pending') return run(pod, nodeName, readyAfter, ctx);
      const started = Date.parse(pod.status?.startTime ?? '');
      const neverReady = pod.spec?.containers.some((c) => c.image.endsWith(':never-ready'));
      if (!neverReady && !isReady(pod) && ctx.now >= started + readyAfter) becomeReady(pod, ctx);
    },
  };
}

function becomeReady(pod: Pod, ctx: ReconcileContext): void {
  const ts = rfc3339(ctx.now);
  const conditions = (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'True' as const, lastTransitionTime: ts } : c));
  const containerStatuses = (pod.status?.containerStatuses ?? []).map((c) => ({ ...c, ready: true }));
  ctx.update({ ...pod, status: { ...pod.status!, conditions, containerStatuses } });
}

function run(pod: Pod, nodeName: string, readyAfter: number, ctx: ReconcileContext): void {
  const node = ctx.etcd.get<Node>('Node', undefined, nodeName);
  const hostIP = node?.status?.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
  const podIP = nextPodIP(node, ctx);
  const ts = rfc3339(ctx.now);
  const keep = (pod.status?.conditions ?? []).filter((c) => c.type === 'PodScheduled');
  const ready = readyAfter === 0 && !pod.spec?.containers.some((c) => c.image.endsWith(':never-ready'));
  const status = (type: string) => (ready || type === 'PodReadyToStartContainers' || type === 'Initialized' ? 'True' : 'False') as 'True' | 'False';
  const conditions = [
    ...['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'].map((type) => ({ type, status: status(type), lastTransitionTime: ts })),
    ...keep,
  ];
  if (!ready && readyAfter > 0) ctx.after(readyAfter, objectKey('Pod', pod.metadata.namespace, pod.metadata.name));
  ctx.update({
    ...pod,
    status: {
      ...pod.status,
      phase: 'Running',
      conditions,
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: ts,
      containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: ts } },
        lastState: {},
      })),
    },
  });
}

/** The next free address of the node's pod CIDR (10.244.N.x), counting up from .2. */
function nextPodIP(node: Node | undefined, ctx: ReconcileContext): string {
  const prefix = (node?.spec?.podCIDR ?? '10.244.0.0/24').replace(/\.0\/24$/, '.');
  const used = new Set(ctx.etcd.podsOn(node?.metadata.name ?? '').map((p) => p.status?.podIP));
  for (let i = 2; i < 255; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
  return `${prefix}254`;
}
