/**
 * The autoscale-app exercise and the hpaScaled check: other correct solutions pass (another name, a
 * behavior, an HPA that has scaled and come back down), wrong attempts fail saying what to do
 * (no HPA, other bounds or target, pods without CPU requests, no load yet), and `applyLoad` tries
 * an HPA under simulated load on a copy, leaving the learner's cluster as it was.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Deployment } from '#core/objects.ts';
import { apply, remove } from '#services/grading/cluster-actions.ts';
import { buildStartingState, scratchCluster } from '#services/grading/cluster-setup.ts';
import { ExerciseSchema, type Exercise, type Manifest } from '#services/grading/exercise-schema.ts';
import { gradeExercise } from '#services/grading/grade.ts';
import { LOAD_GENERATOR, PHP_APACHE, PHP_APACHE_HPA, PHP_APACHE_SERVICE } from '../../lambdas/course-pack/autoscale-app.ts';
import { COURSE_PACK } from '../../lambdas/course-pack/index.ts';

const exercise = COURSE_PACK.find((e) => e.id === 'autoscale-app') as Exercise;

function start(ex: Exercise = exercise): Cluster {
  const cluster = scratchCluster(ex.startingState.workers);
  expect(buildStartingState(cluster, ex.startingState)).toEqual([]);
  return cluster;
}
const wait = (cluster: Cluster, seconds: number) => cluster.advanceTo(cluster.now + seconds * 1000);
const applied = (cluster: Cluster, ...objects: unknown[]) => objects.forEach((o) => expect(apply(cluster, o as Manifest)).toMatchObject({ ok: true }));
const check = (ex: Exercise, cluster: Cluster) => gradeExercise(ex, cluster, {}).checks.find((c) => c.id === 'hpa-scaled');

describe('autoscale-app', () => {
  it('passes another name and a behavior that scales up one pod at a time, once it has scaled, even after scaling back down', () => {
    const cluster = start();
    applied(cluster, PHP_APACHE, PHP_APACHE_SERVICE);
    wait(cluster, 30);
    const slow = { ...PHP_APACHE_HPA, metadata: { name: 'web-scaler' }, spec: { ...PHP_APACHE_HPA.spec, behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, scaleDown: { stabilizationWindowSeconds: 30 } } } };
    applied(cluster, slow, LOAD_GENERATOR);
    wait(cluster, 90);
    expect(check(exercise, cluster)).toMatchObject({ passed: true, message: 'HorizontalPodAutoscaler "web-scaler" keeps Deployment "php-apache" between 1 and 10 pods and has scaled it up to 3' });
    expect(remove(cluster, 'Pod', 'default', 'load-generator')).toMatchObject({ ok: true });
    wait(cluster, 120);
    expect(cluster.etcd.get<Deployment>('Deployment', 'default', 'php-apache')?.spec?.replicas).toBe(1);
    expect(check(exercise, cluster)?.passed).toBe(true);
  });

  it('fails without an HPA, with other bounds, and before any load, saying what to do', () => {
    const none = start();
    applied(none, PHP_APACHE, PHP_APACHE_SERVICE);
    expect(check(exercise, none)?.message).toBe('there is no HorizontalPodAutoscaler for Deployment "php-apache" in namespace "default"; create one with kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10');

    const narrow = start();
    applied(narrow, PHP_APACHE, PHP_APACHE_SERVICE, { ...PHP_APACHE_HPA, spec: { ...PHP_APACHE_HPA.spec, maxReplicas: 3 } });
    expect(check(exercise, narrow)?.message).toBe('HorizontalPodAutoscaler "php-apache" keeps Deployment "php-apache" between 1 and 3 pods; this step needs 1 to 10 (kubectl edit hpa php-apache, or delete it and autoscale again with --min and --max)');

    const defaultCpu = start();
    const { metrics: _, ...noMetrics } = PHP_APACHE_HPA.spec;
    applied(defaultCpu, PHP_APACHE, PHP_APACHE_SERVICE, { ...PHP_APACHE_HPA, spec: noMetrics });
    expect(check(exercise, defaultCpu)?.message).toBe('HorizontalPodAutoscaler "php-apache" targets 80% CPU utilization; this step needs 50% (kubectl autoscale ... --cpu-percent=50)');

    const idle = start();
    applied(idle, PHP_APACHE, PHP_APACHE_SERVICE, PHP_APACHE_HPA);
    wait(idle, 60);
    expect(check(exercise, idle)?.message).toBe('HorizontalPodAutoscaler "php-apache" keeps Deployment "php-apache" between 1 and 10 pods but has not scaled it up yet (1 replica); put load on it with the load generator and watch kubectl get hpa php-apache --watch');
  });

  it('says why an HPA over pods without CPU requests cannot scale', () => {
    const cluster = start();
    const { resources: _, ...container } = PHP_APACHE.spec.template.spec.containers[0] as Record<string, unknown>;
    const unrequested = { ...PHP_APACHE, spec: { ...PHP_APACHE.spec, template: { ...PHP_APACHE.spec.template, spec: { containers: [container] } } } };
    applied(cluster, unrequested, PHP_APACHE_SERVICE, PHP_APACHE_HPA, LOAD_GENERATOR);
    wait(cluster, 90);
    expect(check(exercise, cluster)?.message).toMatch(
      /^HorizontalPodAutoscaler "php-apache" cannot compute a replica count: the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container php-apache of Pod php-apache-[a-z0-9]+-[a-z0-9]+; see kubectl describe hpa php-apache$/,
    );
  });

  it('with applyLoad, tries an HPA that has not scaled under simulated load on a copy, and leaves the cluster as it was', () => {
    const source = COURSE_PACK.find((e) => e.id === 'autoscale-app') as Exercise;
    const loaded = ExerciseSchema.parse({ ...source, checks: source.checks.map((c) => (c.id === 'hpa-scaled' ? { ...c, applyLoad: true } : c)) });
    const cluster = start(loaded);
    applied(cluster, PHP_APACHE, PHP_APACHE_SERVICE, PHP_APACHE_HPA);
    wait(cluster, 60);
    const before = cluster.etcd.revision;
    expect(check(loaded, cluster)).toMatchObject({ passed: true, message: 'HorizontalPodAutoscaler "php-apache" keeps Deployment "php-apache" between 1 and 10 pods and scaled it up to 6 under simulated load' });
    expect(cluster.etcd.revision).toBe(before);
    expect(cluster.etcd.get<Deployment>('Deployment', 'default', 'php-apache')?.spec?.replicas).toBe(1);

    const lonely = start(loaded);
    applied(lonely, PHP_APACHE, PHP_APACHE_HPA);
    wait(lonely, 60);
    expect(check(loaded, lonely)?.message).toBe('HorizontalPodAutoscaler "php-apache" keeps Deployment "php-apache" between 1 and 10 pods, but no Service selects the pods of Deployment "php-apache", so no load can reach them; expose it (kubectl expose deployment php-apache --port=80)');
  });
});
