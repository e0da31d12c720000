/**
 * Defaulting and validation of the namespace policy kinds, LimitRange and ResourceQuota, as v1.32's
 * SetDefaults_LimitRangeItem, ValidateLimitRange and ValidateResourceQuota: a Container item's
 * default limit from its max and default request from its default (else its min), min <= default
 * request <= default <= max, ratios of at least 1, and quota quantities that are not negative
 * (whole numbers for object counts).
 */
import { type StatusCause, duplicate, forbidden, invalid, required } from './field-errors.ts';
import type { GoSyntax } from './go-values.ts';
import { goQuote } from './go-values.ts';
import { isQualifiedName } from './names.ts';
import { type Quantity, quantityOf } from './quantity.ts';
import { type Json, isObject, sortedKeys } from './wire.ts';

const LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);
const STANDARD_LIMIT_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);
const QUOTA_SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
// IsIntegerResourceName's object counts, and with the compute and storage names IsStandardQuotaResourceName's.
const COUNTS = ['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'];
const QUOTA_STANDARD = new Set([...COUNTS, 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage']);
const isCountName = (name: string) => name.startsWith('count/') || COUNTS.includes(name);

type Map_ = Record<string, unknown>;
const mapOf = (value: unknown): Map_ => (isObject(value) ? value : {});

/**
 * A resource.Quantity as %#v prints one in "Invalid value: ..." (its String method has a pointer
 * receiver, so the error shows the struct): the int64 amount the parser made and the text it kept.
 */
function goQuantity(q: Quantity): GoSyntax {
  const binary = /^[0-9]+(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(q.text);
  let value = q.nanos / 1_000_000_000n;
  let scale = 0;
  if (!binary && q.nanos % 1_000_000_000n !== 0n) {
    value = q.nanos;
    scale = -9;
    while (value % 10n === 0n && scale < 0) {
      value /= 10n;
      scale++;
    }
  } else if (!binary && /[kMGTPE]$/.test(q.text)) {
    scale = { k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }[q.text.slice(-1) as 'k'] ?? 0;
    value = q.nanos / 10n ** BigInt(scale + 9);
  }
  return { goSyntax: `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${goQuote(q.text)}, Format:${goQuote(q.format)}}` };
}

/** A map of quantities as the API server stores it: each in its canonical text, keys in order (Go's maps marshal sorted). */
export function canonicalQuantities(map: unknown): Map_ | undefined {
  if (!isObject(map)) return undefined;
  return Object.fromEntries(sortedKeys(map).map((k) => [k, quantityOf(map[k])?.text ?? map[k]]));
}

/** SetDefaults_LimitRangeItem, in place: a Container item's default from max, defaultRequest from default, else from min. */
export function defaultLimitRange(spec: Json): void {
  for (const item of Array.isArray(spec['limits']) ? spec['limits'] : []) {
    if (!isObject(item)) continue;
    for (const field of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) if (isObject(item[field])) item[field] = canonicalQuantities(item[field]);
    if (item['type'] !== 'Container') continue;
    const defaults: Map_ = { ...mapOf(item['default']) };
    const requests: Map_ = { ...mapOf(item['defaultRequest']) };
    for (const [k, v] of Object.entries(mapOf(item['max']))) defaults[k] ??= v;
    for (const [k, v] of Object.entries(defaults)) requests[k] ??= v;
    for (const [k, v] of Object.entries(mapOf(item['min']))) requests[k] ??= v;
    if (Object.keys(defaults).length > 0) item['default'] = canonicalQuantities(defaults);
    if (Object.keys(requests).length > 0) item['defaultRequest'] = canonicalQuantities(requests);
  }
}

function validateLimitResourceName(type: string, name: string, path: string): StatusCause[] {
  if (name.includes('/')) return isQualifiedName(name).map((m) => invalid(path, name, m));
  if (type === 'PersistentVolumeClaim' ? name === 'storage' : STANDARD_LIMIT_RESOURCES.has(name) || name.startsWith('hugepages-')) return [];
  return [invalid(path, name, 'must be a standard limit type or fully qualified')];
}

/** ValidateLimitRange's spec part. */
export function validateLimitRange(spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  const limits = Array.isArray(spec['limits']) ? spec['limits'] : [];
  limits.forEach((raw, i) => {
    const item = mapOf(raw);
    const at = `spec.limits[${i}]`;
    const type = typeof item['type'] === 'string' ? item['type'] : '';
    causes.push(...isQualifiedName(type).map((m) => invalid(`${at}.type`, type, m)));
    if (type !== '' && !LIMIT_TYPES.has(type) && !type.includes('/')) causes.push(invalid(`${at}.type`, type, 'must be a standard limit type or fully qualified'));
    if (seen.has(type)) causes.push(duplicate(`${at}.type`, type));
    seen.add(type);
    const read = (field: string, check = true): Map<string, Quantity> => {
      const out = new Map<string, Quantity>();
      for (const name of sortedKeys(item[field])) {
        if (check) causes.push(...validateLimitResourceName(type, name, `${at}.${field}[${name}]`));
        const q = quantityOf(mapOf(item[field])[name]);
        if (q) out.set(name, q);
      }
      return out;
    };
    const max = read('max');
    const min = read('min');
    let defaults = new Map<string, Quantity>();
    let requests = new Map<string, Quantity>();
    if (type === 'Pod') {
      if (Object.keys(mapOf(item['default'])).length > 0) causes.push(forbidden(`${at}.default`, "may not be specified when `type` is 'Pod'"));
      if (Object.keys(mapOf(item['defaultRequest'])).length > 0) causes.push(forbidden(`${at}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    } else {
      defaults = read('default');
      requests = read('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !min.has('storage') && !max.has('storage')) {
      causes.push(required(`${at}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
    }
    const ratios = read('maxLimitRequestRatio');
    const keys = new Set([...max.keys(), ...min.keys(), ...defaults.keys(), ...requests.keys(), ...ratios.keys()]);
    for (const k of [...keys].sort()) {
      const [lo, hi, def, req, ratio] = [min.get(k), max.get(k), defaults.get(k), requests.get(k), ratios.get(k)];
      const gt = (a: Quantity, b: Quantity) => a.nanos > b.nanos;
      if (lo && hi && gt(lo, hi)) causes.push(invalid(`${at}.min[${k}]`, goQuantity(lo), `min value ${lo.text} is greater than max value ${hi.text}`));
      if (req && lo && gt(lo, req)) causes.push(invalid(`${at}.defaultRequest[${k}]`, goQuantity(req), `min value ${lo.text} is greater than default request value ${req.text}`));
      if (req && hi && gt(req, hi)) causes.push(invalid(`${at}.defaultRequest[${k}]`, goQuantity(req), `default request value ${req.text} is greater than max value ${hi.text}`));
      if (req && def && gt(req, def)) causes.push(invalid(`${at}.defaultRequest[${k}]`, goQuantity(req), `default request value ${req.text} is greater than default limit value ${def.text}`));
      if (def && lo && gt(lo, def)) causes.push(invalid(`${at}.default[${k}]`, goQuantity(lo), `min value ${lo.text} is greater than default value ${def.text}`));
      if (def && hi && gt(def, hi)) causes.push(invalid(`${at}.default[${k}]`, goQuantity(hi), `default value ${def.text} is greater than max value ${hi.text}`));
      if (ratio && ratio.nanos < 1_000_000_000n) causes.push(invalid(`${at}.maxLimitRequestRatio[${k}]`, goQuantity(ratio), `ratio ${ratio.text} is less than 1`));
      if (ratio && lo && hi && lo.nanos > 0n) {
        const limit = Number(hi.nanos) / Number(lo.nanos);
        if (Number(ratio.nanos) / 1e9 > limit) causes.push(invalid(`${at}.maxLimitRequestRatio[${k}]`, goQuantity(ratio), `ratio ${ratio.text} is greater than max/min = ${limit.toFixed(6)}`));
      }
    }
  });
  return causes;
}

/** ValidateResourceQuota's spec part: names, values, scopes. */
export function validateResourceQuota(spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const hard = mapOf(spec['hard']);
  for (const name of sortedKeys(hard)) {
    const path = `spec.hard[${name}]`;
    if (!name.includes('/') && !QUOTA_STANDARD.has(name) && !name.startsWith('hugepages-') && !name.startsWith('requests.hugepages-')) {
      causes.push(invalid(path, name, 'must be a standard resource type or fully qualified'), invalid(path, name, 'must be a standard resource for quota'));
    } else if (name.includes('/')) {
      causes.push(...isQualifiedName(name).map((m) => invalid(path, name, m)));
    }
    const q = quantityOf(hard[name]);
    if (!q) continue;
    if (q.nanos < 0n) causes.push(invalid(path, q.text, 'must be greater than or equal to 0'));
    else if (isCountName(name) && q.nanos % 1_000_000_000n !== 0n) causes.push(invalid(path, q.text, 'must be an integer'));
  }
  const scopes = Array.isArray(spec['scopes']) ? spec['scopes'] : [];
  scopes.forEach((scope, i) => {
    if (!QUOTA_SCOPES.includes(String(scope))) causes.push(invalid(`spec.scopes[${i}]`, String(scope), 'unsupported scope'));
  });
  return causes;
}
