import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, listOf, meta as fixtureMeta } from './fixtures.ts';
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

describe('the policy printers against their golden tables', () => {
  const quotas = [
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: fixtureMeta('mem-cpu-demo', 300), spec: {}, status: { hard: { 'limits.cpu': '2', 'limits.memory': '2Gi', 'requests.cpu': '1', 'requests.memory': '1Gi' }, used: { 'limits.cpu': '800m', 'limits.memory': '800Mi', 'requests.cpu': '400m', 'requests.memory': '600Mi' } } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: fixtureMeta('counts', 5400), spec: {}, status: { hard: { 'count/deployments.apps': '1', pods: '2', services: '1' }, used: { 'count/deployments.apps': '1', pods: '2', services: '0' } } },
    // Just made: the controller has not filled in the status yet.
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: fixtureMeta('new', 0), spec: { hard: { pods: '1' } }, status: {} },
  ];
  const ranges = [
    { apiVersion: 'v1', kind: 'LimitRange', metadata: fixtureMeta('mem-limit-range', 120), spec: { limits: [{ type: 'Container', default: { memory: '512Mi' }, defaultRequest: { memory: '256Mi' } }] } },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: fixtureMeta('cpu-max', 86_400), spec: { limits: [{ type: 'Container', max: { cpu: '500m' } }] } },
  ];

  it('prints quotas as used/hard by resource name, limits.* in LIMIT, an empty status as empty cells', () => {
    expectGolden('resourcequotas.txt', renderTable(toTable(listOf('ResourceQuota', 'v1', quotas as KubeObject[]), { now: NOW })));
  });

  it('prints limit ranges with their creation time', () => {
    expectGolden('limitranges.txt', renderTable(toTable(listOf('LimitRange', 'v1', ranges as KubeObject[]), { now: NOW })));
  });
});

describe('the PodDisruptionBudget printer', () => {
  const status = (allowed: number) => ({ disruptionsAllowed: allowed, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 });
  const budgets = [
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: fixtureMeta('zk-pdb', 90), spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'zookeeper' } } }, status: status(1) },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: fixtureMeta('web-pdb', 4000), spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } }, status: status(0) },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: fixtureMeta('fresh', 5), spec: { minAvailable: 2 } },
  ];

  it('prints v1.32’s columns: the budget not given as N/A, the allowed disruptions as a number', () => {
    const table = toTable(listOf('PodDisruptionBudget', 'policy/v1', budgets as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Min Available', 'string'], ['Max Unavailable', 'string'], ['Allowed Disruptions', 'integer'], ['Age', 'string']]);
    expect(table.rows.map((r) => r.cells.slice(0, 4))).toEqual([['zk-pdb', 'N/A', '1', 1], ['web-pdb', '50%', 'N/A', 0], ['fresh', '2', 'N/A', 0]]);
    expectGolden('poddisruptionbudgets.txt', renderTable(table));
  });
});
