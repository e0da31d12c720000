/**
 * hpaScaled: a HorizontalPodAutoscaler targets a workload within the bounds the step asks for and
 * has scaled it up under load. It reads what `kubectl describe hpa` shows: the target, min and
 * max, the CPU target, the ScalingActive condition (why it cannot compute, such as pods without CPU
 * requests) and the SuccessfulRescale events (or a current replica count above the minimum). With
 * `applyLoad`, an HPA that has not scaled yet is tried on a copy of the cluster: the walkthrough's
 * load generator against the Service in front of the target, for `loadSeconds` of simulated time;
 * the learner's cluster is left as it was.
 */
import type { Cluster } from '#core/cluster.ts';
import type { Etcd } from '#core/etcd.ts';
import { mapSelects } from '#core/labels.ts';
import type { HorizontalPodAutoscaler, KubeEvent, KubeObject, LabelSelector, Service } from '#core/objects.ts';
import { apply } from './cluster-actions.ts';
import type { Finding } from './cluster-checks.ts';
import type { Check, Manifest } from './exercise-schema.ts';
import { isTerminating, nameList, plural } from './workloads.ts';

type HpaCheck = Extract<Check, { type: 'hpaScaled' }>;
type Target = KubeObject<{ replicas?: number; selector?: LabelSelector; template?: { metadata?: { labels?: Record<string, string> } } }>;

const cpuTarget = (hpa: HorizontalPodAutoscaler) => hpa.spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.target.averageUtilization;
const targetText = (hpa: HorizontalPodAutoscaler) => `${hpa.spec?.scaleTargetRef.kind ?? ''} "${hpa.spec?.scaleTargetRef.name ?? ''}"`;

/** The sizes the HPA's SuccessfulRescale events set, oldest first. */
function rescales(etcd: Etcd, hpa: HorizontalPodAutoscaler): number[] {
  return etcd
    .list<KubeEvent>('Event', hpa.metadata.namespace)
    .filter((e) => e.reason === 'SuccessfulRescale' && e.involvedObject.kind === 'HorizontalPodAutoscaler' && e.involvedObject.name === hpa.metadata.name)
    .map((e) => Number(/^New size: (\d+);/.exec(e.message)?.[1] ?? 0));
}

/** How far it scaled above its minimum: the largest size it set, or its current count. */
function scaledTo(etcd: Etcd, hpa: HorizontalPodAutoscaler): number | undefined {
  const min = hpa.spec?.minReplicas ?? 1;
  const largest = Math.max(0, ...rescales(etcd, hpa), hpa.status?.currentReplicas ?? 0);
  return largest > min ? largest : undefined;
}

function misfit(hpa: HorizontalPodAutoscaler, check: HpaCheck): string | undefined {
  const want = check.hpa;
  const ref = hpa.spec?.scaleTargetRef;
  if (want.name !== undefined && hpa.metadata.name !== want.name) return `it is not named "${want.name}"`;
  if (want.target !== undefined && (ref?.name !== want.target || ref.kind !== want.targetKind)) return `it targets ${targetText(hpa)}`;
  return undefined;
}

/** The walkthrough's load generator, sending to `service` until the copy's clock stops. */
function loadGenerator(namespace: string, service: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'kubelab-check-load', namespace },
    spec: { restartPolicy: 'Never', containers: [{ name: 'load', image: 'busybox:1.28', command: ['/bin/sh', '-c', `while sleep 0.01; do wget -q -O- http://${service}; done`] }] },
  } as Manifest;
}

// Under simulated load on a copy: the size it reached, or why it could not be tried.
function underLoad(cluster: Cluster, hpa: HorizontalPodAutoscaler, seconds: number): { scaledTo?: number; why?: string } {
  const ref = hpa.spec?.scaleTargetRef;
  const namespace = hpa.metadata.namespace ?? 'default';
  const target = ref ? cluster.etcd.get<Target>(ref.kind, namespace, ref.name) : undefined;
  const labels = target?.spec?.template?.metadata?.labels;
  const service = cluster.etcd.list<Service>('Service', namespace).find((s) => s.spec?.selector && mapSelects(s.spec.selector, labels));
  if (!service) return { why: `no Service selects the pods of ${targetText(hpa)}, so no load can reach them; expose it (kubectl expose deployment ${ref?.name ?? ''} --port=80)` };
  const copy = cluster.fork();
  apply(copy, loadGenerator(namespace, service.metadata.name));
  copy.advanceTo(copy.now + seconds * 1000);
  const after = copy.etcd.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', namespace, hpa.metadata.name);
  const reached = after && scaledTo(copy.etcd, after);
  return reached ? { scaledTo: reached } : { why: `it did not scale ${targetText(hpa)} up under ${seconds} s of simulated load (${after?.status?.conditions?.find((c) => c.type === 'ScalingActive')?.message ?? 'no metrics'})` };
}

