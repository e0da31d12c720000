import { describe, expect, it } from 'vitest';
import { serve } from '#core/api-server/rest.ts';
import { COMPONENT_STATUS_WARNING } from '#core/api-server/component-status.ts';
import { newCluster, request } from './fixtures.ts';

describe('component statuses', () => {
  it('lists the scheduler, the controller manager and etcd, healthy, with the deprecation warning', () => {
    const cluster = newCluster();
    const response = serve(cluster, request({ verb: 'list', resource: 'componentstatuses' }));
    expect(response.status).toBe(200);
    expect(response.warnings).toEqual([COMPONENT_STATUS_WARNING]);
    const items = (response.body as { items: { metadata: { name: string }; conditions: unknown[] }[] }).items;
    expect(items.map((i) => [i.metadata.name, i.conditions])).toEqual([
      ['scheduler', [{ type: 'Healthy', status: 'True', message: 'ok' }]],
      ['controller-manager', [{ type: 'Healthy', status: 'True', message: 'ok' }]],
      ['etcd-0', [{ type: 'Healthy', status: 'True', message: 'ok' }]],
    ]);
  });

  it('reports a component whose static pod is gone as its health check would: connection refused', () => {
    const cluster = newCluster();
    const scheduler = cluster.etcd.list('Pod', 'kube-system').find((p) => p.metadata.labels?.['component'] === 'kube-scheduler');
    expect(scheduler).toBeDefined();
    cluster.etcd.delete('Pod', 'kube-system', scheduler!.metadata.name);
    const response = serve(cluster, request({ verb: 'get', resource: 'componentstatuses', name: 'scheduler' }));
    expect(response.body).toMatchObject({
      kind: 'ComponentStatus',
      metadata: { name: 'scheduler' },
      conditions: [{ type: 'Healthy', status: 'False', error: 'Get "https://127.0.0.1:10259/healthz": dial tcp 127.0.0.1:10259: connect: connection refused' }],
    });
    expect(serve(cluster, request({ verb: 'get', resource: 'componentstatuses', name: 'controller-manager' })).body).toMatchObject({ conditions: [{ status: 'True' }] });
  });

  it('answers NotFound for a component it does not check, and refuses writes', () => {
    const cluster = newCluster();
    expect(serve(cluster, request({ verb: 'get', resource: 'componentstatuses', name: 'kubelet' })).status).toBe(404);
    expect(serve(cluster, request({ verb: 'delete', resource: 'componentstatuses', name: 'scheduler' })).status).toBe(405);
  });
});
