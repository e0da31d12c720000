/**
 * NetworkPolicies add up (fast-check): with random policies, pods and connections, adding a policy
 * never drops a connection that was allowed, unless it is the first to isolate one of its ends in
 * that direction; and the policies' order does not matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Flow, decide, isolating } from '#core/network-policy.ts';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Pod } from '#core/objects.ts';
import { netPod, netStore, policy } from '../support/network-policy.ts';

const PODS: Pod[] = [
  netPod('a1', '10.244.1.2', { role: 'a' }, 'default', [{ name: 'http', containerPort: 80 }]),
  netPod('b1', '10.244.1.3', { role: 'b' }),
  netPod('c1', '10.244.2.2', { role: 'c' }, 'team', [{ name: 'http', containerPort: 8080 }]),
  netPod('a2', '10.244.2.3', { role: 'a' }, 'team'),
];
const NAMESPACES = { team: { tier: 'apps' } };

const selector = fc.oneof(fc.constant({}), fc.constantFrom('a', 'b', 'c').map((role) => ({ matchLabels: { role } })));
const peer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  selector.map((podSelector) => ({ podSelector })),
  fc.constantFrom({ matchLabels: { tier: 'apps' } }, {}).map((namespaceSelector) => ({ namespaceSelector })),
  fc.tuple(selector, fc.constantFrom({ matchLabels: { tier: 'apps' } }, {})).map(([podSelector, namespaceSelector]) => ({ podSelector, namespaceSelector })),
  fc.constantFrom({ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.1.0/24'] } }, { ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '198.51.100.0/24' } }),
);
const port: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.constantFrom(80, 443, 8080).map((p) => ({ protocol: 'TCP' as const, port: p })),
  fc.constant({ protocol: 'TCP' as const, port: 'http' }),
  fc.constant({ protocol: 'TCP' as const, port: 8000, endPort: 8100 }),
  fc.constant({ protocol: 'UDP' as const }),
);
const rules = fc.array(fc.record({ ports: fc.option(fc.array(port, { maxLength: 2 }), { nil: undefined }), peers: fc.option(fc.array(peer, { maxLength: 2 }), { nil: undefined }) }), { maxLength: 2 });
const anyPolicy = (name: string): fc.Arbitrary<NetworkPolicy> =>
  fc
    .record({ podSelector: selector, ingress: rules, egress: rules, types: fc.constantFrom<readonly ('Ingress' | 'Egress')[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']), namespace: fc.constantFrom('default', 'team') })
    .map(({ podSelector, ingress, egress, types, namespace }) =>
      policy(
        name,
        {
          podSelector,
          policyTypes: types,
          ingress: ingress.map((r) => ({ ...(r.ports ? { ports: r.ports } : {}), ...(r.peers ? { from: r.peers } : {}) })),
          egress: egress.map((r) => ({ ...(r.ports ? { ports: r.ports } : {}), ...(r.peers ? { to: r.peers } : {}) })),
        },
        namespace,
      ),
    );
const flow: fc.Arbitrary<Flow> = fc.record({
  from: fc.oneof(fc.constantFrom(...PODS).map((pod) => ({ pod })), fc.constantFrom('198.51.100.7', '10.0.1.10', '172.16.0.1').map((ip) => ({ ip }))),
  to: fc.constantFrom(...PODS).map((pod) => ({ pod })),
  port: fc.constantFrom(80, 443, 8080, 8050),
  protocol: fc.constantFrom('TCP' as const, 'UDP' as const),
});

describe('NetworkPolicies under random policies and connections', () => {
  it('add up: a new policy drops nothing that was allowed unless it newly isolates an end; their order does not matter', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 3 }).chain((xs) => fc.tuple(fc.tuple(...xs.map((_, i) => anyPolicy(`p${i}`))), anyPolicy('added'))), flow, ([policies, added], f) => {
        const before = netStore([...PODS, ...policies], NAMESPACES);
        const after = netStore([...PODS, ...policies, added], NAMESPACES);
        const newlyIsolates = (pod: Pod, direction: 'ingress' | 'egress') => isolating(before, pod, direction).length === 0 && isolating(after, pod, direction).length > 0;
        const isolatesAnew = ('pod' in f.from && newlyIsolates(f.from.pod, 'egress')) || ('pod' in f.to && newlyIsolates(f.to.pod, 'ingress'));
        if (decide(before, f).allowed && !isolatesAnew) expect(decide(after, f).allowed).toBe(true);
        // A connection the new policy drops was already dropped, or the new policy isolated an end.
        if (!decide(after, f).allowed && !isolatesAnew) expect(decide(before, f).allowed).toBe(false);
        const reversed = netStore([...PODS, added, ...[...policies].reverse()], NAMESPACES);
        expect(decide(reversed, f).allowed).toBe(decide(after, f).allowed);
      }),
      { numRuns: 300 },
    );
  });
});
