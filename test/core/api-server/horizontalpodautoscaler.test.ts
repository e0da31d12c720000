/**
 * The HorizontalPodAutoscaler strategy through the API server: v1.32's defaulting (minReplicas 1,
 * CPU at 80% without metrics, a given behavior's missing rules), the first status, validation in
 * v1.32's words, and autoscaling/v1 as the same objects converted (what kubectl autoscale sends).
 */
import { describe, expect, it } from 'vitest';
import type { KubeStatus } from '#core/api-server/status.ts';
import type { HorizontalPodAutoscaler } from '#core/objects.ts';
import { body, call, newCluster } from './fixtures.ts';

const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' };
const create = (spec: Record<string, unknown>, cluster = newCluster(), version = 'v2') =>
  call(cluster, { verb: 'create', group: 'autoscaling', version, resource: 'horizontalpodautoscalers', namespace: 'default', body: { apiVersion: `autoscaling/${version}`, kind: 'HorizontalPodAutoscaler', metadata: { name: 'php-apache' }, spec } });
const causes = (spec: Record<string, unknown>) => (body<KubeStatus>(create(spec)).details?.causes ?? []).map((c) => `${'field' in c ? c.field : ''}: ${c.message}`);

describe('HorizontalPodAutoscaler strategy', () => {
  it('defaults minReplicas to 1 and the metrics to CPU at 80%, and starts with desiredReplicas 0', () => {
    const response = create({ scaleTargetRef: target, maxReplicas: 10 });
    expect(response.status).toBe(201);
    const hpa = body<HorizontalPodAutoscaler>(response);
    expect(hpa.spec).toEqual({ scaleTargetRef: target, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] });
    expect(hpa.status).toEqual({ desiredReplicas: 0 });
  });

  it('fills a given behavior with the default rules: scale up by 4 pods or 100% each 15 s, scale down after 300 s', () => {
    const hpa = body<HorizontalPodAutoscaler>(create({ scaleTargetRef: target, maxReplicas: 10, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }));
    expect(hpa.spec?.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });

  it('refuses bad bounds, a missing target and bad metrics and policies in v1.32’s words', () => {
    expect(causes({ scaleTargetRef: target, minReplicas: 0, maxReplicas: 0 })).toEqual([
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
    ]);
    expect(causes({ scaleTargetRef: target, minReplicas: 5, maxReplicas: 2 })).toEqual(['spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`']);
    expect(causes({ scaleTargetRef: { kind: 'Deployment' }, maxReplicas: 3 })).toEqual(['spec.scaleTargetRef.name: Required value']);
    expect(causes({ scaleTargetRef: target, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }] })).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
    ]);
    expect(causes({ scaleTargetRef: target, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } }] })).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    ]);
    expect(causes({ scaleTargetRef: target, maxReplicas: 3, behavior: { scaleUp: { selectPolicy: 'Most', policies: [{ type: 'Pods', value: 0, periodSeconds: 2000 }] } } })).toEqual([
      'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Most": supported values: "Disabled", "Max", "Min"',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800',
    ]);
    expect(body<KubeStatus>(create({ scaleTargetRef: target, maxReplicas: 0 })).message).toBe('HorizontalPodAutoscaler.autoscaling "php-apache" is invalid: [spec.maxReplicas: Invalid value: 0: must be greater than 0, spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`]');
  });

  it('serves autoscaling/v1 as the same object: targetCPUUtilizationPercentage is the CPU metric, read back in either version', () => {
    const cluster = newCluster();
    const created = create({ scaleTargetRef: target, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 }, cluster, 'v1');
    expect(created.status).toBe(201);
    expect(body<Record<string, unknown>>(created)).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { scaleTargetRef: target, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 }, status: { currentReplicas: 0, desiredReplicas: 0 } });
    const v2 = body<HorizontalPodAutoscaler>(call(cluster, { verb: 'get', group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', name: 'php-apache' }));
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec?.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
    const patched = call(cluster, { verb: 'patch', group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', namespace: 'default', name: 'php-apache', patchType: 'merge', body: { spec: { targetCPUUtilizationPercentage: 70 } } });
    expect(body<Record<string, unknown>>(patched)).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 70 } });
    const list = body<{ apiVersion: string; items: Record<string, unknown>[] }>(call(cluster, { verb: 'list', group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', namespace: 'default' }));
    expect(list.apiVersion).toBe('autoscaling/v1');
    expect(list.items[0]).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 70 } });
  });
});

describe('an autoscaling/v1 watch', () => {
  it('streams the stored objects converted to v1, as a list reads them', async () => {
    const { watchEvents } = await import('#core/api-server/watch.ts');
    const cluster = newCluster();
    create({ scaleTargetRef: target, maxReplicas: 4, targetCPUUtilizationPercentage: 60 }, cluster, 'v1');
    const request = { verb: 'watch' as const, group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', namespace: 'default', query: {}, user: 'u' };
    const result = watchEvents(cluster.etcd, cluster.changes, request, undefined);
    expect(result.ok && result.events.map((e) => [e.type, e.object.apiVersion, (e.object.spec as { targetCPUUtilizationPercentage?: number }).targetCPUUtilizationPercentage])).toEqual([['ADDED', 'autoscaling/v1', 60]]);
  });
});
