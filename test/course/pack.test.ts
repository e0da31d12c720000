/**
 * The built-in course pack, played on the real simulation (API server admission, controller
 * manager, scheduler, kubelet, container runtime, cloud controller): every exercise's starting
 * state fails its checks, its reference solution passes them all, and other correct solutions
 * pass too, so the checks never fail a learner who is right.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Node } from '#core/objects.ts';
import { apply, remove, rolloutUndo, setImage } from '#services/grading/cluster-actions.ts';
import { buildStartingState, dryRunExercise, playSolution, scratchCluster } from '#services/grading/cluster-setup.ts';
import { ExerciseSchema, type Exercise, type Manifest } from '#services/grading/exercise-schema.ts';
import { gradeExercise } from '#services/grading/grade.ts';
import { COURSE_PACK, COURSE_PACK_SOURCES } from '../../lambdas/course-pack/index.ts';
import { deployment, service } from '../../lambdas/course-pack/workshop-app.ts';

function exercise(id: string): Exercise {
  const found = COURSE_PACK.find((e) => e.id === id);
  if (!found) throw new Error(`no exercise ${id}`);
  return found;
}

/** A fresh cluster in the exercise's starting state. */
function start(ex: Exercise): Cluster {
  const cluster = scratchCluster(ex.startingState.workers);
  expect(buildStartingState(cluster, ex.startingState)).toEqual([]);
  return cluster;
}

const wait = (cluster: Cluster, seconds: number) => cluster.advanceTo(cluster.now + seconds * 1000);
const failed = (ex: Exercise, cluster: Cluster, answers = {}) => gradeExercise(ex, cluster, answers).checks.filter((c) => !c.passed).map((c) => c.id);

describe('the built-in pack', () => {
  it('covers the seed in course order, each exercise with instructions, hints, checks and a reference solution', () => {
    expect(COURSE_PACK.map((e) => e.id)).toEqual(['recap-days-1-3', 'explore-cluster', 'deploy-app', 'scale-app', 'node-failure', 'rollout', 'fix-image', 'run-a-job', 'clean-up', 'which-component']);
    for (const ex of COURSE_PACK) {
      expect(ex.instructions.length, ex.id).toBeGreaterThan(200);
      expect(ex.hints.length, ex.id).toBeGreaterThan(0);
      expect(ex.solution?.steps.length, ex.id).toBeGreaterThan(0);
    }
    // The pack is written in the same document format an instructor uploads.
    for (const source of COURSE_PACK_SOURCES) expect(ExerciseSchema.safeParse(JSON.parse(JSON.stringify(source))).success).toBe(true);
  });

  it.each(COURSE_PACK.map((e) => [e.id, e] as const))('%s: the starting state fails, the reference solution passes every check', (_id, ex) => {
    const cluster = start(ex);
    const before = gradeExercise(ex, cluster, {});
    expect(before.score).toBeLessThan(before.maxScore);
    const played = playSolution(cluster, ex.solution?.steps ?? []);
    expect(played.issues).toEqual([]);
    const after = gradeExercise(ex, cluster, played.answers);
    expect(after.checks.filter((c) => !c.passed)).toEqual([]);
    expect(after).toMatchObject({ score: after.maxScore, status: 'passed' });
  });

  it.each(COURSE_PACK.map((e) => [e.id, e] as const))('%s: passes the same dry run an uploaded exercise must pass', (_id, ex) => {
    expect(dryRunExercise(ex)).toEqual([]);
  });
});

