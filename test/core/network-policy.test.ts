/**
 * The network policy agent against the cases of the Kubernetes documentation
 * (concepts/services-networking/network-policies): default deny and allow all in each direction,
 * the example policy (ipBlock with except, namespaceSelector, podSelector, ports, egress), the
 * namespaceSelector-and-podSelector peer against the two-peer rule, named ports and endPort.
 */
import { describe, expect, it } from 'vitest';
import { TERMINAL_ADDRESS, decide, verdictText } from '#core/network-policy.ts';
import type { KubeObject, Pod } from '#core/objects.ts';
import { netPod, netStore, policy } from './support/network-policy.ts';

const db = netPod('db', '10.244.1.2', { role: 'db' }, 'default', [{ name: 'redis', containerPort: 6379 }]);
const frontend = netPod('frontend', '10.244.1.3', { role: 'frontend' });
const other = netPod('other', '10.244.1.4', { role: 'other' });
const mine = netPod('mine', '10.244.2.2', { role: 'anything' }, 'myproject');
const theirs = netPod('theirs', '10.244.2.3', { role: 'frontend' }, 'theirs');

const allowed = (objects: readonly KubeObject[], from: Pod | string, to: Pod | string, port: number, protocol?: 'TCP' | 'UDP') =>
  decide(netStore(objects, { myproject: { project: 'myproject' } }), {
    from: typeof from === 'string' ? { ip: from } : { pod: from },
    to: typeof to === 'string' ? { ip: to } : { pod: to },
    port,
    ...(protocol ? { protocol } : {}),
  }).allowed;

describe('without policies, and with the documentation’s defaults', () => {
  it('lets everything through when no policy selects the pods', () => {
    expect(allowed([db, frontend], frontend, db, 6379)).toBe(true);
    expect(allowed([db], TERMINAL_ADDRESS, db, 80)).toBe(true);
  });

  it('default deny all ingress: every pod of the namespace is isolated, egress untouched, and the drop says so', () => {
    const deny = policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(allowed([db, frontend, deny], frontend, db, 6379)).toBe(false);
    expect(allowed([db, frontend, deny], TERMINAL_ADDRESS, db, 6379)).toBe(false);
    expect(allowed([db, mine, deny], db, mine, 80)).toBe(true);
    const verdict = decide(netStore([db, frontend, deny]), { from: { pod: frontend }, to: { pod: db }, port: 6379 });
    expect(verdict).toEqual({ allowed: false, direction: 'ingress', pod: 'default/db', policies: ['default-deny-ingress'], defaultDeny: true });
    if (!verdict.allowed) expect(verdictText(verdict)).toBe('dropped by NetworkPolicy default-deny-ingress (a default deny: no ingress rule), which isolates pod default/db for ingress');
  });

  it('allow all ingress beside a default deny: policies add up', () => {
    const deny = policy('default-deny-ingress', { podSelector: {} });
    const all = policy('allow-all-ingress', { podSelector: {}, ingress: [{}] });
    expect(allowed([db, frontend, deny, all], frontend, db, 6379)).toBe(true);
    expect(allowed([db, deny, all], TERMINAL_ADDRESS, db, 1234)).toBe(true);
  });

  it('default deny all egress, and allow all egress', () => {
    const deny = policy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
    expect(allowed([db, frontend, deny], frontend, db, 6379)).toBe(false);
    expect(allowed([db, frontend, deny], frontend, '93.184.216.34', 80)).toBe(false);
    expect(allowed([db, deny], TERMINAL_ADDRESS, db, 6379)).toBe(true);
    const all = policy('allow-all-egress', { podSelector: {}, egress: [{}], policyTypes: ['Egress'] });
    expect(allowed([db, frontend, deny, all], frontend, db, 6379)).toBe(true);
  });

  it('always lets the pod’s own node in (the kubelet’s probes)', () => {
    expect(allowed([db, policy('deny', { podSelector: {} })], '10.0.1.10', db, 6379)).toBe(true);
    expect(allowed([db, policy('deny', { podSelector: {} })], '10.0.2.10', db, 6379)).toBe(false);
  });
});

