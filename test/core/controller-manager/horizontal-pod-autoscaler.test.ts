/**
 * The horizontal-pod-autoscaler controller against the documented algorithm
 * (https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/#algorithm-details):
 * the replica calculator on scripted metrics (ratio, tolerance, missing and unready pods, requests),
 * the normalization with and without behavior (stabilization windows, policies, selectPolicy, the
 * limits' reasons), and the controller in a cluster under a load generator's traffic.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { behaviorLimit, normalizeDefault, normalizeWithBehavior } from '#core/controller-manager/horizontal-pod-autoscaler.ts';
import { type PodMetric, resourceReplicas } from '#core/controller-manager/replica-calculator.ts';
import type { Deployment, HorizontalPodAutoscaler, KubeEvent, Pod } from '#core/objects.ts';
import { T0, call, newCluster } from '../api-server/fixtures.ts';
import { eventsAbout } from '../support/lab.ts';

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A Running pod started ten minutes ago, Ready since then (or not). */
function pod(name: string, ready = true, phase: 'Running' | 'Pending' = 'Running'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: iso(NOW - 600_000) },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase, startTime: iso(NOW - 600_000), conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: iso(NOW - 590_000) }] },
  } as Pod;
}
const metric = (value: number): PodMetric => ({ value, timestamp: NOW - 5_000, windowMs: 15_000 });

/** The calculator for pods each requesting 200m, at a 50% target. */
function propose(current: number, pods: Pod[], usage: Record<string, number>) {
  return resourceReplicas({
    currentReplicas: current,
    pods,
    metrics: new Map(Object.entries(usage).map(([name, value]) => [name, metric(value)])),
    requests: new Map(pods.map((p) => [p.metadata.name, 200])),
    target: { utilization: 50 },
    resource: 'cpu',
    now: NOW,
  });
}