describe('checks accept every correct solution', () => {
  it('deploy-app: any names, a Service made like kubectl expose makes it (no port names, targetPort defaulted)', () => {
    const ex = exercise('deploy-app');
    const cluster = start(ex);
    const own = deployment(2) as Manifest & { spec: { template: { metadata: { labels: Record<string, string> } }; selector: { matchLabels: Record<string, string> } } };
    const renamed = { ...own, metadata: { name: 'frontend' }, spec: { ...own.spec, selector: { matchLabels: { run: 'mine' } }, template: { ...own.spec.template, metadata: { labels: { run: 'mine' } } } } } as Manifest;
    expect(apply(cluster, renamed)).toMatchObject({ ok: true });
    expect(apply(cluster, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-lb' }, spec: { type: 'LoadBalancer', selector: { run: 'mine' }, ports: [80, 9000, 9010, 9020].map((port) => ({ name: `p${port}`, port })) } })).toMatchObject({ ok: true });
    wait(cluster, 60);
    const hostname = (cluster.etcd.get('Service', 'default', 'my-lb') as { status: { loadBalancer: { ingress: { hostname: string }[] } } }).status.loadBalancer.ingress[0]?.hostname;
    expect(hostname).toMatch(/elb/);
    expect(failed(ex, cluster, { 'external-ip': hostname })).toEqual([]);
  });

  it('deploy-app: partial credit with a message while the pods are still starting', () => {
    const ex = exercise('deploy-app');
    const cluster = start(ex);
    apply(cluster, deployment(2));
    apply(cluster, service());
    const outcome = gradeExercise(ex, cluster, {});
    expect(outcome.status).toBe('partial');
    const ready = outcome.checks.find((c) => c.id === 'deployment-ready');
    expect(ready).toMatchObject({ passed: false, message: expect.stringMatching(/^Deployment "workshop-app" has 0 of 2 replicas ready and available/) });
  });

  it('scale-app: re-applying the manifest with replicas: 4 works as well as kubectl scale', () => {
    const ex = exercise('scale-app');
    const cluster = start(ex);
    expect(apply(cluster, deployment(4))).toMatchObject({ ok: true });
    wait(cluster, 60);
    expect(failed(ex, cluster)).toEqual([]);
  });

  it('node-failure: not healed until the pods were evicted and replaced', () => {
    const ex = exercise('node-failure');
    const cluster = start(ex);
    const answers = { 'failed-node': 'worker-1', 'which-component': 'controller-manager' };
    expect(failed(ex, cluster, answers)).toContain('off-failed-node');
    wait(cluster, 60);
    expect((cluster.etcd.get('Node', undefined, 'worker-1') as Node).status?.conditions.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
    expect(failed(ex, cluster, answers)).toContain('off-failed-node');
    wait(cluster, 400);
    expect(failed(ex, cluster, answers)).toEqual([]);
  });

  it('rollout: --to-revision=1 is as good as a plain undo; rolling out without the undo is not enough', () => {
    const ex = exercise('rollout');
    const cluster = start(ex);
    setImage(cluster, 'default', 'workshop-app', 'frontend', 'nginx:1.28');
    wait(cluster, 90);
    expect(failed(ex, cluster, { history: '2-3' })).toEqual(['rolled-out', 'original-image']);
    expect(rolloutUndo(cluster, 'default', 'workshop-app', 1)).toMatchObject({ ok: true });
    wait(cluster, 90);
    expect(failed(ex, cluster, { history: '2-3' })).toEqual([]);
  });

  it('fix-image: any nginx tag that exists fixes it; the broken state says why', () => {
    const ex = exercise('fix-image');
    const cluster = start(ex);
    const broken = gradeExercise(ex, cluster, {}).checks.find((c) => c.id === 'no-pull-errors');
    expect(broken?.message).toMatch(/^expected exactly 0 Pod labelled app=web in namespace "default" with .status.containerStatuses\[\*\].state.waiting.reason in/);
    setImage(cluster, 'default', 'web', 'web', 'nginx:latest');
    wait(cluster, 90);
    expect(failed(ex, cluster, { status: 'image-pull-backoff' })).toEqual([]);
  });

  it('clean-up: deleting only the Service removes the load balancer but leaves the app', () => {
    const ex = exercise('clean-up');
    const cluster = start(ex);
    remove(cluster, 'Service', 'default', 'workshop-app');
    wait(cluster, 30);
    expect(failed(ex, cluster, { why: 'cost' })).toEqual(['deployment-gone', 'namespace-empty']);
  });
});
