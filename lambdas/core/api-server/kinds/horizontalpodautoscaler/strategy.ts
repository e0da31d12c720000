/**
 * HorizontalPodAutoscaler (pkg/registry/autoscaling/horizontalpodautoscaler), stored as
 * autoscaling/v2: SetDefaults_HorizontalPodAutoscaler (minReplicas 1, a CPU utilization target of
 * 80% when no metric is given, and a given behavior's missing rules and fields from the defaults),
 * a first status of `desiredReplicas: 0` that the horizontal-pod-autoscaler controller fills in,
 * and ValidateHorizontalPodAutoscaler's spec checks in v1.32's words, on create and update alike.
 */
import type { StatusCause } from '../../field-errors.ts';
import { forbidden, invalid, notSupported, required } from '../../field-errors.ts';
import { quantityOf } from '../../quantity.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

/** The CPU utilization an HPA without metrics targets (autoscaling.DefaultCPUUtilization). */
export const DEFAULT_CPU_UTILIZATION = 80;
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELDS: Readonly<Record<string, string>> = { ContainerResource: 'containerResource', External: 'external', Object: 'object', Pods: 'pods', Resource: 'resource' };
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];

const set = (value: unknown) => value !== undefined && value !== null;
const specOf = (hpa: WireObject): Json => (isObject(hpa.spec) ? hpa.spec : {});

/** GenerateHPAScaleUpRules' and GenerateHPAScaleDownRules' defaults. */
export const DEFAULT_SCALE_UP = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] } as const;
export const DEFAULT_SCALE_DOWN = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } as const;

function defaultRules(given: unknown, defaults: typeof DEFAULT_SCALE_UP | typeof DEFAULT_SCALE_DOWN): Json {
  const rules = isObject(given) ? given : {};
  if (!set(rules['stabilizationWindowSeconds'])) rules['stabilizationWindowSeconds'] = defaults.stabilizationWindowSeconds;
  if (!set(rules['selectPolicy'])) rules['selectPolicy'] = defaults.selectPolicy;
  if (!set(rules['policies'])) rules['policies'] = defaults.policies.map((p) => ({ ...p }));
  return rules;
}

/** SetDefaults_HorizontalPodAutoscaler (autoscaling/v2). */
export function defaultHorizontalPodAutoscalerSpec(spec: Json): void {
  if (!set(spec['minReplicas'])) spec['minReplicas'] = 1;
  if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0) {
    spec['metrics'] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  if (isObject(spec['behavior'])) {
    const behavior = spec['behavior'];
    behavior['scaleUp'] = defaultRules(behavior['scaleUp'], DEFAULT_SCALE_UP);
    behavior['scaleDown'] = defaultRules(behavior['scaleDown'], DEFAULT_SCALE_DOWN);
  }
}

// pathvalidation.IsValidPathSegmentName.
function pathSegmentErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

function validateReference(ref: Json, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const field of ['kind', 'name']) {
    const value = typeof ref[field] === 'string' ? (ref[field] as string) : '';
    if (!value) causes.push(required(`${path}.${field}`));
    else causes.push(...pathSegmentErrors(value).map((message) => invalid(`${path}.${field}`, value, message)));
  }
  return causes;
}

const positive = (value: unknown) => {
  const quantity = quantityOf(value);
  return quantity !== undefined && quantity.nanos > 0n;
};

