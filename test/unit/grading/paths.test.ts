import { describe, expect, it } from 'vitest';
import { compare, parsePath, valuesAt } from '#services/grading/paths.ts';
import { parseImage, sameImage } from '#services/grading/workloads.ts';

const steps = (text: string) => {
  const parsed = parsePath(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.steps;
};

describe('field paths', () => {
  const pod = { metadata: { labels: { 'app.kubernetes.io/name': 'web' } }, spec: { containers: [{ image: 'a', ports: [{ containerPort: 80 }] }, { image: 'b' }] } };

  it('read fields, indexes, bracketed keys and fan out with [*]', () => {
    expect(valuesAt(pod, steps('.spec.containers[1].image'))).toEqual(['b']);
    expect(valuesAt(pod, steps('$.spec.containers[*].image'))).toEqual(['a', 'b']);
    expect(valuesAt(pod, steps(".metadata.labels['app.kubernetes.io/name']"))).toEqual(['web']);
    expect(valuesAt(pod, steps('.spec.containers[*].ports[*].containerPort'))).toEqual([80]);
    expect(valuesAt(pod, steps('.metadata.labels[*]'))).toEqual(['web']);
  });

  it('reach nothing where the data has nothing, without throwing', () => {
    expect(valuesAt(pod, steps('.spec.containers[5].image'))).toEqual([]);
    expect(valuesAt(pod, steps('.status.phase'))).toEqual([]);
    expect(valuesAt('text', steps('.length'))).toEqual([]);
  });

  it('refuse what is not a path, saying where', () => {
    expect(parsePath('')).toEqual({ ok: false, error: 'the path is empty: start with a field, e.g. ".status.replicas"' });
    expect(parsePath('spec.replicas')).toEqual({ ok: false, error: 'unexpected "s" at character 0: steps start with ".", "[" or "[*]"' });
    expect(parsePath('.spec.')).toEqual({ ok: false, error: 'expected a field name after "." at character 6' });
    expect(parsePath('.spec[abc]')).toEqual({ ok: false, error: "expected [<index>], [*] or ['<field>'] at character 5" });
    expect(parsePath(`.${'a'.repeat(300)}`).ok).toBe(false);
  });

  it('compare numbers as numbers, and text forms of scalars as equal', () => {
    expect(compare(2, 'gte', 2)).toBe(true);
    expect(compare('3', 'gt', 2)).toBe(true);
    expect(compare('abc', 'gt', 2)).toBe(false);
    expect(compare('2', 'eq', 2)).toBe(true);
    expect(compare(true, 'eq', 'true')).toBe(true);
    expect(compare(null, 'eq', 'null')).toBe(false);
    expect(compare('b', 'in', ['a', 'b'])).toBe(true);
    expect(compare(['x', 'y'], 'contains', 'y')).toBe(true);
    expect(compare('nginx:1.27', 'contains', '1.27')).toBe(true);
    expect(compare('nginx:1.27', 'startsWith', 'nginx')).toBe(true);
    expect(compare(1, 'ne', 2)).toBe(true);
    expect(compare(1, 'lt', 2) && compare(2, 'lte', 2)).toBe(true);
  });
});

describe('image references', () => {
  it('resolve as the container runtime does', () => {
    expect(parseImage('nginx')).toEqual({ repository: 'docker.io/library/nginx', tag: undefined, digest: undefined });
    expect(parseImage('hashicorp/http-echo:1.0.0').repository).toBe('docker.io/hashicorp/http-echo');
    expect(parseImage('localhost:5000/app:v1')).toEqual({ repository: 'localhost:5000/app', tag: 'v1', digest: undefined });
  });

  it('match: no tag expected means any tag; a tag must match; no tag given means latest', () => {
    expect(sameImage('nginx:1.27', 'nginx')).toBe(true);
    expect(sameImage('docker.io/library/nginx:1.27', 'nginx:1.27')).toBe(true);
    expect(sameImage('nginx:1.28', 'nginx:1.27')).toBe(false);
    expect(sameImage('nginx', 'nginx:latest')).toBe(true);
    expect(sameImage('httpd:2.4', 'nginx')).toBe(false);
    expect(sameImage('nginx@sha256:abc', 'nginx@sha256:abc')).toBe(true);
  });
});
