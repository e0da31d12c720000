import { describe, expect, it } from 'vitest';
import { Etcd } from '#core/etcd.ts';
import type { KubeObject } from '#core/objects.ts';

function configMap(name: string, data: Record<string, string>, resourceVersion = ''): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion, creationTimestamp: '2026-11-25T09:00:00Z' },
    spec: data,
  };
}

describe('etcd', () => {
  it('assigns the next resourceVersion on every write', () => {
    const etcd = new Etcd({ resourceVersion: 10, objects: {} });
    const a = etcd.create(configMap('a', {}));
    const b = etcd.create(configMap('b', {}));
    expect(a.ok && a.object.metadata.resourceVersion).toBe('11');
    expect(b.ok && b.object.metadata.resourceVersion).toBe('12');
    expect(etcd.revision).toBe(12);
  });

  it('refuses a second object of the same kind, namespace and name', () => {
    const etcd = new Etcd({ resourceVersion: 0, objects: {} });
    etcd.create(configMap('a', {}));
    expect(etcd.create(configMap('a', {}))).toEqual({ ok: false, failure: { reason: 'AlreadyExists', kind: 'ConfigMap', name: 'a' } });
  });

  it('reports a conflict for an update carrying a stale resourceVersion and keeps the stored object', () => {
    const etcd = new Etcd({ resourceVersion: 0, objects: {} });
    etcd.create(configMap('a', { v: '1' }));
    etcd.update(configMap('a', { v: '2' }, '1'));
    const stale = etcd.update(configMap('a', { v: '3' }, '1'));
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.failure.reason).toBe('Conflict');
    expect(etcd.get('ConfigMap', 'default', 'a')?.spec).toEqual({ v: '2' });
  });

  it('bumps generation only when the spec changes, for the kinds that have one', () => {
    const etcd = new Etcd({ resourceVersion: 0, objects: {} });
    const deployment = (replicas: number, labels?: Record<string, string>): KubeObject => ({
      ...configMap('web', {}),
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { ...configMap('web', {}).metadata, ...(labels ? { labels } : {}) },
      spec: { replicas },
    });
    etcd.create(deployment(1));
    etcd.update(deployment(1, { x: 'y' }));
    expect(etcd.get('Deployment', 'default', 'web')?.metadata.generation).toBe(1);
    etcd.update(deployment(2));
    expect(etcd.get('Deployment', 'default', 'web')?.metadata.generation).toBe(2);
  });

  it('gives kinds without a generation none, as a v1.32 server (pods, config maps)', () => {
    const etcd = new Etcd({ resourceVersion: 0, objects: {} });
    etcd.create({ ...configMap('a', {}), metadata: { ...configMap('a', {}).metadata, generation: 7 } });
    etcd.update(configMap('a', { v: '2' }));
    expect(etcd.get('ConfigMap', 'default', 'a')?.metadata).not.toHaveProperty('generation');
  });

  it('never changes an object a caller already read', () => {
    const etcd = new Etcd({ resourceVersion: 0, objects: {} });
    etcd.create(configMap('a', { v: '1' }));
    const read = etcd.get('ConfigMap', 'default', 'a');
    const snapshot = JSON.stringify(read);
    etcd.update(configMap('a', { v: '2' }));
    expect(JSON.stringify(read)).toBe(snapshot);
  });

  it('lists one namespace or all, in a stable order', () => {
    const etcd = new Etcd({ resourceVersion: 0, objects: {} });
    etcd.create(configMap('b', {}));
    etcd.create({ ...configMap('a', {}), metadata: { ...configMap('a', {}).metadata, namespace: 'other' } });
    etcd.create(configMap('a', {}));
    expect(etcd.list('ConfigMap', 'default').map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(etcd.list('ConfigMap').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['default/a', 'default/b', 'other/a']);
  });

  it('reports deleting a missing object as NotFound', () => {
    const etcd = new Etcd({ resourceVersion: 0, objects: {} });
    expect(etcd.delete('ConfigMap', 'default', 'nope')).toEqual({ ok: false, failure: { reason: 'NotFound', kind: 'ConfigMap', name: 'nope' } });
  });
});