describe('the documentation’s test-network-policy', () => {
  const example = policy('test-network-policy', {
    podSelector: { matchLabels: { role: 'db' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }, { namespaceSelector: { matchLabels: { project: 'myproject' } } }, { podSelector: { matchLabels: { role: 'frontend' } } }],
        ports: [{ protocol: 'TCP', port: 6379 }],
      },
    ],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
  });
  const all = [db, frontend, other, mine, theirs, example];

  it('lets role=frontend pods of its namespace, every pod of a project=myproject namespace, and 172.17.0.0/16 but 172.17.1.0/24 reach TCP 6379', () => {
    expect(allowed(all, frontend, db, 6379)).toBe(true);
    expect(allowed(all, mine, db, 6379)).toBe(true);
    expect(allowed(all, '172.17.0.5', db, 6379)).toBe(true);
    expect(allowed(all, '172.17.1.5', db, 6379)).toBe(false);
    expect(allowed(all, other, db, 6379)).toBe(false);
    // role=frontend in another namespace: a podSelector alone means the policy's namespace.
    expect(allowed(all, theirs, db, 6379)).toBe(false);
    expect(allowed(all, frontend, db, 80)).toBe(false);
    expect(allowed(all, frontend, db, 6379, 'UDP')).toBe(false);
  });

  it('lets db connect to 10.0.0.0/24 on TCP 5978 and nowhere else, and leaves the pods it does not select alone', () => {
    expect(allowed(all, db, '10.0.0.7', 5978)).toBe(true);
    expect(allowed(all, db, '10.0.1.7', 5978)).toBe(false);
    expect(allowed(all, db, '10.0.0.7', 80)).toBe(false);
    expect(allowed(all, db, frontend, 80)).toBe(false);
    expect(allowed(all, frontend, other, 80)).toBe(true);
  });

  it('names the policy that dropped a connection and its direction', () => {
    const verdict = decide(netStore(all), { from: { pod: db }, to: { pod: frontend }, port: 80 });
    expect(verdict).toEqual({ allowed: false, direction: 'egress', pod: 'default/db', policies: ['test-network-policy'], defaultDeny: false });
  });
});

describe('peers and ports', () => {
  it('namespaceSelector and podSelector in one peer select pods so labelled in namespaces so labelled; in two peers, either', () => {
    const both = policy('and', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { project: 'myproject' } }, podSelector: { matchLabels: { role: 'client' } } }] }] });
    const either = policy('or', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { project: 'myproject' } } }, { podSelector: { matchLabels: { role: 'client' } } }] }] });
    const client = netPod('client', '10.244.2.9', { role: 'client' }, 'myproject');
    const localClient = netPod('local', '10.244.1.9', { role: 'client' });
    expect(allowed([db, client, mine, localClient, both], client, db, 6379)).toBe(true);
    expect(allowed([db, client, mine, localClient, both], mine, db, 6379)).toBe(false);
    expect(allowed([db, client, mine, localClient, both], localClient, db, 6379)).toBe(false);
    expect(allowed([db, client, mine, localClient, either], mine, db, 6379)).toBe(true);
    expect(allowed([db, client, mine, localClient, either], localClient, db, 6379)).toBe(true);
    // The namespace's automatic label selects it by name.
    const byName = policy('by-name', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'myproject' } } }] }] });
    expect(allowed([db, mine, theirs, byName], mine, db, 6379)).toBe(true);
    expect(allowed([db, mine, theirs, byName], theirs, db, 6379)).toBe(false);
  });

  it('a named port is the destination pod’s container port of that name; endPort opens a range', () => {
    const named = policy('named', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: 'redis' }] }] });
    expect(allowed([db, frontend, named], frontend, db, 6379)).toBe(true);
    expect(allowed([db, frontend, named], db, frontend, 80)).toBe(false);
    const range = policy('multi-port-egress', { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }] });
    expect(allowed([db, range], db, '10.0.0.1', 32000)).toBe(true);
    expect(allowed([db, range], db, '10.0.0.1', 32768)).toBe(true);
    expect(allowed([db, range], db, '10.0.0.1', 32769)).toBe(false);
    expect(allowed([db, range], db, '10.0.0.1', 31999)).toBe(false);
  });

  it('an ipBlock matches pods by their address too, and no other peer', () => {
    const block = policy('block', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.244.1.0/24', except: ['10.244.1.4/32'] } }] }] });
    expect(allowed([db, frontend, other, mine, block], frontend, db, 6379)).toBe(true);
    expect(allowed([db, frontend, other, mine, block], other, db, 6379)).toBe(false);
    expect(allowed([db, frontend, other, mine, block], mine, db, 6379)).toBe(false);
  });
});
