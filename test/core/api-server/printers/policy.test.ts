import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';

const now = Date.UTC(2026, 11, 1, 9, 0, 0);
const meta = (name: string) => ({ name, namespace: 'team', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-12-01T08:00:00Z' });

describe('the printers of service accounts, quotas and limit ranges', () => {
  it('prints a service account with its secret count', () => {
    const table = toTable({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default') } as KubeObject, { now });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Secrets', 'Age']);
    expect(table.rows[0]?.cells).toEqual(['default', 0, '60m']);
  });

  it('prints a quota\'s requests and limits as used/hard, limits.* apart', () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('q'), status: { hard: { pods: '10', 'limits.cpu': '2', 'requests.cpu': '1' }, used: { pods: '3' } } };
    const table = toTable(quota as KubeObject, { now });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age', 'Request', 'Limit']);
    expect(table.rows[0]?.cells).toEqual(['q', '60m', 'pods: 3/10, requests.cpu: 0/1', 'limits.cpu: 0/2']);
  });

  it('prints a limit range with its creation time', () => {
    const table = toTable({ apiVersion: 'v1', kind: 'LimitRange', metadata: meta('l') } as KubeObject, { now });
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Created At', 'date']]);
    expect(table.rows[0]?.cells).toEqual(['l', '2026-12-01T08:00:00Z']);
  });
});
