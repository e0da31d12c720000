/**
 * Query parameters as a v1.32 API server's parameter codec reads them: booleans true unless
 * `false` (any case) or `0`, integers by strconv.ParseInt with its own error in a 400, and only
 * the parameters of the options the verb decodes.
 */
import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '#core/api-server/go-time.ts';
import { booleanParam, integerParam, optionalBooleanParam, parseInt64, queryParamError } from '#core/api-server/query-params.ts';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { KubeObject } from '#core/objects.ts';
import { body, call, newCluster, pod } from './fixtures.ts';

describe('booleans', () => {
  it('are true for what Python, Go and curl send, false only for false and 0', () => {
    for (const value of ['true', 'True', 'TRUE', '1', 't', 'yes', '']) expect(booleanParam({ watch: value }, 'watch'), value).toBe(true);
    for (const value of ['false', 'False', 'FALSE', 'fAlSe', '0']) expect(booleanParam({ watch: value }, 'watch'), value).toBe(false);
    expect(booleanParam({}, 'watch')).toBe(false);
    expect(optionalBooleanParam({}, 'orphanDependents')).toBeUndefined();
    expect(optionalBooleanParam({ orphanDependents: 'False' }, 'orphanDependents')).toBe(false);
  });
});

describe('integers', () => {
  it('parse as strconv.ParseInt does, and say why they do not', () => {
    expect(parseInt64('500')).toEqual({ ok: true, value: 500 });
    expect(parseInt64('+7')).toEqual({ ok: true, value: 7 });
    expect(parseInt64('-007')).toEqual({ ok: true, value: -7 });
    expect(parseInt64('9223372036854775807')).toMatchObject({ ok: true });
    expect(parseInt64('9223372036854775808')).toEqual({ ok: false, message: 'strconv.ParseInt: parsing "9223372036854775808": value out of range' });
    for (const text of ['', ' 5', '5s', '1e3', '0x10', '1_000', '2.5', 'ten']) {
      expect(parseInt64(text), text).toEqual({ ok: false, message: `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax` });
    }
    expect(integerParam({ limit: 'ten' }, 'limit')).toBeUndefined();
    expect(integerParam({ limit: '10' }, 'limit')).toBe(10);
  });

  it('refuse a list, a delete or a log read with a bad one as the API server does, with a 400', () => {
    const cluster = newCluster();
    const list = call(cluster, { verb: 'list', resource: 'pods', namespace: 'kube-system', query: { limit: '5x' } });
    expect(list.status).toBe(400);
    expect(body<KubeStatus>(list)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'strconv.ParseInt: parsing "5x": invalid syntax',
      reason: 'BadRequest',
      code: 400,
    });
    const grace = call(cluster, { verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'nope', query: { gracePeriodSeconds: 'soon' } });
    expect(body<KubeStatus>(grace)).toMatchObject({ code: 400, message: 'strconv.ParseInt: parsing "soon": invalid syntax' });
    const collection = call(cluster, { verb: 'deletecollection', resource: 'configmaps', namespace: 'default', query: { timeoutSeconds: '' } });
    expect(body<KubeStatus>(collection)).toMatchObject({ code: 400, message: 'strconv.ParseInt: parsing "": invalid syntax' });
  });

  it('are read only where the verb has them, and a list pages by a valid one', () => {
    const cluster = newCluster();
    // GetOptions has no limit, and a delete with a body takes its options from there.
    expect(call(cluster, { verb: 'get', resource: 'namespaces', name: 'default', query: { limit: 'ten' } }).status).toBe(200);
    expect(queryParamError({ verb: 'delete', body: { propagationPolicy: 'Background' }, query: { gracePeriodSeconds: 'x' } })).toBeUndefined();
    expect(queryParamError({ verb: 'watch', query: { timeoutSeconds: '1.5' } })?.message).toBe('strconv.ParseInt: parsing "1.5": invalid syntax');
    const page = call(cluster, { verb: 'list', resource: 'namespaces', query: { limit: '+2' } });
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: pod('p', { nodeName: 'worker-1' }) });
    const deleted = call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'p', body: {}, query: { gracePeriodSeconds: '0' } });
    expect(body<KubeObject>(deleted).metadata.deletionGracePeriodSeconds).toBe(30);
    expect(body<{ items: KubeObject[]; metadata: { continue?: string } }>(page).items).toHaveLength(2);
  });
});

describe('times', () => {
  it('parse as time.Parse(time.RFC3339) does, and fail with its words', () => {
    expect(parseRfc3339('2026-01-01T10:00:00+02:00')).toEqual({ ok: true, ms: Date.UTC(2026, 0, 1, 8) });
    expect(parseRfc3339('2026-01-01T1:02:03,5Z')).toEqual({ ok: true, ms: Date.UTC(2026, 0, 1, 1, 2, 3, 500) });
    const layout = '"2006-01-02T15:04:05Z07:00"';
    expect(parseRfc3339('yesterday')).toEqual({ ok: false, message: `parsing time "yesterday" as ${layout}: cannot parse "yesterday" as "2006"` });
    expect(parseRfc3339('2026-01-01')).toEqual({ ok: false, message: `parsing time "2026-01-01" as ${layout}: cannot parse "" as "T"` });
    expect(parseRfc3339('2026-01-01 10:00:00Z')).toEqual({ ok: false, message: `parsing time "2026-01-01 10:00:00Z" as ${layout}: cannot parse " 10:00:00Z" as "T"` });
    expect(parseRfc3339('2026-01-01T10:00:00')).toEqual({ ok: false, message: `parsing time "2026-01-01T10:00:00" as ${layout}: cannot parse "" as "Z07:00"` });
    expect(parseRfc3339('2026-1-01T10:00:00Z')).toEqual({ ok: false, message: `parsing time "2026-1-01T10:00:00Z" as ${layout}: cannot parse "1-01T10:00:00Z" as "01"` });
    expect(parseRfc3339('2026-13-01T10:00:00Z')).toEqual({ ok: false, message: 'parsing time "2026-13-01T10:00:00Z": month out of range' });
    expect(parseRfc3339('2026-02-29T10:00:00Z')).toEqual({ ok: false, message: 'parsing time "2026-02-29T10:00:00Z": day out of range' });
    expect(parseRfc3339('2026-01-01T10:00:00Zulu')).toEqual({ ok: false, message: 'parsing time "2026-01-01T10:00:00Zulu": extra text: "ulu"' });
  });

  it('refuse a log read with a bad sinceTime with a 400, after a bad sinceSeconds', () => {
    expect(queryParamError({ verb: 'get', subresource: 'log', query: { sinceTime: 'yesterday' } })?.message).toBe(
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    );
    expect(queryParamError({ verb: 'get', subresource: 'log', query: { tailLines: 'x', sinceSeconds: 'y', sinceTime: 'z' } })?.message).toBe('strconv.ParseInt: parsing "y": invalid syntax');
    expect(queryParamError({ verb: 'get', subresource: 'log', query: { sinceTime: '' } })).toBeUndefined();
  });
});
