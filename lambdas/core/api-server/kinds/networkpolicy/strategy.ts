/**
 * NetworkPolicy (pkg/registry/networking/networkpolicy): SetDefaults_NetworkPolicy (policyTypes
 * inferred: Ingress, and Egress too when there are egress rules) and SetDefaults_NetworkPolicyPort
 * (protocol TCP), and ValidateNetworkPolicySpec on create and update alike: the selectors, each
 * port (a number or a name, endPort only after a number and not below it), each peer (one of
 * podSelector and namespaceSelector, or an ipBlock alone, whose exceptions lie strictly inside its
 * cidr) and at most the two policy types. No status: v1.32 has none.
 */
import { cidrContains, parseCidr } from '../../../cidr.ts';
import type { StatusCause } from '../../field-errors.ts';
import { forbidden, invalid, notSupported, required } from '../../field-errors.ts';
import { goQuote } from '../../go-values.ts';
import { isValidPortName, isValidPortNum } from '../../names.ts';
import { validateLabelSelector } from '../../validate-workloads.ts';
import { type Json, type WireObject, isObject, listOf } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

const specOf = (policy: WireObject): Json => (isObject(policy.spec) ? policy.spec : {});
const rulesOf = (spec: Json, direction: 'ingress' | 'egress'): Json[] => listOf(spec[direction] as Json[]).filter(isObject);

// SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort.
function defaultNetworkPolicy(policy: WireObject): void {
  const spec = specOf(policy);
  // podSelector is a struct, not a pointer: Go writes it even when the request left it out.
  if (isObject(policy.spec) && !isObject(spec['podSelector'])) policy.spec['podSelector'] = {};
  for (const direction of ['ingress', 'egress'] as const) {
    for (const rule of rulesOf(spec, direction)) {
      for (const port of listOf(rule['ports'] as Json[])) if (isObject(port) && !port['protocol']) port['protocol'] = 'TCP';
    }
  }
  if (listOf(spec['policyTypes'] as unknown[]).length === 0 && isObject(policy.spec)) {
    policy.spec['policyTypes'] = rulesOf(spec, 'egress').length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

/** ValidateNetworkPolicyPort. */
function validatePort(port: Json, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const protocol = port['protocol'];
  if (typeof protocol === 'string' && !PROTOCOLS.includes(protocol)) causes.push(notSupported(`${path}.protocol`, protocol, PROTOCOLS));
  const value = port['port'];
  const endPort = typeof port['endPort'] === 'number' ? port['endPort'] : undefined;
  if (typeof value === 'number') {
    causes.push(...isValidPortNum(value).map((message) => invalid(`${path}.port`, value, message)));
    if (endPort !== undefined) {
      if (endPort < value) causes.push(invalid(`${path}.endPort`, endPort, 'must be greater than or equal to `port`'));
      causes.push(...isValidPortNum(endPort).map((message) => invalid(`${path}.endPort`, endPort, message)));
    }
  } else if (typeof value === 'string') {
    if (endPort !== undefined) causes.push(invalid(`${path}.endPort`, endPort, 'may not be specified when `port` is non-numeric'));
    causes.push(...isValidPortName(value).map((message) => invalid(`${path}.port`, value, message)));
  } else if (endPort !== undefined) causes.push(invalid(`${path}.endPort`, endPort, 'may not be specified when `port` is not specified'));
  return causes;
}

/** ValidateIPBlock (v1.32: a CIDR Go's ParseCIDR takes; exceptions strictly inside it). */
function validateIPBlock(block: Json, path: string): StatusCause[] {
  const cidr = typeof block['cidr'] === 'string' ? block['cidr'] : '';
  if (cidr === '') return [required(`${path}.cidr`)];
  const outer = parseCidr(cidr);
  if (!outer) return [invalid(`${path}.cidr`, cidr, 'not a valid CIDR')];
  const causes: StatusCause[] = [];
  for (const [i, text] of listOf(block['except'] as unknown[]).entries()) {
    const at = `${path}.except[${i}]`;
    const inner = parseCidr(String(text));
    if (!inner) return [...causes, invalid(at, String(text), 'not a valid CIDR')];
    if (!cidrContains(outer, inner.bytes) || outer.bits >= inner.bits) causes.push(invalid(at, String(text), 'must be a strict subset of `cidr`'));
  }
  return causes;
}

/** ValidateNetworkPolicyPeer. */
function validatePeer(peer: Json, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  let peers = 0;
  if (isObject(peer['podSelector'])) {
    peers++;
    causes.push(...validateLabelSelector(peer['podSelector'], `${path}.podSelector`));
  }
  if (isObject(peer['namespaceSelector'])) {
    peers++;
    causes.push(...validateLabelSelector(peer['namespaceSelector'], `${path}.namespaceSelector`));
  }
  const ipBlock = isObject(peer['ipBlock']) ? peer['ipBlock'] : undefined;
  if (ipBlock) {
    peers++;
    causes.push(...validateIPBlock(ipBlock, `${path}.ipBlock`));
  }
  if (peers === 0) causes.push(required(path, 'must specify a peer'));
  else if (peers > 1 && ipBlock) causes.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return causes;
}

/** ValidateNetworkPolicySpec. */
export function validateNetworkPolicySpec(spec: Json): StatusCause[] {
  const causes = validateLabelSelector(spec['podSelector'], 'spec.podSelector');
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    listOf(spec[direction] as Json[]).forEach((rule, i) => {
      if (!isObject(rule)) return;
      const at = `spec.${direction}[${i}]`;
      listOf(rule['ports'] as Json[]).forEach((port, j) => {
        if (isObject(port)) causes.push(...validatePort(port, `${at}.ports[${j}]`));
      });
      listOf(rule[peers] as Json[]).forEach((peer, j) => {
        if (isObject(peer)) causes.push(...validatePeer(peer, `${at}.${peers}[${j}]`));
      });
    });
  }
  const types = listOf(spec['policyTypes'] as unknown[]).map(String);
  if (types.length > POLICY_TYPES.length) {
    return [...causes, invalid('spec.policyTypes', { goSyntax: `[]networking.PolicyType{${types.map(goQuote).join(', ')}}` }, 'may not specify more than two policyTypes')];
  }
  types.forEach((type, i) => {
    if (!POLICY_TYPES.includes(type)) causes.push(notSupported(`spec.policyTypes[${i}]`, type, POLICY_TYPES));
  });
  return causes;
}

export const networkPolicyStrategy: ResourceStrategy = {
  hasSpec: true,
  defaults: defaultNetworkPolicy,
  validate: (policy) => validateNetworkPolicySpec(specOf(policy)),
  validateUpdate: (policy) => validateNetworkPolicySpec(specOf(policy)),
  zeroObject: () => ({ metadata: {}, spec: { podSelector: {} } }),
};
