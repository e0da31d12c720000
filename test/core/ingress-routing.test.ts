/**
 * The simulated ingress-nginx: the controller's address and events, and how a request to that
 * address is routed by host and path (the Ingress API's examples table), to the Service's pods
 * through kube-proxy, or answered 404/503 by the controller itself.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '#core/cluster.ts';
import { INGRESS_CONTROLLER_SOURCE, ingressAddress } from '#core/ingress-controller.ts';
import { NOT_FOUND_PAGE, UNAVAILABLE_PAGE, hostMatches, pathMatches } from '#core/ingress-routing.ts';
import type { HTTPIngressPath, Ingress, IngressClass, KubeEvent } from '#core/objects.ts';
import { sendRequests } from '#core/traffic.ts';
import { body, call } from './api-server/fixtures.ts';
import { advance, apply, deployment, eventsAbout, labCluster, service } from './support/lab.ts';

const GROUP = 'networking.k8s.io';
const prefix = (path: string): HTTPIngressPath => ({ path, pathType: 'Prefix', backend: {} });
const exact = (path: string): HTTPIngressPath => ({ path, pathType: 'Exact', backend: {} });

describe('Ingress path and host matching, as the Ingress API defines it', () => {
  // https://kubernetes.io/docs/concepts/services-networking/ingress/#examples
  it.each([
    [prefix('/'), '/anything/at/all', true],
    [exact('/foo'), '/foo', true],
    [exact('/foo'), '/bar', false],
    [exact('/foo'), '/foo/', false],
    [exact('/foo/'), '/foo', false],
    [prefix('/foo'), '/foo', true],
    [prefix('/foo'), '/foo/', true],
    [prefix('/foo/'), '/foo', true],
    [prefix('/foo/'), '/foo/', true],
    [prefix('/aaa/bb'), '/aaa/bbb', false],
    [prefix('/aaa/bbb'), '/aaa/bbb', true],
    [prefix('/aaa/bbb/'), '/aaa/bbb', true],
    [prefix('/aaa/bbb'), '/aaa/bbb/', true],
    [prefix('/aaa/bbb'), '/aaa/bbb/ccc', true],
    [prefix('/aaa/bbb'), '/aaa/bbbxyz', false],
  ])('%j matches %s: %s', (rule, path, matches) => {
    expect(pathMatches(rule, path)).toBe(matches);
  });

  it('matches a wildcard host on one label only', () => {
    expect(hostMatches('*.foo.com', 'bar.foo.com')).toBe(true);
    expect(hostMatches('*.foo.com', 'baz.bar.foo.com')).toBe(false);
    expect(hostMatches('*.foo.com', 'foo.com')).toBe(false);
    expect(hostMatches('foo.bar.com', 'foo.bar.com')).toBe(true);
  });
});

/** A lab with three apps behind Services and the nginx class, the default. */
function lab(): Cluster {
  const cluster = labCluster();
  ['service1', 'service2', 'api'].forEach((name, i) => {
    apply(cluster, deployment(cluster, name));
    apply(cluster, service(cluster, name, [{ port: 80, name: 'http' } as never], { clusterIP: `10.96.100.${10 + i}` }));
  });
  apply(cluster, service(cluster, 'empty', [{ port: 80 }], { clusterIP: '10.96.100.20' }));
  call(cluster, {
    verb: 'create',
    group: GROUP,
    resource: 'ingressclasses',
    body: { apiVersion: `${GROUP}/v1`, kind: 'IngressClass', metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } },
  });
  advance(cluster, 10_000);
  return cluster;
}

