/**
 * Validation of Deployments and ReplicaSets (pkg/apis/apps/validation): the label selector, the
 * rule that it selects the template's labels, replicas, the rolling-update parameters, and on
 * update the immutable selector of apps/v1.
 */
import type { LabelSelector } from '../objects.ts';
import { matches } from '../labels.ts';
import { type StatusCause, forbidden, invalid, notSupported, required } from './field-errors.ts';
import { goIntOrString, goLabelSelector, goStringMap } from './go-values.ts';
import { isValidPercent } from './names.ts';
import { canonicalJson } from '../pods.ts';
import { validatePodSpec } from './validate-pod.ts';
import { FIELD_IMMUTABLE_MESSAGE, IS_NEGATIVE_MESSAGE, validateAnnotations, validateLabelName, validateLabels, validateNonnegative } from './validate-meta.ts';
import { containerPortWarnings } from './validate-containers.ts';
import { type Json, isObject, isWirePodSpec, listOf } from './wire.ts';

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

// decode.ts has checked a selector's fields against LabelSelector's schema, so an object is one.
function isLabelSelector(value: unknown): value is LabelSelector {
  return isObject(value);
}

function selectorOf(value: unknown): LabelSelector | undefined {
  return isLabelSelector(value) ? value : undefined;
}

/** A metav1.LabelSelector: matchLabels keys and values, matchExpressions operators and values. */
export function validateLabelSelector(selector: unknown, path: string): StatusCause[] {
  if (!isObject(selector)) return [];
  const causes = validateLabels(selector['matchLabels'], `${path}.matchLabels`);
  listOf(selector['matchExpressions'] as Json[]).forEach((expression, i) => {
    if (!isObject(expression)) return;
    const at = `${path}.matchExpressions[${i}]`;
    const operator = String(expression['operator'] ?? '');
    const values = listOf(expression['values'] as unknown[]);
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) causes.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) causes.push(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else causes.push(invalid(`${at}.operator`, operator, 'not a valid selector operator'));
    causes.push(...validateLabelName(String(expression['key'] ?? ''), `${at}.key`));
  });
  return causes;
}

function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && listOf(selector?.matchExpressions).length === 0;
}

/**
 * spec.selector, spec.replicas and spec.template shared by ReplicaSets and Deployments
 * (ValidatePodTemplateSpecForReplicaSet), StatefulSets and DaemonSets; a DaemonSet's missing
 * selector is no error of its own (it selects nothing, so the template's labels do not match).
 */
