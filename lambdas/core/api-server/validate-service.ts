/**
 * Validation of Services (ValidateService and ValidateServiceUpdate in pkg/apis/core/validation):
 * type, ports (names, numbers, protocols, target ports, node ports, duplicates), selector,
 * session affinity, traffic policies, cluster IPs, and on update the cluster IP that may not
 * change once set.
 */
import { type StatusCause, duplicate, forbidden, invalid, notSupported, required } from './field-errors.ts';
import { goServicePortKey, goStringSlice } from './go-values.ts';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names.ts';
import { validateLabels } from './validate-meta.ts';
import { type WireServicePort, type WireServiceSpec, isObject, listOf } from './wire.ts';

/** True for the service types reachable from outside the cluster. */
export function externallyAccessible(spec: WireServiceSpec): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && listOf(spec.externalIPs).length > 0);
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function validatePort(port: WireServicePort, i: number, count: number, type: string, names: Set<string>): StatusCause[] {
  const at = `spec.ports[${i}]`;
  const causes: StatusCause[] = [];
  const name = typeof port.name === 'string' ? port.name : '';
  if (count > 1 && !name) causes.push(required(`${at}.name`));
  if (name) {
    causes.push(...isDNS1123Label(name).map((message) => invalid(`${at}.name`, name, message)));
    if (names.has(name)) causes.push(duplicate(`${at}.name`, name));
    names.add(name);
  }
  const number = Number(port.port ?? 0);
  causes.push(...isValidPortNum(number).map((message) => invalid(`${at}.port`, number, message)));
  const protocol = String(port.protocol ?? '');
  if (!protocol) causes.push(required(`${at}.protocol`));
  else if (!PROTOCOLS.includes(protocol)) causes.push(notSupported(`${at}.protocol`, protocol, PROTOCOLS));
  const target = port.targetPort;
  if (typeof target === 'number') causes.push(...isValidPortNum(target).map((message) => invalid(`${at}.targetPort`, target, message)));
  else if (typeof target === 'string') causes.push(...isValidPortName(target).map((message) => invalid(`${at}.targetPort`, target, message)));
  if (port.nodePort && type === 'ClusterIP') causes.push(forbidden(`${at}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  if (port.nodePort) causes.push(...isValidPortNum(port.nodePort).map((message) => invalid(`${at}.nodePort`, Number(port.nodePort), message)));
  if (port.appProtocol) causes.push(...isDNS1123Subdomain(port.appProtocol.split('/').pop() ?? '').map((message) => invalid(`${at}.appProtocol`, port.appProtocol ?? '', message)));
  return causes;
}

/** A Service's spec, after defaulting. */
export function validateServiceSpec(spec: WireServiceSpec): StatusCause[] {
  const causes: StatusCause[] = [];
  const type = String(spec.type ?? '');
  if (!SERVICE_TYPES.includes(type)) causes.push(notSupported('spec.type', type, SERVICE_TYPES));
  const ports = listOf(spec.ports).filter(isObject) as WireServicePort[];
  if (type === 'ExternalName') {
    if (!spec.externalName) causes.push(required('spec.externalName'));
    if (spec.clusterIP && spec.clusterIP !== 'None') causes.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
  } else if (ports.length === 0 && spec.clusterIP !== 'None') {
    causes.push(required('spec.ports'));
  }
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    causes.push(...validatePort(port, i, ports.length, type, names));
    const key = `${port.protocol}/${port.port}`;
    if (seen.has(key)) causes.push(duplicate(`spec.ports[${i}]`, goServicePortKey(String(port.protocol ?? ''), Number(port.port ?? 0))));
    seen.add(key);
  });
  causes.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = String(spec.sessionAffinity ?? '');
  if (!affinity) causes.push(required('spec.sessionAffinity'));
  else if (!AFFINITIES.includes(affinity)) causes.push(notSupported('spec.sessionAffinity', affinity, AFFINITIES));
  listOf(spec.clusterIPs).forEach((ip, i) => {
    if (ip !== 'None' && ip !== '' && !isIPv4(ip)) causes.push(invalid(`spec.clusterIPs[${i}]`, ip, IP_MESSAGE));
  });
  if (spec.externalTrafficPolicy) {
    if (!externallyAccessible(spec)) causes.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
    else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy)) causes.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.internalTrafficPolicy && !TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) causes.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  listOf(spec.externalIPs).forEach((ip, i) => {
    if (!isIPv4(String(ip))) causes.push(invalid(`spec.externalIPs[${i}]`, String(ip), IP_MESSAGE));
  });
  return causes;
}

/** An update: a cluster IP, once set, stays. */
export function validateServiceUpdate(spec: WireServiceSpec, old: WireServiceSpec): StatusCause[] {
  const needsIP = (s: WireServiceSpec) => s.type !== 'ExternalName';
  if (!needsIP(old) || !needsIP(spec)) return [];
  const before = listOf(old.clusterIPs)[0];
  const after = listOf(spec.clusterIPs)[0];
  if (before && after !== before) return [invalid('spec.clusterIPs[0]', goStringSlice(spec.clusterIPs), 'may not change once set')];
  return [];
}
