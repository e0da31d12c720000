/**
 * The HorizontalPodAutoscaler printer, as v1.32's printHorizontalPodAutoscaler: REFERENCE is
 * Kind/name, TARGETS each metric as `cpu: 12%/50%` (`<unknown>` until the controller has a
 * current value), the first two and `+ N more...`, MINPODS `<unset>` when absent.
 */
import type { HorizontalPodAutoscaler } from '../../objects.ts';
import { hpaTargetsText } from '../../hpa-text.ts';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.ts';
import { timeSince } from './duration.ts';
import type { Printer } from './table.ts';

/** HorizontalPodAutoscalers. */
export const horizontalPodAutoscalerPrinter: Printer<HorizontalPodAutoscaler> = {
  columns: [
    NAME_COLUMN,
    /* @__PURE__ */ column('Reference', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
    /* @__PURE__ */ column('Targets', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
    /* @__PURE__ */ column('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    /* @__PURE__ */ column('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.', 0, 'integer'),
    /* @__PURE__ */ column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.', 0, 'integer'),
    AGE_COLUMN,
  ],
  cells: (hpa, now) => [
    hpa.metadata.name,
    `${hpa.spec?.scaleTargetRef.kind ?? ''}/${hpa.spec?.scaleTargetRef.name ?? ''}`,
    hpaTargetsText(hpa),
    hpa.spec?.minReplicas === undefined ? '<unset>' : String(hpa.spec.minReplicas),
    hpa.spec?.maxReplicas ?? 0,
    hpa.status?.currentReplicas ?? 0,
    timeSince(hpa.metadata.creationTimestamp, now),
  ],
};
