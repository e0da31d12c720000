/**
 * The ingressRoutes check on the real simulation: a request is sent through the simulated
 * ingress-nginx by host and path, and passes only when it reaches the wanted Service with a ready
 * endpoint; what a learner reads when it does not.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { apply } from '#services/grading/cluster-actions.ts';
import { evaluateClusterCheck } from '#services/grading/cluster-checks.ts';
import { scratchCluster } from '#services/grading/cluster-setup.ts';
import { CheckSchema, type Manifest } from '#services/grading/exercise-schema.ts';
import { check } from './fixtures.ts';

const wait = (cluster: Cluster, seconds: number) => cluster.advanceTo(cluster.now + seconds * 1000);
const applied = (cluster: Cluster, ...manifests: unknown[]) => {
  for (const manifest of manifests) expect(apply(cluster, manifest as Manifest)).toMatchObject({ ok: true });
};
const NGINX = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } };
const app = (name: string, replicas = 1) => [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx:1.27' }] } } } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80, name: 'http' }] } },
];
const ingress = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec: { ingressClassName: 'nginx', ...spec } });
const rule = (host: string | undefined, path: string, service: string, pathType = 'Prefix', port: Record<string, unknown> = { number: 80 }) => ({
  ...(host ? { host } : {}),
  http: { paths: [{ path, pathType, backend: { service: { name: service, port } } }] },
});

const apiCheck = check({ id: 'api', title: 'api', type: 'ingressRoutes', host: 'shop.example.com', path: '/api/orders', service: { name: 'api' } });
const evaluate = (cluster: Cluster, which = apiCheck) => evaluateClusterCheck(which, cluster);

function shop(): Cluster {
  const cluster = scratchCluster(2);
  applied(cluster, ...app('api'), ...app('frontend'));
  wait(cluster, 30);
  return cluster;
}

describe('ingressRoutes', () => {
  it('needs an ingress controller, then an Ingress it gave an address', () => {
    const cluster = shop();
    expect(evaluate(cluster)).toEqual({ passed: false, message: 'there is no ingress controller yet: no IngressClass has controller k8s.io/ingress-nginx; create the nginx IngressClass first' });
    applied(cluster, NGINX, { ...ingress('shop', { rules: [rule('shop.example.com', '/api', 'api')] }), spec: { rules: [rule('shop.example.com', '/api', 'api')] } });
    expect(evaluate(cluster)).toEqual({ passed: false, message: 'no Ingress has an address from the ingress controller yet (found "shop", with no class the controller serves: set ingressClassName: nginx)' });
  });

  it('passes for any Ingress whose rules send the request to the Service, whatever its name or path type', () => {
    for (const rules of [[rule('shop.example.com', '/api', 'api')], [rule('shop.example.com', '/', 'frontend'), rule('shop.example.com', '/api/orders', 'api', 'Exact')], [rule(undefined, '/api', 'api', 'Prefix', { name: 'http' })]]) {
      const cluster = shop();
      applied(cluster, NGINX, ingress('anything', { rules }));
      const finding = evaluate(cluster);
      expect(finding.passed, finding.message).toBe(true);
      expect(finding.message).toMatch(/^a request for http:\/\/shop\.example\.com\/api\/orders is routed by ingress default\/anything, rule \S+ \((Prefix|Exact)\) to service "api" in namespace "default", answered by one of its 1 ready endpoint$/);
    }
  });

  it('fails a rule that looks right but does not route the request, saying what it met', () => {
    const cluster = shop();
    applied(cluster, NGINX, ingress('shop', { rules: [rule('shop.example.com', '/apis', 'api'), rule('shop.example.com', '/', 'frontend')] }));
    expect(evaluate(cluster)).toEqual({ passed: false, message: 'a request for http://shop.example.com/api/orders is routed by ingress default/shop, rule shop.example.com/ (Prefix) to service "frontend", not to service "api" in namespace "default"' });
    applied(cluster, ingress('shop', { rules: [rule('shop.example.org', '/api', 'api')] }));
    expect(evaluate(cluster).message).toBe(
      "a request for http://shop.example.com/api/orders got 404 from the ingress controller: no rule of the Ingresses of class nginx matches host shop.example.com and path /api/orders: the controller's default backend answered 404; it should reach service \"api\" in namespace \"default\"",
    );
    applied(cluster, ingress('shop', { rules: [rule('shop.example.com', '/api', 'api', 'Prefix', { number: 8080 })] }));
    expect(evaluate(cluster).message).toBe(
      'a request for http://shop.example.com/api/orders got 503 from the ingress controller (ingress default/shop, rule shop.example.com/api (Prefix) -> api:8080): service default/api has no port 8080; it should reach service "api" in namespace "default"',
    );
  });

  it('fails while the Service has no ready endpoint', () => {
    const cluster = shop();
    applied(cluster, NGINX, ingress('shop', { rules: [rule('shop.example.com', '/api', 'api')] }));
    applied(cluster, { ...app('api', 0)[0] });
    wait(cluster, 60);
    expect(evaluate(cluster)).toEqual({
      passed: false,
      message: 'a request for http://shop.example.com/api/orders is routed by ingress default/shop, rule shop.example.com/api (Prefix) to service "api" in namespace "default", which answers 503: service default/api has no ready endpoints',
    });
  });

  it('refuses a host or path that is not one at upload', () => {
    expect(CheckSchema.safeParse({ id: 'a', title: 'a', type: 'ingressRoutes', host: 'Shop Example', service: { name: 'api' } }).success).toBe(false);
    expect(CheckSchema.safeParse({ id: 'a', title: 'a', type: 'ingressRoutes', path: 'api', service: { name: 'api' } }).success).toBe(false);
    expect(check({ id: 'a', title: 'a', type: 'ingressRoutes', service: { name: 'api' } })).toMatchObject({ path: '/', service: { namespace: 'default', name: 'api' } });
  });
});
