/**
 * Validation of a pod spec's containers (validateContainers and validateContainerCommon in
 * pkg/apis/core/validation): names, image, ports, environment, mounts, probes, pull policy and
 * resource requests and limits. Also the warnings the API server returns next to a success,
 * such as two containers declaring the same port.
 */
import { type StatusCause, duplicate, forbidden, invalid, notFound, notSupported, required } from './field-errors.ts';
import { isConfigMapKey, isDNS1123Label, isValidPortName, isValidPortNum } from './names.ts';
import { compareQuantities, parseQuantity, type Quantity } from './quantity.ts';
import { validateNonnegative } from './validate-meta.ts';
import { type Json, type WireContainer, isObject, listOf, sortedKeys } from './wire.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** A port given by number (1-65535) or by IANA name, as probes and targetPort take it. */
export function validatePortNumOrName(port: unknown, path: string): StatusCause[] {
  if (typeof port === 'number') return isValidPortNum(port).map((message) => invalid(path, port, message));
  if (typeof port === 'string') return isValidPortName(port).map((message) => invalid(path, port, message));
  return [required(path)];
}

function validatePorts(ports: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  listOf(ports as Json[]).forEach((port, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(port)) return;
    const name = typeof port['name'] === 'string' ? port['name'] : '';
    if (name) {
      const messages = isValidPortName(name);
      if (messages.length > 0) causes.push(...messages.map((message) => invalid(`${at}.name`, name, message)));
      else if (names.has(name)) causes.push(duplicate(`${at}.name`, name));
      else names.add(name);
    }
    const containerPort = port['containerPort'];
    if (!containerPort) causes.push(required(`${at}.containerPort`));
    else causes.push(...isValidPortNum(Number(containerPort)).map((message) => invalid(`${at}.containerPort`, Number(containerPort), message)));
    const hostPort = port['hostPort'];
    if (hostPort) causes.push(...isValidPortNum(Number(hostPort)).map((message) => invalid(`${at}.hostPort`, Number(hostPort), message)));
    const protocol = String(port['protocol'] ?? '');
    if (!protocol) causes.push(required(`${at}.protocol`));
    else if (!PROTOCOLS.includes(protocol)) causes.push(notSupported(`${at}.protocol`, protocol, PROTOCOLS));
  });
  return causes;
}