function finding(cluster: Cluster, hpa: HorizontalPodAutoscaler, check: HpaCheck): Finding {
  const name = `HorizontalPodAutoscaler "${hpa.metadata.name}"`;
  const min = hpa.spec?.minReplicas ?? 1;
  const max = hpa.spec?.maxReplicas ?? 0;
  if ((check.minReplicas !== undefined && min !== check.minReplicas) || (check.maxReplicas !== undefined && max !== check.maxReplicas)) {
    const wanted = `${check.minReplicas ?? min} to ${check.maxReplicas ?? max}`;
    return { passed: false, message: `${name} keeps ${targetText(hpa)} between ${min} and ${max} pods; this step needs ${wanted} (kubectl edit hpa ${hpa.metadata.name}, or delete it and autoscale again with --min and --max)` };
  }
  const cpu = cpuTarget(hpa);
  if (check.cpuUtilization !== undefined && cpu !== check.cpuUtilization) {
    return { passed: false, message: `${name} targets ${cpu === undefined ? 'no CPU utilization' : `${cpu}% CPU utilization`}; this step needs ${check.cpuUtilization}% (kubectl autoscale ... --cpu-percent=${check.cpuUtilization})` };
  }
  const bounds = `keeps ${targetText(hpa)} between ${min} and ${max} pods`;
  if (!check.scaledUp) return { passed: true, message: `${name} ${bounds}` };
  const inactive = hpa.status?.conditions?.find((c) => c.type === 'ScalingActive' && c.status === 'False');
  const reached = scaledTo(cluster.etcd, hpa);
  if (reached) return { passed: true, message: `${name} ${bounds} and has scaled it up to ${reached}` };
  if (check.applyLoad) {
    const tried = underLoad(cluster, hpa, check.loadSeconds);
    if (tried.scaledTo) return { passed: true, message: `${name} ${bounds} and scaled it up to ${tried.scaledTo} under simulated load` };
    return { passed: false, message: `${name} ${bounds}, but ${tried.why}` };
  }
  if (inactive) return { passed: false, message: `${name} cannot compute a replica count: ${inactive.message}; see kubectl describe hpa ${hpa.metadata.name}` };
  const current = hpa.status?.currentReplicas ?? 0;
  return { passed: false, message: `${name} ${bounds} but has not scaled it up yet (${current} ${plural(current, 'replica')}); put load on it with the load generator and watch kubectl get hpa ${hpa.metadata.name} --watch` };
}

/** A fitting HPA is within the bounds asked and has scaled its target up (under simulated load, if asked). */
export function hpaScaled(cluster: Cluster, check: HpaCheck): Finding {
  const want = check.hpa;
  const all = cluster.etcd.list<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', want.namespace).filter((hpa) => !isTerminating(hpa));
  const fitting = all.filter((hpa) => misfit(hpa, check) === undefined);
  if (fitting.length === 0) {
    const what = `HorizontalPodAutoscaler${want.name ? ` named "${want.name}"` : ''}${want.target ? ` for ${want.targetKind} "${want.target}"` : ''}`;
    const found = all.length > 0 ? ` (found ${nameList(all)}: ${all.map((hpa) => misfit(hpa, check)).join('; ')})` : '';
    const hint = want.target && want.targetKind === 'Deployment' ? `; create one with kubectl autoscale deployment ${want.target} --cpu-percent=${check.cpuUtilization ?? 50} --min=${check.minReplicas ?? 1} --max=${check.maxReplicas ?? 10}` : '';
    return { passed: false, message: `there is no ${what} in namespace "${want.namespace}"${found}${hint}` };
  }
  let first: Finding | undefined;
  for (const hpa of fitting) {
    const result = finding(cluster, hpa, check);
    if (result.passed) return result;
    first ??= result;
  }
  return first as Finding;
}
