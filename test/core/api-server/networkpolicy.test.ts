/** The NetworkPolicy strategy: v1.32's defaulting and ValidateNetworkPolicySpec, through the API server. */
import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { NetworkPolicy } from '#core/objects.ts';
import { body, call, newCluster } from './fixtures.ts';

const create = (spec: Record<string, unknown>, name = 'db') =>
  call(newCluster(), { verb: 'create', group: 'networking.k8s.io', resource: 'networkpolicies', namespace: 'default', body: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec } });
const causes = (spec: Record<string, unknown>) => (body<KubeStatus>(create(spec)).details?.causes ?? []).map((c) => `${'field' in c ? c.field : ''}: ${c.message}`);

describe('NetworkPolicy strategy', () => {
  it('infers the policy types from the rules and defaults each port to TCP, as SetDefaults_NetworkPolicy does', () => {
    const ingressOnly = body<NetworkPolicy>(create({ podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 5432 }] }] }));
    expect(ingressOnly.metadata.generation).toBe(1);
    expect(ingressOnly.spec).toEqual({ podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ protocol: 'TCP', port: 5432 }] }], policyTypes: ['Ingress'] });
    const both = body<NetworkPolicy>(create({ podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }));
    expect(both.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(both.spec?.egress?.[0]?.ports).toEqual([{ port: 53, protocol: 'UDP' }]);
    const egressOnly = body<NetworkPolicy>(create({ podSelector: {}, policyTypes: ['Egress'] }));
    expect(egressOnly.spec?.policyTypes).toEqual(['Egress']);
    // A body without a spec selects every pod of the namespace and denies their ingress.
    expect(body<NetworkPolicy>(call(newCluster(), { verb: 'create', group: 'networking.k8s.io', resource: 'networkpolicies', namespace: 'default', body: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' } } })).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });

  it('refuses bad ports in v1.32’s words: protocol, numbers, names and endPort', () => {
    expect(causes({ podSelector: {}, ingress: [{ ports: [{ port: 80, protocol: 'ICMP' }] }] })).toEqual(['spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"']);
    expect(causes({ podSelector: {}, ingress: [{ ports: [{ port: 70000 }] }] })).toEqual(['spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive']);
    expect(causes({ podSelector: {}, egress: [{ ports: [{ port: 32000, endPort: 100 }] }] })).toEqual(['spec.egress[0].ports[0].endPort: Invalid value: 100: must be greater than or equal to `port`']);
    expect(causes({ podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 100 }] }] })).toEqual(['spec.ingress[0].ports[0].endPort: Invalid value: 100: may not be specified when `port` is non-numeric']);
    expect(causes({ podSelector: {}, ingress: [{ ports: [{ endPort: 100 }] }] })).toEqual(['spec.ingress[0].ports[0].endPort: Invalid value: 100: may not be specified when `port` is not specified']);
    expect(causes({ podSelector: {}, ingress: [{ ports: [{ port: 'HTTP' }] }] })).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ingress[0].ports[0].port: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
  });

  it('refuses an empty peer, an ipBlock beside a selector, a bad CIDR and an exception outside the block', () => {
    expect(causes({ podSelector: {}, ingress: [{ from: [{}] }] })).toEqual(['spec.ingress[0].from[0]: Required value: must specify a peer']);
    expect(causes({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] })).toEqual(['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer']);
    expect(causes({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.300/8' } }] }] })).toEqual(['spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.300/8": not a valid CIDR']);
    expect(causes({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.18.1.0/24', '172.17.0.0/16', '172.17.1.0/24'] } }] }] })).toEqual([
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "172.18.1.0/24": must be a strict subset of `cidr`',
      'spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "172.17.0.0/16": must be a strict subset of `cidr`',
    ]);
    expect(causes({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '' } }] }] })).toEqual(['spec.ingress[0].from[0].ipBlock.cidr: Required value']);
    expect(causes({ podSelector: { matchLabels: { 'a b': 'x' } } })[0]).toMatch(/^spec\.podSelector\.matchLabels: Invalid value: "a b": name part must consist of/);
  });

  it('refuses an unknown policy type and more than two', () => {
    expect(causes({ podSelector: {}, policyTypes: ['Ingres'] })).toEqual(['spec.policyTypes[0]: Unsupported value: "Ingres": supported values: "Ingress", "Egress"']);
    expect(causes({ podSelector: {}, policyTypes: ['Ingress', 'Egress', 'Ingress'] })).toEqual(['spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes']);
  });
});