function validateEnv(env: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  listOf(env as Json[]).forEach((variable, i) => {
    if (!isObject(variable)) return;
    const name = String(variable['name'] ?? '');
    // RelaxedEnvironmentVariableValidation is on by default in v1.32: any printable ASCII but '='.
    if (!name) causes.push(required(`${path}[${i}].name`));
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(name)) {
      causes.push(invalid(`${path}[${i}].name`, name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    }
    const from = variable['valueFrom'];
    if (!isObject(from)) return;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((s) => isObject(from[s]));
    const fromPath = `${path}[${i}].valueFrom`;
    if (sources.length === 0) causes.push(invalid(fromPath, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (variable['value']) causes.push(invalid(fromPath, '', 'may not be specified when `value` is not empty'));
    else if (sources.length > 1) causes.push(invalid(fromPath, '', 'may not have more than one field specified at a time'));
    for (const source of ['configMapKeyRef', 'secretKeyRef']) {
      const ref = from[source];
      if (!isObject(ref)) continue;
      const key = String(ref['key'] ?? '');
      if (!key) causes.push(required(`${fromPath}.${source}.key`));
      else causes.push(...isConfigMapKey(key).map((message) => invalid(`${fromPath}.${source}.key`, key, message)));
    }
  });
  return causes;
}

function validateMounts(mounts: unknown, volumes: ReadonlySet<string>, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const paths = new Set<string>();
  listOf(mounts as Json[]).forEach((mount, i) => {
    if (!isObject(mount)) return;
    const name = String(mount['name'] ?? '');
    const mountPath = String(mount['mountPath'] ?? '');
    if (!name) causes.push(required(`${path}[${i}].name`));
    if (!volumes.has(name)) causes.push(notFound(`${path}[${i}].name`, name));
    if (!mountPath) causes.push(required(`${path}[${i}].mountPath`));
    if (paths.has(mountPath)) causes.push(invalid(`${path}[${i}].mountPath`, mountPath, 'must be unique'));
    paths.add(mountPath);
  });
  return causes;
}

function validateHandler(handler: Json, path: string): StatusCause[] {
  const kinds = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((k) => isObject(handler[k]));
  if (kinds.length === 0) return [required(path, 'must specify a handler type')];
  const causes = kinds.slice(1).map((k) => forbidden(`${path}.${k}`, 'may not specify more than 1 handler type'));
  const [kind] = kinds;
  const body = handler[kind as string] as Json;
  if (kind === 'exec' && listOf(body['command'] as unknown[]).length === 0) causes.push(required(`${path}.exec.command`));
  if (kind === 'httpGet') {
    if (!body['path']) causes.push(required(`${path}.httpGet.path`));
    causes.push(...validatePortNumOrName(body['port'], `${path}.httpGet.port`));
    const scheme = String(body['scheme'] ?? '');
    if (scheme !== 'HTTP' && scheme !== 'HTTPS') causes.push(notSupported(`${path}.httpGet.scheme`, scheme, ['HTTP', 'HTTPS']));
  }
  if (kind === 'tcpSocket') causes.push(...validatePortNumOrName(body['port'], `${path}.tcpSocket.port`));
  if (kind === 'grpc') causes.push(...validatePortNumOrName(Number(body['port']), `${path}.grpc.port`));
  return causes;
}

function validateProbe(probe: unknown, path: string, successMustBeOne: boolean): StatusCause[] {
  if (!isObject(probe)) return [];
  const causes = validateHandler(probe, path);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    causes.push(...validateNonnegative(probe[field], `${path}.${field}`));
  }
  if (successMustBeOne && probe['successThreshold'] !== 1) causes.push(invalid(`${path}.successThreshold`, Number(probe['successThreshold'] ?? 0), 'must be 1'));
  return causes;
}

function validateResourceName(name: string, path: string): StatusCause[] {
  if (name.includes('/')) return [];
  if (STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-')) return [];
  return [invalid(path, name, 'must be a standard resource type or fully qualified'), invalid(path, name, 'must be a standard resource for containers')];
}

// Native resources (no domain, or kubernetes.io) other than hugepages may have requests below limits.
function overcommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.startsWith('kubernetes.io/') || name.includes('.kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}

function validateResources(resources: unknown, path: string): StatusCause[] {
  if (!isObject(resources)) return [];
  const causes: StatusCause[] = [];
  const parsed = (list: unknown): Map<string, Quantity> => {
    const out = new Map<string, Quantity>();
    for (const name of sortedKeys(list)) {
      const result = parseQuantity((list as Json)[name] as string);
      if (result.ok) out.set(name, result.quantity);
    }
    return out;
  };
  const limits = parsed(resources['limits']);
  const requests = parsed(resources['requests']);
  const checkValue = (kind: string, name: string, quantity: Quantity) => {
    causes.push(...validateResourceName(name, `${path}.${kind}[${name}]`));
    if (quantity.nanos < 0n) causes.push(invalid(`${path}.${kind}[${name}]`, quantity.text, 'must be greater than or equal to 0'));
  };
  for (const [name, limit] of limits) checkValue('limits', name, limit);
  for (const [name, request] of requests) {
    checkValue('requests', name, request);
    const limit = limits.get(name);
    if (limit && !overcommitAllowed(name) && compareQuantities(request, limit) !== 0) {
      causes.push(invalid(`${path}.requests`, request.text, `must be equal to ${name} limit of ${limit.text}`));
    } else if (limit && compareQuantities(request, limit) > 0) {
      causes.push(invalid(`${path}.requests`, request.text, `must be less than or equal to ${name} limit of ${limit.text}`));
    } else if (!limit && !overcommitAllowed(name)) {
      causes.push(required(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
    }
  }
  return causes;
}

function validateContainer(container: WireContainer, volumes: ReadonlySet<string>, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = typeof container.name === 'string' ? container.name : '';
  if (!name) causes.push(required(`${path}.name`));
  else causes.push(...isDNS1123Label(name).map((message) => invalid(`${path}.name`, name, message)));
  if (!container.image) causes.push(required(`${path}.image`));
  const policy = String(container.terminationMessagePolicy ?? '');
  if (!policy) causes.push(required(`${path}.terminationMessagePolicy`));
  else if (!MESSAGE_POLICIES.includes(policy)) causes.push(notSupported(`${path}.terminationMessagePolicy`, policy, MESSAGE_POLICIES));
  causes.push(...validatePorts(container.ports, `${path}.ports`));
  causes.push(...validateEnv(container.env, `${path}.env`));
  causes.push(...validateMounts(container.volumeMounts, volumes, `${path}.volumeMounts`));
  const pull = String(container.imagePullPolicy ?? '');
  if (!pull) causes.push(required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(pull)) causes.push(notSupported(`${path}.imagePullPolicy`, pull, PULL_POLICIES));
  causes.push(...validateResources(container.resources, `${path}.resources`));
  return causes;
}

/** spec.containers and spec.initContainers: each container, unique names, probes where allowed. */
export function validateContainers(containers: unknown, initContainers: unknown, volumes: ReadonlySet<string>, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const list = listOf(containers as WireContainer[]).filter(isObject) as WireContainer[];
  if (list.length === 0) causes.push(required(`${path}.containers`));
  const names = new Set<string>();
  list.forEach((container, i) => {
    const at = `${path}.containers[${i}]`;
    causes.push(...validateContainer(container, volumes, at));
    if (names.has(container.name)) causes.push(duplicate(`${at}.name`, container.name));
    else names.add(container.name);
    causes.push(...validateProbe(container.livenessProbe, `${at}.livenessProbe`, true));
    causes.push(...validateProbe(container.readinessProbe, `${at}.readinessProbe`, false));
    causes.push(...validateProbe(container.startupProbe, `${at}.startupProbe`, true));
    if (container.restartPolicy !== undefined) causes.push(forbidden(`${at}.restartPolicy`, 'may not be set for non-init containers'));
  });
  listOf(initContainers as WireContainer[]).forEach((container, i) => {
    if (!isObject(container)) return;
    const at = `${path}.initContainers[${i}]`;
    causes.push(...validateContainer(container, volumes, at));
    if (names.has(container.name)) causes.push(duplicate(`${at}.name`, container.name));
    else if (container.name) names.add(container.name);
    const sidecar = container.restartPolicy === 'Always';
    if (container.restartPolicy !== undefined && !sidecar) causes.push(notSupported(`${at}.restartPolicy`, String(container.restartPolicy), ['Always']));
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (container[probe] === undefined) continue;
      if (sidecar) causes.push(...validateProbe(container[probe], `${at}.${probe}`, probe !== 'readinessProbe'));
      else causes.push(forbidden(`${at}.${probe}`, 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return causes;
}

/** The warnings of a pod spec: the same containerPort and protocol declared twice (duplicate port definition). */
export function containerPortWarnings(containers: unknown, path: string): string[] {
  const warnings: string[] = [];
  const seen = new Map<string, { path: string; hostPort: number }[]>();
  listOf(containers as WireContainer[]).forEach((container, ci) => {
    listOf(isObject(container) ? container.ports : undefined).forEach((port, pi) => {
      if (!isObject(port)) return;
      const here = `${path}[${ci}].ports[${pi}]`;
      const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
      const hostPort = Number(port.hostPort ?? 0);
      for (const other of seen.get(key) ?? []) {
        if (other.hostPort === hostPort) warnings.push(`${here}: duplicate port definition with ${other.path}`);
        else if (hostPort === 0 || other.hostPort === 0) warnings.push(`${here}: overlapping port definition with ${other.path}`);
      }
      seen.set(key, [...(seen.get(key) ?? []), { path: here, hostPort }]);
    });
  });
  return warnings;
}
