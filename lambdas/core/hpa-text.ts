/**
 * An HPA's TARGETS as v1.32's formatHPAMetrics writes them (`cpu: 12%/50%`, `memory:
 * 10Mi/100Mi`, `<unknown>` before a current value): shared by the printer and the live picture,
 * which is in the course API's bundle where the printers are not.
 */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus, MetricTarget } from './objects.ts';

const MAX_SHOWN = 2;

function resourceText(name: string, target: MetricTarget, current: MetricStatus['resource']): string {
  if (target.averageValue !== undefined) return `${name}: ${current?.current.averageValue ?? '<unknown>'}/${target.averageValue}`;
  const now = current?.current.averageUtilization;
  const goal = target.averageUtilization === undefined ? '<auto>' : `${target.averageUtilization}%`;
  return `${name}: ${now === undefined ? '<unknown>' : `${now}%`}/${goal}`;
}

function metricText(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'Resource':
      return spec.resource ? resourceText(spec.resource.name, spec.resource.target, status?.resource) : '<unknown type>';
    case 'ContainerResource':
      return spec.containerResource ? resourceText(spec.containerResource.name, spec.containerResource.target, status?.containerResource) : '<unknown type>';
    case 'Pods':
      return `<unknown>/${spec.pods?.target.averageValue ?? ''}`;
    case 'Object':
      return `<unknown>/${spec.object?.target.value ?? spec.object?.target.averageValue ?? ''}`;
    case 'External':
      return `<unknown>/${spec.external?.target.value ?? spec.external?.target.averageValue ?? ''}`;
    default:
      return '<unknown type>';
  }
}

/** The TARGETS cell. */
export function hpaTargetsText(hpa: HorizontalPodAutoscaler): string {
  const specs = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const list = specs.map((spec, i) => metricText(spec, statuses[i]));
  const shown = list.slice(0, MAX_SHOWN).join(', ');
  return list.length > MAX_SHOWN ? `${shown} + ${list.length - MAX_SHOWN} more...` : shown;
}
