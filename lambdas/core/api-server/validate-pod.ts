/**
 * Validation of pods and pod specs (ValidatePodSpec and ValidatePodUpdate in
 * pkg/apis/core/validation): volumes, containers, restart and DNS policies, node selector,
 * tolerations, and on update the rule that a pod's spec is fixed except for a few fields.
 */
import { type StatusCause, duplicate, forbidden, invalid, notSupported, required } from './field-errors.ts';
import { canonicalJson } from '../pods.ts';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isLabelValue } from './names.ts';
import { validateContainers } from './validate-containers.ts';
import { validateLabelName, validateLabels } from './validate-meta.ts';
import { type Json, type WirePodSpec, isObject, listOf } from './wire.ts';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const MAX_INT32 = 2147483647;

/** The message of a pod update that changes more than the mutable fields, as v1.32 words it. */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validateVolumes(volumes: unknown, path: string): { causes: StatusCause[]; names: Set<string> } {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  listOf(volumes as Json[]).forEach((volume, i) => {
    if (!isObject(volume)) return;
    const at = `${path}[${i}]`;
    const name = String(volume['name'] ?? '');
    if (!name) causes.push(required(`${at}.name`));
    else causes.push(...isDNS1123Label(name).map((message) => invalid(`${at}.name`, name, message)));
    if (names.has(name)) causes.push(duplicate(`${at}.name`, name));
    names.add(name);
    const sources = Object.keys(volume).filter((key) => key !== 'name' && volume[key] !== undefined && volume[key] !== null);
    if (sources.length === 0) causes.push(required(at, 'must specify a volume type'));
    for (const extra of sources.slice(1)) causes.push(forbidden(`${at}.${extra}`, 'may not specify more than 1 volume type'));
    const configMap = volume['configMap'];
    if (isObject(configMap) && !configMap['name']) causes.push(required(`${at}.configMap.name`));
    const secret = volume['secret'];
    if (isObject(secret) && !secret['secretName']) causes.push(required(`${at}.secret.secretName`));
  });
  return { causes, names };
}

function validateTolerations(tolerations: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  listOf(tolerations as Json[]).forEach((toleration, i) => {
    if (!isObject(toleration)) return;
    const at = `${path}[${i}]`;
    const key = String(toleration['key'] ?? '');
    const operator = String(toleration['operator'] ?? '');
    const value = String(toleration['value'] ?? '');
    const effect = String(toleration['effect'] ?? '');
    if (key) causes.push(...validateLabelName(key, `${at}.key`));
    if (!key && operator !== 'Exists') causes.push(invalid(`${at}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (toleration['tolerationSeconds'] !== undefined && toleration['tolerationSeconds'] !== null && effect !== 'NoExecute') {
      causes.push(invalid(`${at}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === '' || operator === 'Equal') {
      causes.push(...isLabelValue(value).map((message) => invalid(`${at}.value`, value, message)));
    } else if (operator === 'Exists') {
      if (value) causes.push(invalid(`${at}.operator`, toleration['value'] as string, 'value must be empty when `operator` is \'Exists\''));
    } else causes.push(notSupported(`${at}.operator`, operator, TOLERATION_OPERATORS));
    if (effect && !TAINT_EFFECTS.includes(effect)) causes.push(notSupported(`${at}.effect`, effect, TAINT_EFFECTS));
  });
  return causes;
}

/** A pod spec, on its own or inside a template (`path` is `spec` or `spec.template.spec`). */
export function validatePodSpec(spec: WirePodSpec, path: string): StatusCause[] {
  const volumes = validateVolumes(spec.volumes, `${path}.volumes`);
  const causes = [...volumes.causes, ...validateContainers(spec.containers, spec.initContainers, volumes.names, path)];
  const restart = String(spec.restartPolicy ?? '');
  if (!restart) causes.push(required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(restart)) causes.push(notSupported(`${path}.restartPolicy`, restart, RESTART_POLICIES));
  const dns = String(spec.dnsPolicy ?? '');
  if (!dns) causes.push(required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(dns)) causes.push(notSupported(`${path}.dnsPolicy`, dns, DNS_POLICIES));
  causes.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  for (const field of ['serviceAccountName', 'nodeName'] as const) {
    const value = spec[field];
    if (value) causes.push(...isDNS1123Subdomain(String(value)).map((message) => invalid(`${path}.${field}`, String(value), message)));
  }
  if (spec.hostname) causes.push(...isDNS1123Label(String(spec.hostname)).map((message) => invalid(`${path}.hostname`, String(spec.hostname), message)));
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && (deadline < 1 || deadline > MAX_INT32)) {
    causes.push(invalid(`${path}.activeDeadlineSeconds`, deadline, inclusiveRangeError(1, MAX_INT32)));
  }
  causes.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  return causes;
}

// True when every old toleration is still there: the update only added tolerations.
function onlyAddsTolerations(old: readonly unknown[], next: readonly unknown[]): boolean {
  const have = new Set(next.map(canonicalJson));
  return old.every((t) => have.has(canonicalJson(t)));
}

/** A pod update: the spec may change only in images, activeDeadlineSeconds, added tolerations and the grace period. */
export function validatePodUpdate(spec: WirePodSpec, old: WirePodSpec): StatusCause[] {
  const causes: StatusCause[] = [];
  const comparable = structuredClone(spec);
  // Put the old values into the fields that may change; anything still different is forbidden.
  const sameImages = (next: unknown, before: unknown) =>
    listOf(next as Json[]).forEach((container, i) => {
      const previous = listOf(before as Json[])[i];
      if (isObject(container) && isObject(previous)) container['image'] = previous['image'];
    });
  sameImages(comparable.containers, old.containers);
  sameImages(comparable.initContainers, old.initContainers);
  listOf(spec.containers).forEach((container, i) => {
    if (isObject(container) && !container.image) causes.push(required(`spec.containers[${i}].image`));
  });
  if (old.activeDeadlineSeconds === undefined || (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= old.activeDeadlineSeconds)) {
    comparable.activeDeadlineSeconds = old.activeDeadlineSeconds as number;
    if (old.activeDeadlineSeconds === undefined) delete comparable.activeDeadlineSeconds;
  }
  if (onlyAddsTolerations(listOf(old.tolerations), listOf(spec.tolerations))) {
    comparable.tolerations = old.tolerations as WirePodSpec['tolerations'];
    if (old.tolerations === undefined) delete comparable.tolerations;
  }
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && spec.terminationGracePeriodSeconds === 1) comparable.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds as number;
  if (canonicalJson(comparable) !== canonicalJson(old)) causes.push(forbidden('spec', POD_UPDATE_FORBIDDEN));
  return causes;
}
