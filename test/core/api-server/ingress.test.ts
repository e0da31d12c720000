/** The Ingress and IngressClass strategies: v1.32's validation, first status and the DefaultIngressClass plugin, through the API server. */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { Ingress, IngressClass } from '#core/objects.ts';
import { body, call, newCluster } from './fixtures.ts';

const GROUP = 'networking.k8s.io';
const backend = (name = 'web', port: Record<string, unknown> = { number: 80 }) => ({ service: { name, port } });
const rule = (path: Record<string, unknown>, host?: string) => ({ ...(host ? { host } : {}), http: { paths: [{ backend: backend(), ...path }] } });

const createIngress = (cluster: Cluster, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  call(cluster, { verb: 'create', group: GROUP, resource: 'ingresses', namespace: 'default', body: { apiVersion: `${GROUP}/v1`, kind: 'Ingress', metadata: { name: 'web', ...metadata }, spec } });
const createClass = (cluster: Cluster, name: string, spec: Record<string, unknown>, annotations?: Record<string, string>) =>
  call(cluster, { verb: 'create', group: GROUP, resource: 'ingressclasses', body: { apiVersion: `${GROUP}/v1`, kind: 'IngressClass', metadata: { name, ...(annotations ? { annotations } : {}) }, spec } });
const causes = (response: ReturnType<typeof call>) => (body<KubeStatus>(response).details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);

describe('Ingress strategy', () => {
  it('stores an Ingress at generation 1 with an empty load balancer, the spec as sent', () => {
    const response = createIngress(newCluster(), { rules: [rule({ path: '/', pathType: 'Prefix' }, 'foo.bar.com')] });
    expect(response.status).toBe(201);
    const ingress = body<Ingress>(response);
    expect(ingress.metadata.generation).toBe(1);
    expect(ingress.status).toEqual({ loadBalancer: {} });
    expect(ingress.spec?.ingressClassName).toBeUndefined();
  });

  it('requires a pathType, rules or a default backend, and a backend with one port', () => {
    const cluster = newCluster();
    expect(causes(createIngress(cluster, { rules: [rule({ path: '/' })] }))).toEqual(['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']);
    expect(body<KubeStatus>(createIngress(cluster, {})).message).toBe('Ingress.networking.k8s.io "web" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified');
    expect(causes(createIngress(cluster, { defaultBackend: backend('web', {}) }))).toEqual(['spec.defaultBackend: Required value: port name or number is required']);
    expect(causes(createIngress(cluster, { defaultBackend: backend('web', { name: 'http', number: 80 }) }))).toEqual(['spec.defaultBackend: Invalid value: "": cannot set both port name & port number']);
    expect(causes(createIngress(cluster, { defaultBackend: {} }))).toEqual(['spec.defaultBackend: Invalid value: "": resource or service backend is required']);
    expect(causes(createIngress(cluster, { defaultBackend: backend('Web') }))[0]).toMatch(/^spec\.defaultBackend\.service\.name: Invalid value: "Web": a DNS-1035 label must consist of/);
    expect(causes(createIngress(cluster, { rules: [{ http: { paths: [] } }] }))).toEqual(['spec.rules[0].http.paths: Required value']);
  });

  it('refuses paths and hosts as v1.32 does', () => {
    const cluster = newCluster();
    expect(causes(createIngress(cluster, { rules: [rule({ path: 'api', pathType: 'Prefix' })] }))).toEqual(['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path']);
    expect(causes(createIngress(cluster, { rules: [rule({ path: '/a//b/.', pathType: 'Exact' })] }))).toEqual([
      'spec.rules[0].http.paths[0].path: Invalid value: "/a//b/.": must not contain \'//\'',
      'spec.rules[0].http.paths[0].path: Invalid value: "/a//b/.": cannot end with \'/.\'',
    ]);
    expect(causes(createIngress(cluster, { rules: [rule({ path: '/', pathType: 'Regex' })] }))).toEqual([
      'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]);
    expect(causes(createIngress(cluster, { rules: [rule({ path: '/', pathType: 'Prefix' }, '10.0.0.1')] }))[0]).toBe('spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address');
    expect(causes(createIngress(cluster, { rules: [rule({ path: '/', pathType: 'Prefix' }, 'foo.*.com')] }))).toEqual([
      "spec.rules[0].host: Invalid value: \"foo.*.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(createIngress(cluster, { rules: [rule({ path: '/', pathType: 'Prefix' }, '*.foo.com')] }).status).toBe(201);
  });

  it('refuses a class annotation that disagrees with ingressClassName on create', () => {
    const response = createIngress(newCluster(), { ingressClassName: 'nginx', defaultBackend: backend() }, { annotations: { 'kubernetes.io/ingress.class': 'traefik' } });
    expect(causes(response)).toEqual(['annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified']);
  });

  it('gives an Ingress that names no class the default class, the newest of several', () => {
    const cluster = newCluster();
    expect(createClass(cluster, 'nginx', { controller: 'k8s.io/ingress-nginx' }, { 'ingressclass.kubernetes.io/is-default-class': 'true' }).status).toBe(201);
    expect(body<Ingress>(createIngress(cluster, { defaultBackend: backend() })).spec?.ingressClassName).toBe('nginx');
    // The deprecated annotation names a class too: the plugin leaves such an Ingress alone.
    const annotated = createIngress(cluster, { defaultBackend: backend() }, { name: 'old', annotations: { 'kubernetes.io/ingress.class': 'nginx' } });
    expect(body<Ingress>(annotated).spec?.ingressClassName).toBeUndefined();
    expect(annotated.warnings).toEqual(['annotation "kubernetes.io/ingress.class" is deprecated, please use \'spec.ingressClassName\' instead']);
    cluster.advanceTo(cluster.now + 5_000);
    createClass(cluster, 'traefik', { controller: 'traefik.io/ingress-controller' }, { 'ingressclass.kubernetes.io/is-default-class': 'true' });
    expect(body<Ingress>(createIngress(cluster, { defaultBackend: backend() }, { name: 'later' })).spec?.ingressClassName).toBe('traefik');
  });
});

describe('IngressClass strategy', () => {
  it('defaults the parameters scope to Cluster and keeps the controller', () => {
    const cluster = newCluster();
    const response = createClass(cluster, 'external-lb', { controller: 'example.com/ingress-controller', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } });
    expect(response.status).toBe(201);
    const created = body<IngressClass>(response);
    expect(created.spec?.parameters?.scope).toBe('Cluster');
    expect(created.metadata.generation).toBe(1);
    const changed = call(cluster, { verb: 'update', group: GROUP, resource: 'ingressclasses', name: 'external-lb', body: { ...created, spec: { controller: 'example.com/other' } } });
    expect(causes(changed)).toEqual(['spec.controller: Invalid value: "example.com/other": field is immutable']);
  });

  it('requires a domain-prefixed controller and a complete parameters reference', () => {
    const cluster = newCluster();
    expect(causes(createClass(cluster, 'a', {}))).toEqual(['spec.controller: Required value']);
    expect(causes(createClass(cluster, 'a', { controller: 'nginx' }))).toEqual(['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']);
    expect(causes(createClass(cluster, 'a', { controller: 'k8s.io/x', parameters: { kind: 'P', name: 'p', scope: 'Namespace' } }))).toEqual([
      "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
    ]);
    expect(causes(createClass(cluster, 'a', { controller: 'k8s.io/x', parameters: { kind: 'P', name: 'p', scope: 'Cluster', namespace: 'default' } }))).toEqual([
      "spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'",
    ]);
  });
});