function validateSelectorAndTemplate(spec: Json, kind: string): StatusCause[] {
  const causes = validateNonnegative(spec['replicas'], 'spec.replicas');
  const selector = selectorOf(spec['selector']);
  if (!selector && kind === 'daemonset') {
    const template = isObject(spec['template']) && isObject(spec['template']['metadata']) ? spec['template']['metadata'] : {};
    causes.push(invalid('spec.template.metadata.labels', goStringMap(template['labels'] as Record<string, string> | undefined), '`selector` does not match template `labels`'));
  } else if (!selector) causes.push(required('spec.selector'));
  else {
    causes.push(...validateLabelSelector(selector, 'spec.selector'));
    if (isEmptySelector(selector)) causes.push(invalid('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${kind}`));
  }
  const template = spec['template'];
  if (!isObject(template)) {
    causes.push(required('spec.template'));
    return causes;
  }
  const meta = isObject(template['metadata']) ? template['metadata'] : {};
  const labels = (isObject(meta['labels']) ? meta['labels'] : undefined) as Record<string, string> | undefined;
  if (selector && !isEmptySelector(selector) && !matches(selector, labels)) {
    causes.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
  }
  causes.push(...validateLabels(labels, 'spec.template.metadata.labels'));
  causes.push(...validateAnnotations(meta['annotations'], 'spec.template.metadata.annotations'));
  const podSpec = isWirePodSpec(template['spec']) ? template['spec'] : { containers: [] };
  causes.push(...validatePodSpec(podSpec, 'spec.template.spec'));
  const restart = String(podSpec.restartPolicy ?? '');
  if (restart && restart !== 'Always') causes.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    causes.push(forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kind === 'daemonset' ? 'DaemonSet' : 'ReplicaSet'} is not Supported`));
  }
  causes.push(...validateNonnegative(spec['minReadySeconds'], 'spec.minReadySeconds'));
  return causes;
}

type IntOrString = number | string | undefined;

/** An int-or-percent value: a non-negative int, or a percent string ("25%") of at most 100%. */
export function validateIntOrPercent(value: IntOrString, path: string): StatusCause[] {
  if (typeof value === 'string') {
    const errors = isValidPercent(value);
    if (errors.length) return errors.map((message) => invalid(path, value, message));
    if (Number.parseInt(value, 10) > 100) return [invalid(path, value, 'must not be greater than 100%')];
    return [];
  }
  if (typeof value === 'number' && value < 0) return [invalid(path, value, IS_NEGATIVE_MESSAGE)];
  return [];
}

const isZero = (value: IntOrString) => value === 0 || value === '0%' || value === undefined;

function validateStrategy(strategy: unknown): StatusCause[] {
  if (!isObject(strategy)) return [];
  const type = String(strategy['type'] ?? '');
  const rolling = strategy['rollingUpdate'];
  if (type === 'Recreate') return isObject(rolling) ? [forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'")] : [];
  if (type !== 'RollingUpdate') return [notSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate'])];
  if (!isObject(rolling)) return [required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil')];
  const maxSurge = rolling['maxSurge'] as IntOrString;
  const maxUnavailable = rolling['maxUnavailable'] as IntOrString;
  const causes = [
    ...validateIntOrPercent(maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'),
    ...validateIntOrPercent(maxSurge, 'spec.strategy.rollingUpdate.maxSurge'),
  ];
  if (isZero(maxSurge) && isZero(maxUnavailable)) {
    causes.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', goIntOrString(maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  }
  return causes;
}

/** A Deployment's spec. */
export function validateDeploymentSpec(spec: Json): StatusCause[] {
  const causes = validateSelectorAndTemplate(spec, 'deployment');
  causes.push(...validateStrategy(spec['strategy']));
  causes.push(...validateNonnegative(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  const deadline = spec['progressDeadlineSeconds'];
  if (typeof deadline === 'number') {
    causes.push(...validateNonnegative(deadline, 'spec.progressDeadlineSeconds'));
    const minReady = typeof spec['minReadySeconds'] === 'number' ? spec['minReadySeconds'] : 0;
    if (deadline <= minReady) causes.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return causes;
}

/** A ReplicaSet's spec. */
export function validateReplicaSetSpec(spec: Json): StatusCause[] {
  return validateSelectorAndTemplate(spec, 'deployment');
}

/** apps/v1 selectors are immutable. */
export function validateSelectorUpdate(spec: Json, old: Json): StatusCause[] {
  const selector = selectorOf(spec['selector']);
  if (canonicalJson(selector ?? null) === canonicalJson(selectorOf(old['selector']) ?? null)) return [];
  return [invalid('spec.selector', goLabelSelector(selector), FIELD_IMMUTABLE_MESSAGE)];
}

/** Warnings about the container ports of a Deployment's or ReplicaSet's pod template. */
export function templatePortWarnings(spec: Json): string[] {
  const template = spec['template'];
  return isObject(template) && isObject(template['spec']) ? containerPortWarnings(template['spec']['containers'], 'spec.template.spec.containers') : [];
}

/** Status of a Deployment or ReplicaSet: the counts are never negative. */
export function validateWorkloadStatus(status: unknown): StatusCause[] {
  if (!isObject(status)) return [];
  const fields = ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'fullyLabeledReplicas', 'observedGeneration'];
  return fields.flatMap((field) => validateNonnegative(status[field], `status.${field}`));
}

/** A StatefulSet's spec (ValidateStatefulSetSpec): its selector and template, the pod management policy and update strategy. */
export function validateStatefulSetSpec(spec: Json): StatusCause[] {
  const causes = validateSelectorAndTemplate(withClaimVolumes(spec), 'statefulset');
  const policy = String(spec['podManagementPolicy'] ?? '');
  if (policy !== 'OrderedReady' && policy !== 'Parallel') causes.push(notSupported('spec.podManagementPolicy', policy, ['OrderedReady', 'Parallel']));
  const strategy = isObject(spec['updateStrategy']) ? spec['updateStrategy'] : {};
  const type = String(strategy['type'] ?? '');
  if (type === 'OnDelete' && isObject(strategy['rollingUpdate'])) causes.push(forbidden('spec.updateStrategy.rollingUpdate', 'only allowed for updateStrategy \'RollingUpdate\''));
  else if (type !== 'OnDelete' && type !== 'RollingUpdate') causes.push(notSupported('spec.updateStrategy.type', type, ['OnDelete', 'RollingUpdate']));
  const rolling = isObject(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : {};
  causes.push(...validateNonnegative(rolling['partition'], 'spec.updateStrategy.rollingUpdate.partition'));
  causes.push(...validateNonnegative(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  return causes;
}

/** What may change in a StatefulSet's spec (ValidateStatefulSetUpdate): the selector never, and only these fields otherwise. */
const STATEFUL_SET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/** A StatefulSet's update: fields other than the mutable ones are forbidden to change, in v1.32's words. */
export function validateStatefulSetUpdate(spec: Json, old: Json): StatusCause[] {
  const fixed = (value: Json) => canonicalJson(Object.fromEntries(Object.entries(value).filter(([key]) => !STATEFUL_SET_MUTABLE.includes(key))));
  if (fixed(spec) === fixed(old)) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

/**
 * The spec with each claim template as a volume of the pod template, as the controller mounts it:
 * upstream leaves a StatefulSet's pod spec unchecked for this reason (mounts of `www` name no volume
 * of the template); here the rest of the pod spec is still checked.
 */
function withClaimVolumes(spec: Json): Json {
  const template = spec['template'];
  const claims = listOf(spec['volumeClaimTemplates'] as Json[]).filter(isObject);
  if (!isObject(template) || !isObject(template['spec']) || claims.length === 0) return spec;
  const podSpec = template['spec'];
  const names = claims.map((claim) => (isObject(claim['metadata']) ? String(claim['metadata']['name'] ?? '') : ''));
  const own = listOf(podSpec['volumes'] as Json[]).filter((volume) => !(isObject(volume) && names.includes(String(volume['name']))));
  const volumes = [...own, ...names.map((name) => ({ name, persistentVolumeClaim: { claimName: name } }))];
  return { ...spec, template: { ...template, spec: { ...podSpec, volumes } } };
}

/** A DaemonSet's spec (ValidateDaemonSetSpec): its selector and template, and the update strategy. */
export function validateDaemonSetSpec(spec: Json): StatusCause[] {
  const causes = validateSelectorAndTemplate(spec, 'daemonset');
  const strategy = isObject(spec['updateStrategy']) ? spec['updateStrategy'] : {};
  const type = String(strategy['type'] ?? '');
  if (type === 'RollingUpdate') {
    const rolling = strategy['rollingUpdate'];
    if (!isObject(rolling)) causes.push(required('spec.updateStrategy.rollingUpdate'));
    else causes.push(...validateRollingUpdateDaemonSet(rolling));
  } else if (type !== 'OnDelete') {
    // v1.32 names the whole strategy struct as the unsupported value (a set rollingUpdate is a pointer it prints as an address).
    const rolling = isObject(strategy['rollingUpdate']) ? '(*apps.RollingUpdateDaemonSet)(0xc000a3c0f0)' : '(*apps.RollingUpdateDaemonSet)(nil)';
    causes.push(notSupported('spec.updateStrategy', { goSyntax: `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(type)}, RollingUpdate:${rolling}}` }, ['RollingUpdate', 'OnDelete']));
  }
  causes.push(...validateNonnegative(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  return causes;
}

// ValidateRollingUpdateDaemonSet: each an int or a percent up to 100%, and exactly one of them not zero.
function validateRollingUpdateDaemonSet(rolling: Json): StatusCause[] {
  const at = 'spec.updateStrategy.rollingUpdate';
  const maxUnavailable = rolling['maxUnavailable'] as IntOrString;
  const maxSurge = rolling['maxSurge'] as IntOrString;
  const causes = [...validateIntOrPercent(maxUnavailable, `${at}.maxUnavailable`), ...validateIntOrPercent(maxSurge, `${at}.maxSurge`)];
  const unavailable = !isZero(maxUnavailable);
  const surge = !isZero(maxSurge);
  if (unavailable && surge) causes.push(invalid(`${at}.maxSurge`, goIntOrString(maxSurge), 'may not be set when maxUnavailable is non-zero'));
  else if (!unavailable && !surge) causes.push(required(`${at}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return causes;
}
