import { describe, expect, it } from 'vitest';
import { Cluster } from '#core/cluster.ts';
import { BYTES_PER_OBJECT, WorkingCopies } from '#services/working-copies.ts';

const T0 = Date.UTC(2026, 11, 1, 9);
const cluster = (id: string, workers?: number) => Cluster.create({ id, name: id, now: T0, seed: 1, ...(workers ? { workers } : {}) });
const idOf = (c: Cluster | undefined) => c?.toSnapshot().id;
const weight = (c: Cluster) => c.etcd.size * BYTES_PER_OBJECT;

describe('WorkingCopies', () => {
  it('keeps copies while their estimated bytes fit the budget, dropping the least recently used first', () => {
    const a = cluster('a');
    const copies = new WorkingCopies(3 * weight(a));
    for (const id of ['a', 'b', 'c']) copies.keep(id, { version: 1, cluster: cluster(id) });
    copies.keep('a', copies.get('a')!); // a is used again: b is now the oldest
    copies.keep('d', { version: 1, cluster: cluster('d') });

    expect(copies.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((id) => idOf(copies.get(id)?.cluster))).toEqual(['a', 'c', 'd']);
    expect(copies.usage).toEqual({ copies: 3, bytes: 3 * weight(a) });
  });

  it('weighs a copy as it is when kept: a cluster that grew pushes out more', () => {
    const small = cluster('small');
    const copies = new WorkingCopies(3 * weight(small));
    for (const id of ['x', 'y']) copies.keep(id, { version: 1, cluster: cluster(id) });
    const grown = cluster('grown', 40);
    expect(weight(grown)).toBeGreaterThan(2 * weight(small));
    copies.keep('grown', { version: 2, cluster: grown });

    expect(copies.get('x')).toBeUndefined();
    expect(copies.get('y')).toBeUndefined();
    expect(copies.usage.copies).toBe(1);
  });

  it('keeps the copy at hand even when it alone is over the budget', () => {
    const copies = new WorkingCopies(1);
    copies.keep('a', { version: 1, cluster: cluster('a') });
    copies.keep('b', { version: 1, cluster: cluster('b') });
    expect(copies.get('a')).toBeUndefined();
    expect(idOf(copies.get('b')?.cluster)).toBe('b');
  });

  it('forgets a deleted copy and its bytes', () => {
    const copies = new WorkingCopies();
    copies.keep('a', { version: 1, cluster: cluster('a') });
    copies.delete('a');
    copies.delete('a');
    expect(copies.usage).toEqual({ copies: 0, bytes: 0 });
  });
});