describe('the replica calculator', () => {
  it('proposes ceil(current * current/target) for ready pods with metrics', () => {
    const pods = [pod('a'), pod('b')];
    expect(propose(2, pods, { a: 200, b: 200 })).toEqual({ ok: true, replicas: 4, utilization: 100, rawAverage: 200 });
    expect(propose(2, pods, { a: 30, b: 30 })).toEqual({ ok: true, replicas: 1, utilization: 15, rawAverage: 30 });
  });

  it('keeps the current count within the 10% tolerance, and leaves it at 12% off', () => {
    const pods = [pod('a'), pod('b'), pod('c')];
    expect(propose(3, pods, { a: 108, b: 108, c: 108 })).toMatchObject({ replicas: 3, utilization: 54 });
    expect(propose(3, pods, { a: 90, b: 90, c: 90 })).toMatchObject({ replicas: 3, utilization: 45 });
    expect(propose(3, pods, { a: 112, b: 112, c: 112 })).toMatchObject({ replicas: 4, utilization: 56 });
  });

  it('counts a pod without metrics at 100% of its request on a scale down and 0% on a scale up', () => {
    const pods = [pod('a'), pod('b'), pod('new')];
    // Down: (20 + 20 + 200) / 600 = 40% -> ratio 0.8 -> ceil(3 * 0.8) = 3, where leaving the new pod out would give 1.
    expect(propose(3, pods, { a: 20, b: 20 })).toMatchObject({ replicas: 3, utilization: 10 });
    // Up: (800 + 800 + 0) / 600 = 266% -> ceil(3 * 5.33) = 16, where the two measured pods alone would give ceil(2 * 8) = 16... of 2.
    expect(propose(3, [pod('a'), pod('b'), pod('new')], { a: 800, b: 800 })).toMatchObject({ replicas: 16, utilization: 400 });
    expect(propose(3, [pod('a'), pod('b'), pod('new')], { a: 100, b: 100 })).toMatchObject({ replicas: 3, utilization: 50 });
  });

  it('counts unready pods at 0% on a scale up only, and a Pending pod as unready', () => {
    const pods = [pod('a'), pod('b', false), pod('c', true, 'Pending')];
    // Up: a at 200% with b and c at 0 -> 66% of 3 requests -> ceil(3 * 1.33) = 4.
    expect(propose(3, pods, { a: 400, b: 400 })).toMatchObject({ replicas: 4, utilization: 200 });
    // Down: the unready ones are left out: a alone at 10% -> ceil(1 * 0.2) = 1.
    expect(propose(3, pods, { a: 20, b: 20 })).toMatchObject({ replicas: 1, utilization: 10 });
  });

  it('says why it cannot propose: no metrics, no pods, a container without a request', () => {
    expect(propose(1, [pod('a')], {})).toEqual({ ok: false, error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API' });
    expect(propose(1, [], { a: 10 })).toEqual({ ok: false, error: 'no pods returned by selector while calculating replica count' });
    const missing = resourceReplicas({ currentReplicas: 1, pods: [pod('a')], metrics: new Map([['a', metric(10)]]), requests: { error: 'missing request for cpu in container app of Pod a' }, target: { utilization: 50 }, resource: 'cpu', now: NOW });
    expect(missing).toEqual({ ok: false, error: 'missing request for cpu in container app of Pod a' });
  });

  it('compares an average value target with the pods’ average, requests or not', () => {
    const pods = [pod('a'), pod('b')];
    const raw = resourceReplicas({ currentReplicas: 2, pods, metrics: new Map([['a', metric(300)], ['b', metric(300)]]), requests: { error: 'none' }, target: { averageValue: 100 }, resource: 'cpu', now: NOW });
    expect(raw).toMatchObject({ ok: true, replicas: 6, rawAverage: 300 });
  });
});

describe('the normalization without behavior', () => {
  const none = { recommendations: [] };

  it('scales up at most to max(2 x current, 4), saying ScaleUpLimit, and to maxReplicas, saying TooManyReplicas', () => {
    expect(normalizeDefault(1, 9, 1, 10, none, NOW, 300_000)).toMatchObject({ replicas: 4, limited: ['True', 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'] });
    expect(normalizeDefault(4, 9, 1, 10, none, NOW, 300_000)).toMatchObject({ replicas: 8, limited: ['True', 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'] });
    expect(normalizeDefault(8, 12, 1, 10, none, NOW, 300_000)).toMatchObject({ replicas: 10, limited: ['True', 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'] });
    expect(normalizeDefault(2, 0, 1, 10, none, NOW, 300_000)).toMatchObject({ replicas: 1, limited: ['True', 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'] });
    expect(normalizeDefault(2, 3, 1, 10, none, NOW, 300_000)).toMatchObject({ replicas: 3, limited: ['False', 'DesiredWithinRange', 'the desired count is within the acceptable range'] });
  });

  it('scales down only to the highest recommendation of the last five minutes (ScaleDownStabilized)', () => {
    const recent = { recommendations: [{ at: NOW - 240_000, replicas: 7 }, { at: NOW - 400_000, replicas: 9 }] };
    const held = normalizeDefault(7, 2, 1, 10, recent, NOW, 300_000);
    expect(held).toMatchObject({ replicas: 7, ableToScale: ['ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation'] });
    // The sample older than the window gives its place to this one.
    expect(held.recommendations).toEqual([{ at: NOW - 240_000, replicas: 7 }, { at: NOW, replicas: 2 }]);
    const later = normalizeDefault(7, 2, 1, 10, { recommendations: held.recommendations }, NOW + 250_000, 300_000);
    expect(later).toMatchObject({ replicas: 2, ableToScale: ['ReadyForNewScale', 'recommended size matches current size'] });
  });
});

describe('the normalization with behavior', () => {
  const up = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] } as const;
  const down = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } as const;
  const empty = { recommendations: [], scaleUps: [], scaleDowns: [] };

  it('takes the policy allowing the most change under Max, the least under Min, and none under Disabled', () => {
    expect(behaviorLimit('up', 10, up, empty, NOW)).toBe(20);
    expect(behaviorLimit('up', 2, up, empty, NOW)).toBe(6);
    expect(behaviorLimit('up', 10, { ...up, selectPolicy: 'Min' }, empty, NOW)).toBe(14);
    expect(behaviorLimit('up', 10, { ...up, selectPolicy: 'Disabled' }, empty, NOW)).toBe(10);
    expect(behaviorLimit('down', 10, { policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] }, empty, NOW)).toBe(5);
    expect(behaviorLimit('down', 10, { selectPolicy: 'Min', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] }, empty, NOW)).toBe(8);
  });

  it('counts the changes already made in a policy’s period against it', () => {
    const recently = { recommendations: [], scaleUps: [{ at: NOW - 10_000, change: 3 }], scaleDowns: [] };
    // Started the period at 3: Pods 4 -> 7, Percent 100 -> 6; Max -> 7.
    expect(behaviorLimit('up', 6, up, recently, NOW)).toBe(7);
    expect(behaviorLimit('up', 6, up, recently, NOW + 20_000)).toBe(12);
    const result = normalizeWithBehavior(6, 20, 1, 30, { scaleUp: up, scaleDown: down }, recently, NOW);
    expect(result).toMatchObject({ replicas: 7, limited: ['True', 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'] });
  });

  it('holds a scale down for the scale-down window and a scale up for the scale-up window', () => {
    const history = { recommendations: [{ at: NOW - 100_000, replicas: 8 }], scaleUps: [], scaleDowns: [] };
    expect(normalizeWithBehavior(8, 3, 1, 10, { scaleUp: up, scaleDown: down }, history, NOW)).toMatchObject({ replicas: 8, ableToScale: ['ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation'] });
    expect(normalizeWithBehavior(8, 3, 1, 10, { scaleUp: up, scaleDown: { ...down, stabilizationWindowSeconds: 60 } }, history, NOW)).toMatchObject({ replicas: 3, ableToScale: ['ReadyForNewScale', 'recommended size matches current size'] });
    const low = { recommendations: [{ at: NOW - 30_000, replicas: 2 }], scaleUps: [], scaleDowns: [] };
    expect(normalizeWithBehavior(2, 6, 1, 10, { scaleUp: { ...up, stabilizationWindowSeconds: 60 }, scaleDown: down }, low, NOW)).toMatchObject({ replicas: 2, ableToScale: ['ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation'] });
  });

  it('limits a scale down by its policies (ScaleDownLimit) and by minReplicas (TooFewReplicas)', () => {
    const slow = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } as const;
    expect(normalizeWithBehavior(5, 1, 1, 10, { scaleUp: up, scaleDown: slow }, empty, NOW)).toMatchObject({ replicas: 4, limited: ['True', 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate'] });
    expect(normalizeWithBehavior(5, 1, 3, 10, { scaleUp: up, scaleDown: { ...down, stabilizationWindowSeconds: 0 } }, empty, NOW)).toMatchObject({ replicas: 3, limited: ['True', 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'] });
  });
});

const PHP_APACHE = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'php-apache' },
  spec: {
    selector: { matchLabels: { run: 'php-apache' } },
    template: {
      metadata: { labels: { run: 'php-apache' } },
      spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } } }] },
    },
  },
};

/** php-apache and its Service, Running a minute in, and an HPA of it at 50% CPU (behavior optional). */
function autoscaled(behavior?: unknown): Cluster {
  const cluster = newCluster();
  call(cluster, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'default', body: PHP_APACHE });
  call(cluster, { verb: 'create', resource: 'services', namespace: 'default', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'php-apache' }, spec: { selector: { run: 'php-apache' }, ports: [{ port: 80 }] } } });
  cluster.advanceTo(T0 + 60_000);
  const spec = { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }], ...(behavior ? { behavior } : {}) };
  call(cluster, { verb: 'create', group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', body: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'php-apache' }, spec } });
  return cluster;
}

const LOAD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'load-generator' }, spec: { restartPolicy: 'Never', containers: [{ name: 'load-generator', image: 'busybox:1.28', command: ['/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'] }] } };
const hpaOf = (cluster: Cluster) => cluster.etcd.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', 'php-apache') as HorizontalPodAutoscaler;
const replicasOf = (cluster: Cluster) => cluster.etcd.get<Deployment>('Deployment', 'default', 'php-apache')?.spec?.replicas;

describe('the horizontal-pod-autoscaler controller in a cluster', () => {
  it('reads 0% at rest, scales php-apache up under the load generator, and back to one pod five minutes after it stops', () => {
    const cluster = autoscaled();
    cluster.advanceTo(T0 + 120_000);
    expect(hpaOf(cluster).status).toMatchObject({ currentReplicas: 1, desiredReplicas: 1, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 0, averageValue: '1m' } } }] });
    expect(hpaOf(cluster).status?.conditions?.map((c) => `${c.type}=${c.status}/${c.reason}`)).toEqual(['AbleToScale=True/ReadyForNewScale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=True/TooFewReplicas']);

    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: LOAD });
    cluster.advanceTo(T0 + 240_000);
    const rescales = eventsAbout(cluster, 'HorizontalPodAutoscaler', 'php-apache').filter((e) => e.startsWith('SuccessfulRescale'));
    expect(rescales[0]).toBe('SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target');
    cluster.advanceTo(T0 + 420_000);
    // The generator's 600m over 6 pods (and their 1m at rest) is 101m each, 50% of their 200m: where it stays.
    expect(replicasOf(cluster)).toBe(6);
    expect(hpaOf(cluster).status?.currentMetrics?.[0]?.resource?.current).toEqual({ averageUtilization: 50, averageValue: '101m' });

    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'load-generator' });
    cluster.advanceTo(T0 + 600_000);
    expect(replicasOf(cluster)).toBe(6);
    expect(hpaOf(cluster).status?.conditions?.[0]).toMatchObject({ type: 'AbleToScale', reason: 'ScaleDownStabilized' });
    cluster.advanceTo(T0 + 800_000);
    expect(replicasOf(cluster)).toBe(1);
    expect(eventsAbout(cluster, 'HorizontalPodAutoscaler', 'php-apache')).toContain('SuccessfulRescale: New size: 1; reason: All metrics below target');
  });

  it('follows a behavior: one pod a minute up, and down at once with a zero window', () => {
    const cluster = autoscaled({ scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, scaleDown: { stabilizationWindowSeconds: 0 } });
    cluster.advanceTo(T0 + 120_000);
    call(cluster, { verb: 'create', resource: 'pods', namespace: 'default', body: LOAD });
    cluster.advanceTo(T0 + 150_000);
    expect(replicasOf(cluster)).toBe(2);
    expect(hpaOf(cluster).status?.conditions?.find((c) => c.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    cluster.advanceTo(T0 + 400_000);
    const rescales = cluster.etcd.list<KubeEvent>('Event', 'default').filter((e) => e.reason === 'SuccessfulRescale').map((e) => ({ at: Date.parse(e.firstTimestamp ?? ''), message: e.message }));
    expect(rescales.map((r) => r.message.slice(0, 12))).toEqual(['New size: 2;', 'New size: 3;', 'New size: 4;', 'New size: 5;', 'New size: 6;']);
    for (let i = 1; i < rescales.length; i++) expect((rescales[i]?.at ?? 0) - (rescales[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(60_000);
    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: 'load-generator' });
    cluster.advanceTo(T0 + 460_000);
    expect(replicasOf(cluster)).toBe(1);
  });

  it('says it cannot get the scale of a missing target, and cannot compute from pods without CPU requests', () => {
    const cluster = newCluster();
    const hpa = (name: string, target: string) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, maxReplicas: 3 } });
    call(cluster, { verb: 'create', group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', body: hpa('ghost', 'nothing') });
    expect(cluster.etcd.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', 'ghost')?.status?.conditions).toEqual([
      { type: 'AbleToScale', status: 'False', lastTransitionTime: iso(T0), reason: 'FailedGetScale', message: 'the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "nothing" not found' },
    ]);
    const web = { ...PHP_APACHE, metadata: { name: 'web' }, spec: { ...PHP_APACHE.spec, template: { ...PHP_APACHE.spec.template, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } };
    call(cluster, { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'default', body: web });
    call(cluster, { verb: 'create', group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: 'default', body: hpa('web', 'web') });
    cluster.advanceTo(T0 + 120_000);
    const active = cluster.etcd.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', 'web')?.status?.conditions?.find((c) => c.type === 'ScalingActive');
    expect(active?.message).toMatch(/^the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container nginx of Pod web-/);
  });
});
