/**
 * Ingress (pkg/registry/networking/ingress): no defaulting in networking/v1 (a path's pathType is
 * required), the DefaultIngressClass admission plugin on create, a first status of an empty load
 * balancer (the ingress controller fills it in), ValidateIngressCreate / ValidateIngressUpdate
 * (pkg/apis/networking/validation) in v1.32's words, and the deprecated class annotation's warning.
 */
import { INGRESS_CLASS_ANNOTATION, pickDefaultIngressClass } from '../../../ingress-classes.ts';
import type { IngressClass } from '../../../objects.ts';
import { type StatusCause, invalid, notSupported, required } from '../../field-errors.ts';
import { DNS1123_SUBDOMAIN_MAX_LENGTH, isDNS1035Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, maxLengthError, regexError } from '../../names.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD = new RegExp(`^${WILDCARD_FMT}$`);

const specOf = (ingress: WireObject): Json => (isObject(ingress.spec) ? ingress.spec : {});
const set = (value: unknown) => value !== undefined && value !== null;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** IsWildcardDNS1123Subdomain: `*.` and a DNS subdomain. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (new TextEncoder().encode(value).length > DNS1123_SUBDOMAIN_MAX_LENGTH) errors.push(maxLengthError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!WILDCARD.test(value)) {
    const message = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
    errors.push(regexError(message, WILDCARD_FMT, '*.example.com'));
  }
  return errors;
}

const isIP = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || (host.includes(':') && /^[0-9a-fA-F:.]+$/.test(host));

function validateHost(host: string, path: string): StatusCause[] {
  const check = host.includes('*') ? isWildcardDNS1123Subdomain : isDNS1123Subdomain;
  return check(host).map((message) => invalid(path, host, message));
}

/** validateIngressBackend. */
export function validateIngressBackend(backend: unknown, path: string): StatusCause[] {
  const b = isObject(backend) ? backend : {};
  const hasResource = isObject(b['resource']);
  const hasService = isObject(b['service']);
  if (hasResource && hasService) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const resource = b['resource'] as Json;
    const causes: StatusCause[] = [];
    if (set(resource['apiGroup'])) causes.push(...isDNS1123Subdomain(text(resource['apiGroup'])).map((m) => invalid(`${path}.resource.apiGroup`, text(resource['apiGroup']), m)));
    if (!text(resource['kind'])) causes.push(required(`${path}.resource.kind`));
    if (!text(resource['name'])) causes.push(required(`${path}.resource.name`));
    return causes;
  }
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const service = b['service'] as Json;
  const causes: StatusCause[] = [];
  const name = text(service['name']);
  if (!name) causes.push(required(`${path}.service.name`));
  else causes.push(...isDNS1035Label(name).map((m) => invalid(`${path}.service.name`, name, m)));
  const port = isObject(service['port']) ? service['port'] : {};
  const portName = text(port['name']);
  const portNumber = typeof port['number'] === 'number' ? port['number'] : 0;
  if (portName && portNumber) causes.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) causes.push(...isValidPortName(portName).map((m) => invalid(`${path}.service.port.name`, portName, m)));
  else if (portNumber) causes.push(...isValidPortNum(portNumber).map((m) => invalid(`${path}.service.port.number`, portNumber, m)));
  else causes.push(required(path, 'port name or number is required'));
  return causes;
}

function validatePath(entry: unknown, path: string): StatusCause[] {
  const p = isObject(entry) ? entry : {};
  if (!set(p['pathType'])) return [required(`${path}.pathType`, 'pathType must be specified')];
  const pathType = text(p['pathType']);
  const value = text(p['path']);
  const causes: StatusCause[] = [];
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) causes.push(invalid(`${path}.path`, value, 'must be an absolute path'));
    for (const sequence of INVALID_PATH_SEQUENCES) if (value.includes(sequence)) causes.push(invalid(`${path}.path`, value, `must not contain '${sequence}'`));
    for (const suffix of INVALID_PATH_SUFFIXES) if (value.endsWith(suffix)) causes.push(invalid(`${path}.path`, value, `cannot end with '${suffix}'`));
  } else if (pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) causes.push(invalid(`${path}.path`, value, 'must be an absolute path'));
  } else causes.push(notSupported(`${path}.pathType`, pathType, PATH_TYPES));
  return [...causes, ...validateIngressBackend(p['backend'], `${path}.backend`)];
}

function validateRules(rules: unknown[], path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  rules.forEach((rule, i) => {
    const r = isObject(rule) ? rule : {};
    const host = text(r['host']);
    if (host) {
      if (isIP(host)) causes.push(invalid(`${path}[${i}].host`, host, 'must be a DNS name, not an IP address'));
      causes.push(...validateHost(host, `${path}[${i}].host`));
    }
    if (!isObject(r['http'])) return;
    const paths = arrayOf(r['http']['paths']);
    if (paths.length === 0) causes.push(required(`${path}[${i}].http.paths`));
    paths.forEach((entry, j) => causes.push(...validatePath(entry, `${path}[${i}].http.paths[${j}]`)));
  });
  return causes;
}

/** ValidateIngressSpec. */
export function validateIngressSpec(spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const rules = arrayOf(spec['rules']);
  if (rules.length === 0 && !isObject(spec['defaultBackend'])) {
    const shown = { goSyntax: Array.isArray(spec['rules']) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)' };
    causes.push(invalid('spec', shown, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (isObject(spec['defaultBackend'])) causes.push(...validateIngressBackend(spec['defaultBackend'], 'spec.defaultBackend'));
  causes.push(...validateRules(rules, 'spec.rules'));
  arrayOf(spec['tls']).forEach((tls, i) => {
    const t = isObject(tls) ? tls : {};
    arrayOf(t['hosts']).forEach((host, j) => causes.push(...validateHost(text(host), `spec.tls[${i}].hosts[${j}]`)));
    const secretName = text(t['secretName']);
    if (secretName) causes.push(...isDNS1123Subdomain(secretName).map((m) => invalid(`spec.tls[${i}].secretName`, secretName, m)));
  });
  if (set(spec['ingressClassName'])) {
    const className = text(spec['ingressClassName']);
    causes.push(...isDNS1123Subdomain(className).map((m) => invalid('spec.ingressClassName', className, m)));
  }
  return causes;
}

export const ingressStrategy: ResourceStrategy = {
  hasSpec: true,
  // DefaultIngressClass: an Ingress that names no class (neither field nor annotation) gets the default one.
  admit: (ingress, _random, etcd) => {
    const spec = specOf(ingress);
    if (!isObject(ingress.spec) || set(spec['ingressClassName']) || ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] !== undefined) return;
    const chosen = pickDefaultIngressClass(etcd.list<IngressClass>('IngressClass'));
    if (chosen) spec['ingressClassName'] = chosen.metadata.name;
  },
  prepareForCreate: (ingress) => {
    ingress.status = { loadBalancer: {} };
  },
  // ValidateIngressCreate's own check (an update may keep a mismatch made before v1.18).
  beginCreate: (ingress) => {
    const annotation = ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
    const className = specOf(ingress)['ingressClassName'];
    if (annotation === undefined || !set(className) || annotation === className) return [];
    return [invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified')];
  },
  validate: (ingress) => validateIngressSpec(specOf(ingress)),
  warnings: (ingress) =>
    ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] === undefined ? [] : [`annotation "${INGRESS_CLASS_ANNOTATION}" is deprecated, please use 'spec.ingressClassName' instead`],
  zeroObject: () => ({ metadata: {}, spec: {}, status: { loadBalancer: {} } }),
};
