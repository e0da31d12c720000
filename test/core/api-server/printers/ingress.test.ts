import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, listOf, meta } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

const backend = { service: { name: 'web', port: { number: 80 } } };
const paths = [{ path: '/', pathType: 'Prefix', backend }];
const ELB = 'a1f0c2d3e4b5a6978877665544332211-1234567890.us-east-1.elb.amazonaws.com';

describe('the Ingress and IngressClass printers', () => {
  const ingresses = [
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('simple-fanout-example', 300), spec: { ingressClassName: 'nginx', rules: [{ host: 'foo.bar.com', http: { paths } }] }, status: { loadBalancer: { ingress: [{ hostname: ELB }] } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('name-virtual-host-ingress', 90), spec: { ingressClassName: 'nginx', rules: ['foo.bar.com', 'bar.foo.com', '*.baz.com', 'four.com', 'five.com'].map((host) => ({ host, http: { paths } })) }, status: { loadBalancer: { ingress: [{ hostname: ELB }] } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('tls-example-ingress', 40), spec: { tls: [{ hosts: ['https-example.foo.com'], secretName: 'testsecret-tls' }], rules: [{ host: 'https-example.foo.com', http: { paths } }] }, status: { loadBalancer: {} } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('test-ingress', 5), spec: { ingressClassName: 'nginx', defaultBackend: backend }, status: { loadBalancer: { ingress: [{ ip: '10.0.0.9' }, { ip: '10.0.0.2' }, { hostname: 'x.example' }] } } },
  ];
  const classes = [
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: meta('nginx', 4000), spec: { controller: 'k8s.io/ingress-nginx' } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: meta('external-lb', 60), spec: { controller: 'example.com/ingress-controller', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb', scope: 'Cluster' } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: meta('core-params', 60), spec: { controller: 'example.com/ingress-controller', parameters: { kind: 'ConfigMap', name: 'settings' } } },
  ];

  it('prints Ingresses as v1.32: the first three hosts, * for none, the addresses sorted, 80, 443 with TLS', () => {
    const table = toTable(listOf('Ingress', 'networking.k8s.io/v1', ingresses as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    expect(table.rows.map((r) => r.cells.slice(1, 5))).toEqual([
      ['nginx', 'foo.bar.com', ELB, '80'],
      ['nginx', 'foo.bar.com,bar.foo.com,*.baz.com + 2 more...', ELB, '80'],
      ['<none>', 'https-example.foo.com', '', '80, 443'],
      ['nginx', '*', '10.0.0.2,10.0.0.9,x.example', '80'],
    ]);
    expectGolden('ingresses.txt', renderTable(table));
  });

  it('prints IngressClasses with their controller and parameters as Kind[.group]/name', () => {
    const table = toTable(listOf('IngressClass', 'networking.k8s.io/v1', classes as KubeObject[]), { now: NOW });
    expect(table.rows.map((r) => r.cells.slice(1, 3))).toEqual([
      ['k8s.io/ingress-nginx', '<none>'],
      ['example.com/ingress-controller', 'IngressParameters.k8s.example.com/external-lb'],
      ['example.com/ingress-controller', 'ConfigMap/settings'],
    ]);
    expectGolden('ingressclasses.txt', renderTable(table));
  });
});
