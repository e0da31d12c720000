import { describe, expect, it } from 'vitest';
import { ALL_COMPONENTS } from '#core/components.ts';
import { Cluster } from '#core/cluster.ts';
import { namespaceController } from '#core/controller-manager/namespace.ts';
import { T0, call, deployment } from './fixtures.ts';

describe('deleting a namespace', () => {
  it('is Terminating until its content is gone, then the namespace goes', () => {
    const components = ALL_COMPONENTS.includes(namespaceController) ? ALL_COMPONENTS : [...ALL_COMPONENTS, namespaceController];
    const cluster = Cluster.create({ id: 'c1', name: 'lab', now: T0, seed: 3, controllers: components });
    call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } });
    call(cluster, { verb: 'create', resource: 'deployments', namespace: 'team', body: deployment('web') });
    cluster.advanceTo(T0 + 60_000);
    expect(cluster.etcd.list('Pod', 'team').length).toBe(2);
    call(cluster, { verb: 'delete', resource: 'namespaces', name: 'team' });
    expect(cluster.etcd.get('Namespace', undefined, 'team')?.status).toEqual({ phase: 'Terminating' });
    // The namespace controller empties it a moment later, as a real one does.
    cluster.advanceTo(T0 + 63_000);
    expect(cluster.etcd.list('Deployment', 'team')).toEqual([]);
    cluster.advanceTo(T0 + 5 * 60_000);
    expect(cluster.etcd.list('Pod', 'team')).toEqual([]);
    expect(cluster.etcd.get('Namespace', undefined, 'team')).toBeUndefined();
  });
});
