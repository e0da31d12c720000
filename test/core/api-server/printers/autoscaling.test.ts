import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { NOW, listOf, meta } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' };
const cpu = (target: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } });

describe('the HorizontalPodAutoscaler printer', () => {
  it('prints REFERENCE as Kind/name, TARGETS as current/target per metric (<unknown> before the first one), MINPODS <unset> when absent', () => {
    const hpas = [
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('php-apache', 600), spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 10, metrics: [cpu(50)] }, status: { currentReplicas: 7, desiredReplicas: 7, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 44, averageValue: '88m' } } }] } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('fresh', 5), spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 4, metrics: [cpu(50)] }, status: { desiredReplicas: 0 } },
      {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('many', 90),
        spec: { scaleTargetRef: { kind: 'StatefulSet', name: 'web' }, maxReplicas: 5, metrics: [cpu(60), { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }, cpu(70)] },
        status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }, { type: 'Resource', resource: { name: 'memory', current: { averageValue: '20Mi' } } }] },
      },
    ];
    const table = toTable(listOf('HorizontalPodAutoscaler', 'autoscaling/v2', hpas as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
    expect(table.rows.map((r) => r.cells.slice(1, 6))).toEqual([
      ['Deployment/php-apache', 'cpu: 44%/50%', '1', 10, 7],
      ['Deployment/php-apache', 'cpu: <unknown>/50%', '2', 4, 0],
      ['StatefulSet/web', 'cpu: 12%/60%, memory: 20Mi/100Mi + 1 more...', '<unset>', 5, 2],
    ]);
    expectGolden('horizontalpodautoscalers.txt', renderTable(table));
  });
});
