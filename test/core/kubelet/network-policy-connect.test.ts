/** A pod's connections through the network policy agent: DNS egress to kube-dns counts, then the answering pod's ingress. */
import { describe, expect, it } from 'vitest';
import { policed } from '#core/kubelet/network-policy-connect.ts';
import { netPod, netStore, policy } from '../support/network-policy.ts';

const client = netPod('client', '10.244.1.7', { app: 'client' });
const web = netPod('web', '10.244.1.8', { app: 'web' });
const dns = netPod('coredns-1', '10.244.0.2', { 'k8s-app': 'kube-dns' }, 'kube-system', [{ name: 'dns', containerPort: 53 }]);
const answered = { ok: true as const, address: '10.96.0.20', bodyBytes: 615, pod: web, port: 80 };
const denyEgress = policy('deny-egress', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'] });
const allowDns = policy('allow-dns', {
  podSelector: { matchLabels: { app: 'client' } },
  policyTypes: ['Egress'],
  egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }] }],
});

describe('a pod’s connection under NetworkPolicies', () => {
  it('is answered as kube-proxy routed it when no policy isolates either end', () => {
    expect(policed(netStore([client, web, dns]), client, 'web', answered)).toEqual({ ok: true, address: '10.96.0.20', bodyBytes: 615 });
  });

  it('cannot resolve a name without egress to kube-dns, but reaches an IP it may reach', () => {
    const lookup = policed(netStore([client, web, dns, denyEgress]), client, 'web', answered);
    expect(lookup).toMatchObject({ ok: false, reason: 'no-such-host' });
    expect(lookup.ok ? '' : lookup.droppedBy).toBe('the lookup of web was dropped by NetworkPolicy deny-egress (a default deny: no egress rule), which isolates pod default/client for egress');
  });

  it('resolves with DNS allowed, then times out where its egress does not reach, naming the pod and the policies', () => {
    const connection = policed(netStore([client, web, dns, denyEgress, allowDns]), client, 'web', answered);
    expect(connection).toEqual({
      ok: false,
      reason: 'timed-out',
      address: '10.96.0.20',
      droppedBy: 'the connection to pod web (10.244.1.8:80) was dropped by NetworkPolicies allow-dns, deny-egress: no egress rule allows it, which isolates pod default/client for egress',
    });
    const allowWeb = policy('allow-web', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
    expect(policed(netStore([client, web, dns, denyEgress, allowDns, allowWeb]), client, 'web', answered)).toMatchObject({ ok: true });
  });
});
