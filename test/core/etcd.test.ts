import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Etcd, sameJson } from '#core/etcd.ts';
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

  it('lists, and finds by owner and node, as a sorted scan of everything stored would, through any writes', () => {
    const op = fc.record({
      verb: fc.constantFrom('create', 'update', 'delete'),
      name: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      namespace: fc.constantFrom('default', 'kube-system', 'z'),
      owner: fc.constantFrom('o1', 'o2', undefined),
      node: fc.constantFrom('n1', 'n2', undefined),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const data = { resourceVersion: 0, objects: {} as Record<string, KubeObject> };
        const etcd = new Etcd(data);
        for (const { verb, name, namespace, owner, node } of ops) {
          const pod = {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: '', creationTimestamp: '2026-11-25T09:00:00Z', ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicaSet', name: owner, uid: owner }] } : {}) },
            spec: { containers: [], ...(node ? { nodeName: node } : {}) },
          } as KubeObject;
          if (verb === 'create') etcd.create(pod);
          else if (verb === 'update') etcd.update(pod);
          else etcd.delete('Pod', namespace, name);
          // Read between writes too, so a sorted order kept from an earlier read is put to the test.
          etcd.list('Pod', 'default');
        }
        const all = Object.keys(data.objects).sort().map((key) => data.objects[key] as KubeObject);
        for (const namespace of [undefined, 'default', 'kube-system', 'z']) {
          expect(etcd.list('Pod', namespace)).toEqual(all.filter((o) => namespace === undefined || o.metadata.namespace === namespace));
        }
        for (const owner of ['o1', 'o2']) expect(etcd.ownedBy(owner)).toEqual(all.filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === owner)));
        for (const node of ['n1', 'n2']) expect(etcd.podsOn(node)).toEqual(all.filter((o) => (o.spec as { nodeName?: string }).nodeName === node));
        expect(etcd.size).toBe(all.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('sameJson', () => {
  /** JSON with every object's members sorted by name: equal strings mean equal JSON values. */
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v));

  it('agrees with comparing both as JSON values, members in any order, without building strings', () => {
    const json = fc.jsonValue();
    const withUndefined = fc.oneof(json, fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(json, fc.constant(undefined))), fc.array(fc.oneof(json, fc.constant(undefined))));
    fc.assert(
      fc.property(withUndefined, withUndefined, (a, b) => {
        expect(sameJson(a, b)).toBe(canonical(a) === canonical(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
        expect(sameJson(a, JSON.parse(canonical(a) ?? 'null') as unknown)).toBe(a !== undefined);
      }),
      { numRuns: 500 },
    );
  });

  it('ignores member order, as JSON and Go semantic equality do, and undefined members, as JSON does', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameJson([1, undefined], [1, null])).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
    expect(sameJson(undefined, {})).toBe(false);
  });
});
