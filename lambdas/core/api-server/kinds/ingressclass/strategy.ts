/**
 * IngressClass (pkg/registry/networking/ingressclass): SetDefaults_IngressClass gives parameters the
 * Cluster scope; ValidateIngressClass requires a domain-prefixed controller (immutable once made)
 * and checks the parameters reference, in v1.32's words.
 */
import { type StatusCause, forbidden, invalid, notSupported, required, tooLong } from '../../field-errors.ts';
import { isDNS1123Label, isDNS1123Subdomain, regexError } from '../../names.ts';
import { validateImmutable } from '../../validate-meta.ts';
import { type Json, type WireObject, isObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

const MAX_CONTROLLER_LENGTH = 250;
const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const HTTP_PATH = new RegExp(`^${HTTP_PATH_FMT}$`);
const SCOPES = ['Cluster', 'Namespace'];

const specOf = (ingressClass: WireObject): Json => (isObject(ingressClass.spec) ? ingressClass.spec : {});
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** IsDomainPrefixedPath: `example.com/name`. */
function validateController(controller: string, path: string): StatusCause[] {
  if (!controller) return [required(path)];
  const causes: StatusCause[] = [];
  if (controller.length > MAX_CONTROLLER_LENGTH) causes.push(tooLong(path, MAX_CONTROLLER_LENGTH));
  const slash = controller.indexOf('/');
  const host = slash < 0 ? '' : controller.slice(0, slash);
  const rest = slash < 0 ? '' : controller.slice(slash + 1);
  if (!host || !rest) return [...causes, invalid(path, controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  causes.push(...isDNS1123Subdomain(host).map((m) => invalid(path, host, m)));
  if (!HTTP_PATH.test(rest)) causes.push(invalid(path, rest, regexError('Invalid path', HTTP_PATH_FMT)));
  return causes;
}

// content.IsPathSegmentName: a name that can be a path segment.
function pathSegmentErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errors: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errors.push(`may not contain '${illegal}'`);
  return errors;
}

function validateParameters(parameters: unknown, path: string): StatusCause[] {
  if (!isObject(parameters)) return [];
  const causes: StatusCause[] = [];
  const apiGroup = parameters['apiGroup'];
  if (typeof apiGroup === 'string') causes.push(...isDNS1123Subdomain(apiGroup).map((m) => invalid(`${path}.apiGroup`, apiGroup, m)));
  for (const field of ['kind', 'name'] as const) {
    const value = text(parameters[field]);
    if (!value) causes.push(required(`${path}.${field}`));
    else causes.push(...pathSegmentErrors(value).map((m) => invalid(`${path}.${field}`, value, m)));
  }
  const scope = parameters['scope'];
  if (typeof scope !== 'string') return [...causes, required(`${path}.scope`)];
  const namespace = parameters['namespace'];
  if (!SCOPES.includes(scope)) causes.push(notSupported(`${path}.scope`, scope, SCOPES));
  else if (scope === 'Namespace' && typeof namespace !== 'string') causes.push(required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
  else if (scope === 'Namespace') causes.push(...isDNS1123Label(String(namespace)).map((m) => invalid(`${path}.namespace`, String(namespace), m)));
  else if (scope === 'Cluster' && namespace !== undefined && namespace !== null) causes.push(forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  return causes;
}

export const ingressClassStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: (ingressClass) => {
    const parameters = specOf(ingressClass)['parameters'];
    if (isObject(parameters) && (parameters['scope'] === undefined || parameters['scope'] === null)) parameters['scope'] = 'Cluster';
  },
  validate: (ingressClass) => {
    const spec = specOf(ingressClass);
    return [...validateController(text(spec['controller']), 'spec.controller'), ...validateParameters(spec['parameters'], 'spec.parameters')];
  },
  validateUpdate: (ingressClass, old) => {
    const controller = text(specOf(ingressClass)['controller']);
    return validateImmutable(controller !== text(specOf(old)['controller']), controller, 'spec.controller');
  },
  zeroObject: () => ({ metadata: {}, spec: {} }),
};
