import { describe, expect, it } from 'vitest';
import { copyJson } from '#core/json.ts';

describe('copyJson', () => {
  it('copies API objects deeply: changing the copy leaves the original as it was', () => {
    const pod = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } };
    const copy = copyJson(pod);
    copy.metadata.labels.app = 'other';
    copy.spec.containers[0]!.ports.push({ containerPort: 81 });
    expect(pod).toEqual({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } });
  });

  it('keeps members whose value is undefined, and nulls, as structuredClone does', () => {
    const value = { a: undefined, b: null, c: [1, null, 'x'] };
    expect(copyJson(value)).toStrictEqual(structuredClone(value));
    expect(Object.keys(copyJson(value))).toEqual(['a', 'b', 'c']);
  });

  it('keeps a "__proto__" member of a parsed body as data, not as the prototype', () => {
    const body = JSON.parse('{"metadata":{"__proto__":{"polluted":true},"name":"x"}}') as { metadata: Record<string, unknown> };
    const copy = copyJson(body);
    expect(Object.getPrototypeOf(copy.metadata)).toBe(Object.prototype);
    expect(Object.keys(copy.metadata)).toEqual(['__proto__', 'name']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(body));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
