import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, listOf, meta } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

describe('the NetworkPolicy printer', () => {
  const policies = [
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('access-nginx', 90), spec: { podSelector: { matchLabels: { app: 'nginx' } }, policyTypes: ['Ingress'] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny-ingress', 4000), spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('test-network-policy', 5),
      spec: { podSelector: { matchLabels: { role: 'db' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }, policyTypes: ['Ingress', 'Egress'] },
    },
  ];

  it('prints v1.32’s columns: the pod selector as a selector string, <none> when it selects every pod', () => {
    const table = toTable(listOf('NetworkPolicy', 'networking.k8s.io/v1', policies as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Pod-Selector', 'string'], ['Age', 'string']]);
    expect(table.rows.map((r) => r.cells[1])).toEqual(['app=nginx', '<none>', 'role=db,tier in (a,b)']);
    expectGolden('networkpolicies.txt', renderTable(table));
  });
});
