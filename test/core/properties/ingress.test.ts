/**
 * Invariants of the simulated ingress controller's routing (fast-check): Prefix matching is
 * element-wise whatever the trailing slashes, and of the rules an Ingress has, a request is sent by
 * the longest path that matches it (Exact before Prefix at the same length), or answered 404 when
 * none does; whichever Ingress and rule order carries the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingressAddress } from '#core/ingress-controller.ts';
import { pathMatches, routeIngress } from '#core/ingress-routing.ts';
import type { IngressClass } from '#core/objects.ts';
import { call } from '../api-server/fixtures.ts';
import { apply, labCluster, service } from '../support/lab.ts';

const GROUP = 'networking.k8s.io';
const element = fc.constantFrom('a', 'b', 'ab', 'api', 'v1');
const elements = fc.array(element, { maxLength: 4 });
const asPath = (parts: readonly string[], trailing: boolean) => `/${parts.join('/')}${trailing && parts.length > 0 ? '/' : ''}`;
const isPrefix = (p: readonly string[], r: readonly string[]) => p.length <= r.length && p.every((part, i) => part === r[i]);

describe('Ingress routing', () => {
  it('matches a Prefix path element by element, whatever the trailing slashes', () => {
    fc.assert(
      fc.property(elements, fc.boolean(), elements, fc.boolean(), (rule, ruleSlash, request, requestSlash) => {
        expect(pathMatches({ path: asPath(rule, ruleSlash), pathType: 'Prefix', backend: {} }, asPath(request, requestSlash))).toBe(isPrefix(rule, request));
      }),
      { numRuns: 300 },
    );
  });

  it('sends a request by the longest matching path, Exact first, split over any Ingresses, or answers 404', () => {
    // Six Services to route to, one cluster: each run rewrites the Ingresses.
    const cluster = labCluster();
    for (let i = 0; i < 6; i++) apply(cluster, service(cluster, `s${i}`, [{ port: 80 }], { clusterIP: `10.96.100.${20 + i}` }));
    call(cluster, { verb: 'create', group: GROUP, resource: 'ingressclasses', body: { apiVersion: `${GROUP}/v1`, kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } } });
    const address = ingressAddress(cluster.etcd.get<IngressClass>('IngressClass', undefined, 'nginx')!);
    const rule = fc.record({ parts: elements, slash: fc.boolean(), exact: fc.boolean(), ingress: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(fc.uniqueArray(rule, { minLength: 1, maxLength: 6, selector: (r) => `${asPath(r.parts, r.slash)} ${r.exact}` }), elements, fc.boolean(), (rules, request, slash) => {
        for (const name of ['i0', 'i1', 'i2']) call(cluster, { verb: 'delete', group: GROUP, resource: 'ingresses', namespace: 'default', name });
        const paths = rules.map((r, i) => ({ path: asPath(r.parts, r.slash), pathType: r.exact ? 'Exact' : 'Prefix', backend: { service: { name: `s${i}`, port: { number: 80 } } } }));
        for (let n = 0; n < 3; n++) {
          const own = paths.filter((_, i) => rules[i]!.ingress === n);
          if (own.length === 0) continue;
          const body = { apiVersion: `${GROUP}/v1`, kind: 'Ingress', metadata: { name: `i${n}` }, spec: { ingressClassName: 'nginx', rules: [{ http: { paths: own } }] } };
          expect(call(cluster, { verb: 'create', group: GROUP, resource: 'ingresses', namespace: 'default', body }).status).toBe(201);
        }
        const requestPath = asPath(request, slash);
        const matching = paths.filter((p) => pathMatches(p as never, requestPath));
        const decision = routeIngress(cluster.etcd, address, 80, { path: requestPath });
        if (matching.length === 0) {
          expect(decision).toMatchObject({ kind: 'answered', answer: { status: 404 } });
          return;
        }
        const longest = Math.max(...matching.map((p) => p.path.length));
        const best = matching.filter((p) => p.path.length === longest).sort((a, b) => Number(b.pathType === 'Exact') - Number(a.pathType === 'Exact'))[0]!;
        // The controller's choice, before kube-proxy looks for a ready endpoint.
        expect(decision).toMatchObject({ kind: 'service', service: { metadata: { name: best.backend.service.name } } });
      }),
      { numRuns: 60 },
    );
  });
});
