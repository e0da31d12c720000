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
import { CLOCK_CRONJOB } from '../../lambdas/course-pack/schedule-a-job.ts';
import { NGINX_HEADLESS, WEB_STATEFULSET } from '../../lambdas/course-pack/stateful-app.ts';
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
    expect(COURSE_PACK.map((e) => e.id)).toEqual(['recap-days-1-3', 'explore-cluster', 'deploy-app', 'scale-app', 'node-failure', 'rollout', 'fix-image', 'run-a-job', 'schedule-a-job', 'stateful-app', 'autoscale-app', 'clean-up', 'which-component']);
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

  it('schedule-a-job: the docs’ hello CronJob ("* * * * *", sh -c "date; echo ..."), an @every 1m interval and date as args pass too', () => {
    const ex = exercise('schedule-a-job');
    const answers = { 'time-zone': 'utc', 'history-limit': 'three' };
    const hello = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.28', imagePullPolicy: 'IfNotPresent', command: ['/bin/sh', '-c', 'date; echo Hello from the Kubernetes cluster'] }], restartPolicy: 'OnFailure' } } } },
      },
    } as Manifest;
    // date as the container's args rather than its command, busybox's shell as the image's own command.
    const args = structuredClone(CLOCK_CRONJOB) as { spec: { jobTemplate: { spec: { template: { spec: { containers: Record<string, unknown>[] } } } } } };
    args.spec.jobTemplate.spec.template.spec.containers = [{ name: 'clock', image: 'busybox', args: ['date'] }];
    for (const manifest of [hello, { ...CLOCK_CRONJOB, spec: { ...CLOCK_CRONJOB.spec, schedule: '@every 1m' } } as Manifest, args as unknown as Manifest]) {
      const cluster = start(ex);
      expect(apply(cluster, manifest)).toMatchObject({ ok: true });
      wait(cluster, 90);
      expect(failed(ex, cluster, answers)).toEqual([]);
    }
  });

  it('schedule-a-job: every five minutes, a Job made by hand, or a command that fails do not pass, and say why', () => {
    const ex = exercise('schedule-a-job');
    const answers = { 'time-zone': 'UTC', 'history-limit': 'three' };
    const message = (cluster: Cluster) => gradeExercise(ex, cluster, answers).checks.find((c) => c.id === 'runs-every-minute')?.message;
    const five = start(ex);
    apply(five, { ...CLOCK_CRONJOB, spec: { ...CLOCK_CRONJOB.spec, schedule: '*/5 * * * *' } } as Manifest);
    wait(five, 400);
    expect(message(five)).toBe('CronJob "clock" runs on the schedule "*/5 * * * *", which does not fire when "* * * * *" does; change its schedule (kubectl edit cronjob clock)');

    const byHand = start(ex);
    apply(byHand, CLOCK_CRONJOB as Manifest);
    const owner = byHand.etcd.get('CronJob', 'default', 'clock');
    // What kubectl create job now --from=cronjob/clock sends.
    apply(byHand, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'now', annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'clock', uid: owner?.metadata.uid, controller: true }] },
      spec: CLOCK_CRONJOB.spec.jobTemplate.spec,
    } as Manifest);
    wait(byHand, 30);
    expect(message(byHand)).toMatch(/^CronJob "clock" \("\*\/1 \* \* \* \*"\) has not run a Job yet; its schedule next fires at \S+; wait, and watch with kubectl get jobs --watch \(a Job made with kubectl create job --from=cronjob\/clock does not count: the schedule must make it\)$/);

    const typo = start(ex);
    const dat = structuredClone(CLOCK_CRONJOB);
    dat.spec.jobTemplate.spec.template.spec.containers[0]!.command = ['dat'];
    apply(typo, dat as Manifest);
    wait(typo, 90);
    expect(message(typo)).toMatch(/^CronJob "clock" has run 0 Jobs that completed; this step needs 1; "clock-\d+" is still running; its schedule next fires at /);
    expect(failed(ex, typo, answers)).toEqual(['runs-every-minute', 'prints-the-date']);
  });

  it('stateful-app: Parallel pod management, other names, an explicit class and bigger claims pass too', () => {
    const ex = exercise('stateful-app');
    const cluster = start(ex);
    const labels = { app: 'db' };
    const spec = WEB_STATEFULSET.spec;
    expect(apply(cluster, { ...NGINX_HEADLESS, metadata: { name: 'db-peers' }, spec: { ...NGINX_HEADLESS.spec, selector: labels } } as Manifest)).toMatchObject({ ok: true });
    const db = {
      ...WEB_STATEFULSET,
      metadata: { name: 'db' },
      spec: {
        ...spec,
        serviceName: 'db-peers',
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: labels },
        template: { ...spec.template, metadata: { labels } },
        volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '2Gi' } } } }],
      },
    };
    expect(apply(cluster, db as Manifest)).toMatchObject({ ok: true });
    wait(cluster, 60);
    expect(failed(ex, cluster, { 'start-order': 'after-ready', 'claim-kept': 'www-web-0', 'data-kept': 'two' })).toEqual([]);
  });

  it('stateful-app: a Service with a cluster IP, one replica, or pods without claims do not pass, and say why', () => {
    const ex = exercise('stateful-app');
    const messages = (cluster: Cluster) => Object.fromEntries(gradeExercise(ex, cluster, {}).checks.filter((c) => !c.passed && !['start-order', 'claim-kept', 'data-kept'].includes(c.id)).map((c) => [c.id, c.message]));
    const clusterIp = start(ex);
    const { clusterIP: _, ...withIp } = NGINX_HEADLESS.spec;
    apply(clusterIp, { ...NGINX_HEADLESS, spec: withIp } as Manifest);
    apply(clusterIp, WEB_STATEFULSET as Manifest);
    wait(clusterIp, 60);
    expect(messages(clusterIp)).toEqual({ 'pods-ready': expect.stringMatching(/^Service "nginx" is not headless \(its clusterIP is [\d.]+\); clusterIP cannot change, so delete it and create it again with clusterIP: None$/) });

    const one = start(ex);
    apply(one, NGINX_HEADLESS as Manifest);
    apply(one, { ...WEB_STATEFULSET, spec: { ...WEB_STATEFULSET.spec, replicas: 1 } } as Manifest);
    wait(one, 60);
    expect(messages(one)).toEqual({
      'pods-ready': 'StatefulSet "web" asks for 1 replica; this step needs 2 (kubectl scale sts web --replicas=2)',
      'claims-bound': '1 of 2 PersistentVolumeClaims are Bound and mounted by a Running pod; there is only 1: "www-web-0"',
    });

    const noClaims = start(ex);
    apply(noClaims, NGINX_HEADLESS as Manifest);
    const { volumeClaimTemplates: __, ...claimless } = WEB_STATEFULSET.spec;
    const emptyDir = { ...claimless, template: { ...claimless.template, spec: { ...claimless.template.spec, volumes: [{ name: 'www', emptyDir: {} }] } } };
    apply(noClaims, { ...WEB_STATEFULSET, spec: emptyDir } as Manifest);
    wait(noClaims, 60);
    expect(messages(noClaims)).toEqual({ 'claims-bound': 'there is no PersistentVolumeClaim of at least 1Gi in namespace "default"' });
  });
});