const createIngress = (cluster: Cluster, name: string, spec: Record<string, unknown>) => {
  const response = call(cluster, { verb: 'create', group: GROUP, resource: 'ingresses', namespace: 'default', body: { apiVersion: `${GROUP}/v1`, kind: 'Ingress', metadata: { name }, spec } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return body<Ingress>(response);
};
const to = (service: string, port: Record<string, unknown> = { number: 80 }) => ({ service: { name: service, port } });
const path = (p: string, service: string, pathType = 'Prefix') => ({ path: p, pathType, backend: to(service) });
const addressOf = (cluster: Cluster) => ingressAddress(cluster.etcd.get<IngressClass>('IngressClass', undefined, 'nginx')!);
const send = (cluster: Cluster, request: { path?: string; hostHeader?: string; scheme?: 'http' | 'https'; port?: number; insecure?: boolean }) =>
  sendRequests(cluster, { host: addressOf(cluster), port: request.port ?? (request.scheme === 'https' ? 443 : 80), ...request }, 1)[0]!;

describe('the ingress controller', () => {
  it('gives each Ingress of its class the controller’s ELB address and says Sync, leaving other classes alone', () => {
    const cluster = lab();
    createIngress(cluster, 'fanout', { rules: [{ host: 'foo.bar.com', http: { paths: [path('/foo', 'service1')] } }] });
    createIngress(cluster, 'other', { ingressClassName: 'traefik', defaultBackend: to('service1') });
    const fanout = cluster.etcd.get<Ingress>('Ingress', 'default', 'fanout')!;
    expect(fanout.spec?.ingressClassName).toBe('nginx');
    expect(fanout.status?.loadBalancer?.ingress).toEqual([{ hostname: addressOf(cluster) }]);
    expect(addressOf(cluster)).toMatch(/^a[0-9a-f]{31}-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    expect(eventsAbout(cluster, 'Ingress', 'fanout')).toEqual(['Sync: Scheduled for sync']);
    const syncs = cluster.etcd.list<KubeEvent>('Event').filter((e) => e.involvedObject.name === 'fanout');
    expect(syncs.map((e) => [e.source.component, e.count])).toEqual([[INGRESS_CONTROLLER_SOURCE, 2]]);
    expect(cluster.etcd.get<Ingress>('Ingress', 'default', 'other')?.status).toEqual({ loadBalancer: {} });
    // A changed spec is synced again; the controller's own status write is not.
    call(cluster, { verb: 'patch', group: GROUP, resource: 'ingresses', namespace: 'default', name: 'fanout', patchType: 'merge', body: { spec: { defaultBackend: to('api') } } });
    expect(cluster.etcd.list<KubeEvent>('Event').find((e) => e.involvedObject.name === 'fanout')?.count).toBe(3);
  });

  it('on an eks cluster, gives the address in the cluster’s region, and routes requests sent to it there', () => {
    const cluster = Cluster.create({ id: 'eks', name: 'eks', now: Date.UTC(2026, 11, 8, 9), seed: 3, flavour: 'eks', region: 'us-west-2' });
    apply(cluster, deployment(cluster, 'web'));
    apply(cluster, service(cluster, 'web', [{ port: 80 }], { clusterIP: '10.100.100.10' }));
    call(cluster, { verb: 'create', group: GROUP, resource: 'ingressclasses', body: { apiVersion: `${GROUP}/v1`, kind: 'IngressClass', metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } } });
    createIngress(cluster, 'web', { rules: [{ host: 'shop.example.com', http: { paths: [path('/', 'web')] } }] });
    advance(cluster, 30_000);
    const hostname = cluster.etcd.get<Ingress>('Ingress', 'default', 'web')?.status?.loadBalancer?.ingress?.[0]?.hostname ?? '';
    expect(hostname).toMatch(/^a[0-9a-f]{31}-\d{10}\.us-west-2\.elb\.amazonaws\.com$/);
    // What kubectl get ingress shows is where curl is sent; a name that is not an ELB's is not the controller's.
    expect(sendRequests(cluster, { host: hostname, port: 80, hostHeader: 'shop.example.com', path: '/' }, 1)[0]).toMatchObject({ ok: true, service: 'default/web', ingress: { ingress: 'default/web' } });
    expect(sendRequests(cluster, { host: hostname.replace('.elb.', '.elb-other.'), port: 80, hostHeader: 'shop.example.com', path: '/' }, 1)[0]).toMatchObject({ ok: false });
  });

  it('takes the address back when the class goes', () => {
    const cluster = lab();
    createIngress(cluster, 'web', { defaultBackend: to('service1') });
    call(cluster, { verb: 'delete', group: GROUP, resource: 'ingressclasses', name: 'nginx' });
    expect(cluster.etcd.get<Ingress>('Ingress', 'default', 'web')?.status).toEqual({ loadBalancer: {} });
  });
});

describe('requests through the ingress controller', () => {
  it('routes the docs’ simple fanout by path, the longest match first, to a pod of the Service', () => {
    const cluster = lab();
    createIngress(cluster, 'simple-fanout-example', { rules: [{ host: 'foo.bar.com', http: { paths: [path('/foo', 'service1'), path('/bar', 'service2'), path('/bar/api', 'api')] } }] });
    const foo = send(cluster, { hostHeader: 'foo.bar.com', path: '/foo/index.html' });
    expect(foo).toMatchObject({ ok: true, service: 'default/service1', ingress: { ingress: 'default/simple-fanout-example', rule: 'foo.bar.com/foo (Prefix)', backend: 'service1:80' }, address: addressOf(cluster) });
    expect(foo.ok && foo.via !== 'ingress-controller' && foo.pod).toMatch(/^service1-/);
    expect(send(cluster, { hostHeader: 'foo.bar.com', path: '/bar/api/v1' })).toMatchObject({ service: 'default/api', ingress: { rule: 'foo.bar.com/bar/api (Prefix)' } });
    expect(send(cluster, { hostHeader: 'foo.bar.com', path: '/bar' })).toMatchObject({ service: 'default/service2' });
    // /foobar is not under /foo; another host has no server: the default backend's 404.
    expect(send(cluster, { hostHeader: 'foo.bar.com', path: '/foobar' })).toMatchObject({ ok: true, via: 'ingress-controller', status: 404, page: NOT_FOUND_PAGE });
    expect(send(cluster, { hostHeader: 'bar.foo.com', path: '/foo' })).toMatchObject({ status: 404 });
    // The URL's own host (the address) is the Host header when none is given.
    expect(send(cluster, { path: '/foo' })).toMatchObject({ status: 404 });
  });

  it('routes the docs’ name-based virtual hosts, a wildcard on one label, and rules without a host for the rest', () => {
    const cluster = lab();
    createIngress(cluster, 'name-virtual-host-ingress', {
      rules: [
        { host: 'foo.bar.com', http: { paths: [path('/', 'service1')] } },
        { host: '*.bar.com', http: { paths: [path('/', 'service2')] } },
        { http: { paths: [path('/', 'api')] } },
      ],
    });
    expect(send(cluster, { hostHeader: 'foo.bar.com' })).toMatchObject({ service: 'default/service1' });
    expect(send(cluster, { hostHeader: 'baz.bar.com' })).toMatchObject({ service: 'default/service2', ingress: { rule: '*.bar.com/ (Prefix)' } });
    expect(send(cluster, { hostHeader: 'a.baz.bar.com' })).toMatchObject({ service: 'default/api', ingress: { rule: '*/ (Prefix)' } });
    expect(send(cluster, { hostHeader: 'FOO.bar.com:80' })).toMatchObject({ service: 'default/service1' });
  });

  it('prefers Exact to Prefix at the same path, and uses the default backend when no path matches', () => {
    const cluster = lab();
    createIngress(cluster, 'mixed', { defaultBackend: to('api'), rules: [{ http: { paths: [path('/foo', 'service1'), path('/foo', 'service2', 'Exact')] } }] });
    expect(send(cluster, { path: '/foo' })).toMatchObject({ service: 'default/service2', ingress: { rule: '*/foo (Exact)' } });
    expect(send(cluster, { path: '/foo/x' })).toMatchObject({ service: 'default/service1' });
    expect(send(cluster, { path: '/other' })).toMatchObject({ service: 'default/api', ingress: { rule: 'default backend', backend: 'api:80' } });
  });

  it('answers 503 for a Service with no ready endpoint, or none at all, and finds a port by its name', () => {
    const cluster = lab();
    createIngress(cluster, 'broken', {
      rules: [{ http: { paths: [path('/empty', 'empty'), path('/gone', 'nowhere'), { path: '/named', pathType: 'Prefix', backend: to('service1', { name: 'http' }) }] } }],
    });
    expect(send(cluster, { path: '/empty' })).toMatchObject({ ok: true, via: 'ingress-controller', status: 503, page: UNAVAILABLE_PAGE, detail: 'service default/empty has no ready endpoints' });
    expect(send(cluster, { path: '/gone' })).toMatchObject({ status: 503, detail: 'service default/nowhere was not found', ingress: { backend: 'nowhere:80' } });
    expect(send(cluster, { path: '/named' })).toMatchObject({ service: 'default/service1', ingress: { backend: 'service1:http' } });
  });

  it('serves https to a TLS host whose Secret is a TLS secret, and the fake certificate otherwise', () => {
    const cluster = lab();
    createIngress(cluster, 'tls-example-ingress', { tls: [{ hosts: ['https-example.foo.com'], secretName: 'testsecret-tls' }], rules: [{ host: 'https-example.foo.com', http: { paths: [path('/', 'service1')] } }] });
    const https = { hostHeader: 'https-example.foo.com', scheme: 'https' as const };
    expect(send(cluster, https)).toMatchObject({ ok: false, reason: 'certificate', detail: 'secret default/testsecret-tls of ingress default/tls-example-ingress was not found: the controller serves its default fake certificate' });
    expect(send(cluster, { ...https, insecure: true })).toMatchObject({ ok: true, service: 'default/service1' });
    call(cluster, { verb: 'create', resource: 'secrets', namespace: 'default', body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'testsecret-tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' } } });
    expect(send(cluster, https)).toMatchObject({ ok: true, service: 'default/service1' });
    expect(send(cluster, { hostHeader: 'other.foo.com', scheme: 'https' })).toMatchObject({ ok: false, reason: 'certificate' });
  });

  it('leaves every other address to kube-proxy', () => {
    const cluster = lab();
    createIngress(cluster, 'web', { defaultBackend: to('service1') });
    expect(sendRequests(cluster, { host: 'service2', port: 80, namespace: 'default' }, 1)[0]).toMatchObject({ ok: true, service: 'default/service2' });
    expect(sendRequests(cluster, { host: 'service2', port: 80, namespace: 'default' }, 1)[0]).not.toHaveProperty('ingress');
  });
});
