/**
 * The live picture's HorizontalPodAutoscalers: each with its target, bounds, kubectl's TARGETS
 * cell and the CPU each of the target's pods uses now (the simulated metrics-server's), so the page
 * can draw the HPA beside its workload and a CPU gauge on its pods. Computed only when there is an
 * HPA: a cluster without one pays nothing for it.
 */
import type { Cluster } from './cluster.ts';
import { hpaTargetsText } from './hpa-text.ts';
import { matches } from './labels.ts';
import { metricsViewOf, podUsages } from './metrics-server.ts';
import type { HorizontalPodAutoscaler, KubeObject, LabelSelector, Pod } from './objects.ts';
import type { AutoscalerView } from './view.ts';
import { milli } from './api-server/quantity.ts';

type Target = KubeObject<{ readonly selector?: LabelSelector }>;

const cpuRequest = (pod: Pod) => (pod.spec?.containers ?? []).reduce((sum, c) => sum + (c.resources?.requests?.['cpu'] === undefined ? Number.NaN : milli(c.resources.requests['cpu'])), 0);

/** Every HPA of the cluster as the picture draws it. */
export function autoscalerViews(cluster: Cluster): AutoscalerView[] {
  const hpas = cluster.etcd.list<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');
  if (hpas.length === 0) return [];
  const usages = podUsages(metricsViewOf(cluster));
  return hpas.map((hpa) => {
    const namespace = hpa.metadata.namespace ?? 'default';
    const ref = hpa.spec?.scaleTargetRef;
    const target = ref ? cluster.etcd.get<Target>(ref.kind, namespace, ref.name) : undefined;
    const pods = usages
      .filter((u) => target && u.pod.metadata.namespace === namespace && matches(target.spec?.selector, u.pod.metadata.labels))
      .map((u) => {
        const millicores = u.containers.reduce((sum, c) => sum + c.millicores, 0);
        const request = cpuRequest(u.pod);
        return { name: u.pod.metadata.name, cpu: `${millicores}m`, ...(request > 0 ? { percent: Math.trunc((millicores * 100) / request) } : {}) };
      });
    const condition = (type: string, status: string) => hpa.status?.conditions?.find((c) => c.type === type && c.status === status);
    const limited = condition('ScalingLimited', 'True')?.reason;
    const inactive = condition('ScalingActive', 'False')?.message;
    return {
      namespace,
      name: hpa.metadata.name,
      target: `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      targets: hpaTargetsText(hpa),
      min: hpa.spec?.minReplicas ?? 1,
      max: hpa.spec?.maxReplicas ?? 0,
      current: hpa.status?.currentReplicas ?? 0,
      desired: hpa.status?.desiredReplicas ?? 0,
      ...(limited ? { limited } : {}),
      ...(inactive ? { inactive } : {}),
      pods,
    };
  });
}