function validateTarget(target: Json, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const type = target['type'];
  if (!type) causes.push(required(`${path}.type`, 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') causes.push(invalid(`${path}.type`, String(type ?? ''), 'must be either Utilization, Value, or AverageValue'));
  if (set(target['value']) && !positive(target['value'])) causes.push(invalid(`${path}.value`, String(target['value']), 'must be positive'));
  if (set(target['averageValue']) && !positive(target['averageValue'])) causes.push(invalid(`${path}.averageValue`, String(target['averageValue']), 'must be positive'));
  const utilization = target['averageUtilization'];
  if (typeof utilization === 'number' && utilization < 1) causes.push(invalid(`${path}.averageUtilization`, utilization, 'must be greater than 0'));
  return causes;
}

// validateResourceSource and validateContainerResourceSource.
function validateResourceSource(source: Json, path: string, container: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!source['name']) causes.push(required(`${path}.name`, 'must specify a resource name'));
  if (container && !source['container']) causes.push(required(`${path}.container`, 'must specify a container'));
  const target = isObject(source['target']) ? source['target'] : {};
  causes.push(...validateTarget(target, `${path}.target`));
  if (!set(target['averageUtilization']) && !set(target['averageValue'])) causes.push(required(`${path}.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
  if (set(target['averageUtilization']) && set(target['averageValue'])) causes.push(forbidden(`${path}.target.averageValue`, 'may not set both a target raw value and a target utilization'));
  return causes;
}

function validateMetric(metric: Json, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const type = typeof metric['type'] === 'string' ? metric['type'] : '';
  if (!type) causes.push(required(`${path}.type`, 'must specify a metric source type'));
  if (!SOURCE_TYPES.includes(type)) causes.push(notSupported(`${path}.type`, type, SOURCE_TYPES));
  const present = Object.values(SOURCE_FIELDS).filter((field) => set(metric[field]));
  const expected = SOURCE_FIELDS[type];
  if (expected && !set(metric[expected])) causes.push(required(`${path}.${expected}`, 'must populate information for the given metric source'));
  if (present.length !== 1) for (const field of present.filter((f) => f !== expected)) causes.push(forbidden(`${path}.${field}`, 'must populate the given metric source only'));
  if (isObject(metric['resource'])) causes.push(...validateResourceSource(metric['resource'], `${path}.resource`, false));
  if (isObject(metric['containerResource'])) causes.push(...validateResourceSource(metric['containerResource'], `${path}.containerResource`, true));
  for (const field of ['pods', 'object', 'external']) {
    const source = metric[field];
    if (isObject(source)) causes.push(...validateTarget(isObject(source['target']) ? source['target'] : {}, `${path}.${field}.target`));
  }
  return causes;
}

function validateRules(rules: unknown, path: string): StatusCause[] {
  if (!isObject(rules)) return [];
  const causes: StatusCause[] = [];
  const window = rules['stabilizationWindowSeconds'];
  if (typeof window === 'number' && window < 0) causes.push(invalid(`${path}.stabilizationWindowSeconds`, window, 'must be greater than or equal to zero'));
  if (typeof window === 'number' && window > MAX_STABILIZATION_WINDOW_SECONDS) causes.push(invalid(`${path}.stabilizationWindowSeconds`, window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  const select = rules['selectPolicy'];
  if (set(select) && !SELECT_POLICIES.includes(String(select))) causes.push(notSupported(`${path}.selectPolicy`, String(select), SELECT_POLICIES));
  const policies = Array.isArray(rules['policies']) ? rules['policies'] : [];
  if (policies.length === 0) causes.push(required(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((policy: unknown, i) => {
    const p = isObject(policy) ? policy : {};
    const at = `${path}.policies[${i}]`;
    if (!POLICY_TYPES.includes(String(p['type'] ?? ''))) causes.push(notSupported(`${at}.type`, String(p['type'] ?? ''), POLICY_TYPES));
    const value = typeof p['value'] === 'number' ? p['value'] : 0;
    const period = typeof p['periodSeconds'] === 'number' ? p['periodSeconds'] : 0;
    if (value <= 0) causes.push(invalid(`${at}.value`, value, 'must be greater than zero'));
    if (period <= 0) causes.push(invalid(`${at}.periodSeconds`, period, 'must be greater than zero'));
    if (period > MAX_PERIOD_SECONDS) causes.push(invalid(`${at}.periodSeconds`, period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return causes;
}

/** validateHorizontalPodAutoscalerSpec (minReplicas at least 1: the HPAScaleToZero gate is off in v1.32). */
export function validateHorizontalPodAutoscalerSpec(spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const min = spec['minReplicas'];
  const max = typeof spec['maxReplicas'] === 'number' ? spec['maxReplicas'] : 0;
  if (typeof min === 'number' && min < 1) causes.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) causes.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min) causes.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const refCauses = validateReference(isObject(spec['scaleTargetRef']) ? spec['scaleTargetRef'] : {}, 'spec.scaleTargetRef');
  if (refCauses.length) causes.push(...refCauses);
  else {
    const metrics = Array.isArray(spec['metrics']) ? spec['metrics'] : [];
    metrics.forEach((metric: unknown, i) => causes.push(...validateMetric(isObject(metric) ? metric : {}, `spec.metrics[${i}]`)));
  }
  const behavior = isObject(spec['behavior']) ? spec['behavior'] : {};
  causes.push(...validateRules(behavior['scaleUp'], 'spec.behavior.scaleUp'), ...validateRules(behavior['scaleDown'], 'spec.behavior.scaleDown'));
  return causes;
}

export const horizontalPodAutoscalerStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (hpa) => {
    if (isObject(hpa.spec)) defaultHorizontalPodAutoscalerSpec(hpa.spec);
  },
  prepareForCreate: (hpa) => {
    hpa.status = { desiredReplicas: 0 };
  },
  validate: (hpa) => validateHorizontalPodAutoscalerSpec(specOf(hpa)),
  validateUpdate: (hpa) => validateHorizontalPodAutoscalerSpec(specOf(hpa)),
  zeroObject: () => ({ metadata: {}, spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 }, status: { desiredReplicas: 0 } }),
};
