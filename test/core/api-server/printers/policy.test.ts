import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, listOf, meta as storedMeta } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

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

describe('the PodDisruptionBudget printer', () => {
  const status = (allowed: number) => ({ disruptionsAllowed: allowed, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 });
  const budgets = [
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: storedMeta('zk-pdb', 90), spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'zookeeper' } } }, status: status(1) },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: storedMeta('web-pdb', 4000), spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } }, status: status(0) },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: storedMeta('fresh', 5), spec: { minAvailable: 2 } },
  ];

  it('prints v1.32’s columns: the budget not given as N/A, the allowed disruptions as a number', () => {
    const table = toTable(listOf('PodDisruptionBudget', 'policy/v1', budgets as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Min Available', 'string'], ['Max Unavailable', 'string'], ['Allowed Disruptions', 'integer'], ['Age', 'string']]);
    expect(table.rows.map((r) => r.cells.slice(0, 4))).toEqual([['zk-pdb', 'N/A', '1', 1], ['web-pdb', '50%', 'N/A', 0], ['fresh', '2', 'N/A', 0]]);
    expectGolden('poddisruptionbudgets.txt', renderTable(table));
  });
});
