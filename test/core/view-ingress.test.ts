/** The live picture's Ingresses: class, the controller's address or why there is none, routes, TLS. */
import { describe, expect, it } from 'vitest';
import { viewOf } from '#core/view.ts';
import { call } from './api-server/fixtures.ts';
import { advance, apply, labCluster, service } from './support/lab.ts';

const GROUP = 'networking.k8s.io';

describe('the picture of an Ingress', () => {
  it('carries its routes and default backend, its TLS hosts with their Secret, and the address once a controller serves its class', () => {
    const cluster = labCluster();
    apply(cluster, service(cluster, 'shop', [{ port: 80 }]));
    call(cluster, {
      verb: 'create',
      group: GROUP,
      resource: 'ingresses',
      namespace: 'default',
      body: {
        apiVersion: `${GROUP}/v1`,
        kind: 'Ingress',
        metadata: { name: 'shop' },
        spec: {
          ingressClassName: 'nginx',
          defaultBackend: { service: { name: 'shop', port: { name: 'http' } } },
          tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
          rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/orders', pathType: 'Prefix', backend: { service: { name: 'orders', port: { number: 8080 } } } }] } }, { http: { paths: [{ path: '/', pathType: 'Exact', backend: { service: { name: 'shop', port: { number: 80 } } } }] } }],
        },
      },
    });
    expect(viewOf(cluster).ingresses).toEqual([
      {
        namespace: 'default',
        name: 'shop',
        className: 'nginx',
        served: false,
        routes: [
          { host: 'shop.example.com', path: '/orders', pathType: 'Prefix', service: 'orders', port: '8080' },
          { host: '*', path: '/', pathType: 'Exact', service: 'shop', port: '80' },
        ],
        defaultBackend: { service: 'shop', port: 'http' },
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls', secretFound: false }],
      },
    ]);
    call(cluster, { verb: 'create', group: GROUP, resource: 'ingressclasses', body: { apiVersion: `${GROUP}/v1`, kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } } });
    advance(cluster, 1_000);
    expect(viewOf(cluster).ingresses[0]).toMatchObject({ served: true, address: expect.stringMatching(/\.us-east-1\.elb\.amazonaws\.com$/) });
  });
});
