import { describe, expect, it } from 'vitest';
import { fieldsMatch, labelsMatch, parseFieldSelector, parseLabelSelector } from '#core/api-server/selectors.ts';
import type { KubeObject } from '#core/objects.ts';

const labels = (selector: string, have: Record<string, string>) => {
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) throw new Error(parsed.message);
  return labelsMatch(parsed.value, have);
};

describe('label selectors', () => {
  it('match equality, inequality, existence and absence', () => {
    expect(labels('app=web', { app: 'web' })).toBe(true);
    expect(labels('app==web', { app: 'db' })).toBe(false);
    expect(labels('app!=web', {})).toBe(true);
    expect(labels('app!=web', { app: 'web' })).toBe(false);
    expect(labels('canary', { canary: '' })).toBe(true);
    expect(labels('!canary', { canary: 'yes' })).toBe(false);
    expect(labels('', { anything: 'x' })).toBe(true);
  });

  it('match set-based requirements, several at once', () => {
    const selector = 'env in (prod, staging),tier notin (db),!legacy';
    expect(labels(selector, { env: 'prod', tier: 'web' })).toBe(true);
    expect(labels(selector, { env: 'staging' })).toBe(true);
    expect(labels(selector, { env: 'dev' })).toBe(false);
    expect(labels(selector, { env: 'prod', tier: 'db' })).toBe(false);
    expect(labels(selector, { env: 'prod', legacy: 'true' })).toBe(false);
  });

  it('compares numbers with gt and lt', () => {
    expect(labels('size>3', { size: '4' })).toBe(true);
    expect(labels('size<3', { size: '4' })).toBe(false);
  });

  it('refuses malformed selectors with the parser words', () => {
    expect(parseLabelSelector('app in web')).toEqual({ ok: false, message: "found 'web', expected: '('" });
    expect(parseLabelSelector('app=web,')).toMatchObject({ ok: false, message: 'found \'\', expected: identifier' });
    const bad = parseLabelSelector('app=-web');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('unable to parse requirement: values[0][app]: Invalid value: "-web"');
  });
});

describe('field selectors', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'worker-1', containers: [] }, status: { phase: 'Running' } } as unknown as KubeObject;

  it('select pods by node and phase, as kubectl describe node asks', () => {
    const parsed = parseFieldSelector('spec.nodeName=worker-1,status.phase!=Failed,status.phase!=Succeeded', 'Pod');
    expect(parsed.ok && fieldsMatch(parsed.value, pod)).toBe(true);
    const other = parseFieldSelector('spec.nodeName==worker-2', 'Pod');
    expect(other.ok && fieldsMatch(other.value, pod)).toBe(false);
  });

  it('select events by their involved object', () => {
    const event = { kind: 'Event', metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web', uid: 'u1' }, reason: 'Pulled', source: { component: 'kubelet' }, type: 'Normal' } as unknown as KubeObject;
    const parsed = parseFieldSelector('involvedObject.name=web,involvedObject.kind=Pod,source=kubelet', 'Event');
    expect(parsed.ok && fieldsMatch(parsed.value, event)).toBe(true);
  });

  it('refuses a field the kind cannot be selected by', () => {
    expect(parseFieldSelector('spec.nodeName=x', 'Deployment')).toEqual({ ok: false, message: 'field label not supported: spec.nodeName' });
    expect(parseFieldSelector('metadata.name=web', 'Deployment').ok).toBe(true);
  });

  it('reads escaped separators as characters', () => {
    const parsed = parseFieldSelector('metadata.name=a\\,b', 'ConfigMap');
    expect(parsed).toEqual({ ok: true, value: [{ field: 'metadata.name', operator: '=', value: 'a,b' }] });
  });
});
