/**
 * The check kinds of CronJobs, StatefulSets and claims, on the real simulation (its controllers,
 * scheduler, kubelet and provisioner running): what passes, and what a learner reads when it
 * does not yet.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import { apply, remove } from '#services/grading/cluster-actions.ts';
import { scratchCluster } from '#services/grading/cluster-setup.ts';
import { evaluateClusterCheck } from '#services/grading/cluster-checks.ts';
import type { Manifest } from '#services/grading/exercise-schema.ts';
import { ExerciseSchema } from '#services/grading/exercise-schema.ts';
import { sameSchedule } from '#services/grading/job-checks.ts';
import { webStatefulSet } from '../../core/support/statefulset.ts';
import { check } from './fixtures.ts';

const wait = (cluster: Cluster, seconds: number) => cluster.advanceTo(cluster.now + seconds * 1000);
const applied = (cluster: Cluster, ...manifests: unknown[]) => {
  for (const manifest of manifests) expect(apply(cluster, manifest as Manifest)).toMatchObject({ ok: true });
};

const cronJob = (name: string, schedule: string, command: string[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name },
  spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name, image: 'busybox:1.37', command }] } } } }, ...extra },
});

const headless = (name: string, selector: Record<string, string>, clusterIP = 'None') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { ...(clusterIP ? { clusterIP } : {}), selector, ports: [{ port: 80, name: 'web' }] },
});

describe('sameSchedule', () => {
  const from = Date.UTC(2026, 0, 1, 10, 0, 30);
  it('hears the same schedule in its other spellings, and not another', () => {
    for (const spelling of ['* * * * *', '*/1 * * * *', '0-59 * * * *', '@every 1m', '@every 60s']) expect(sameSchedule(spelling, '*/1 * * * *', from), spelling).toBe(true);
    expect(sameSchedule('0 * * * *', '@hourly', from)).toBe(true);
    expect(sameSchedule('*/5 * * * *', '* * * * *', from)).toBe(false);
    expect(sameSchedule('30 * * * *', '@hourly', from)).toBe(false);
    expect(sameSchedule('not cron', '* * * * *', from)).toBe(false);
  });
});

describe('cronJobScheduled', () => {
  const everyMinute = check({ id: 'c', title: 'c', type: 'cronJobScheduled', cronJob: { image: 'busybox' }, schedule: '* * * * *' });

  it('waits for the schedule to make a Job, then passes once it completed, whatever the CronJob is called', () => {
    const cluster = scratchCluster(2);
    applied(cluster, cronJob('my-clock', '*/1 * * * *', ['date']));
    expect(evaluateClusterCheck(everyMinute, cluster).message).toMatch(/^CronJob "my-clock" \("\*\/1 \* \* \* \*"\) has not run a Job yet; its schedule next fires at 2026-01-01T00:01:00Z; wait, and watch with kubectl get jobs --watch$/);
    wait(cluster, 90);
    expect(evaluateClusterCheck(everyMinute, cluster)).toEqual({ passed: true, message: 'CronJob "my-clock" ("*/1 * * * *") has run 1 Job that completed: "my-clock-29453761"' });
  });

  it('says which schedule it found, that a Job made by hand does not count, and when a run failed', () => {
    const cluster = scratchCluster(2);
    applied(cluster, cronJob('hourly', '0 * * * *', ['date']));
    expect(evaluateClusterCheck(everyMinute, cluster).message).toBe('CronJob "hourly" runs on the schedule "0 * * * *", which does not fire when "* * * * *" does; change its schedule (kubectl edit cronjob hourly)');
    const anySchedule = check({ id: 'a', title: 'a', type: 'cronJobScheduled', cronJob: { name: 'hourly' } });
    const uid = cluster.etcd.get('CronJob', 'default', 'hourly')?.metadata.uid;
    applied(cluster, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'by-hand', annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hourly', uid, controller: true }] },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.37', command: ['date'] }] } } },
    });
    wait(cluster, 30);
    expect(evaluateClusterCheck(anySchedule, cluster).message).toBe(
      'CronJob "hourly" ("0 * * * *") has not run a Job yet; its schedule next fires at 2026-01-01T01:00:00Z; wait, and watch with kubectl get jobs --watch (a Job made with kubectl create job --from=cronjob/hourly does not count: the schedule must make it)',
    );

    applied(cluster, cronJob('broken', '* * * * *', ['sh', '-c', 'exit 1'], { jobTemplate: { spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'broken', image: 'busybox:1.37', command: ['sh', '-c', 'exit 1'] }] } } } } }));
    wait(cluster, 90);
    const failing = check({ id: 'b', title: 'b', type: 'cronJobScheduled', cronJob: { name: 'broken' } });
    expect(evaluateClusterCheck(failing, cluster).message).toMatch(/^CronJob "broken" made Job "broken-\d+", which failed \(BackoffLimitExceeded: Job has reached the specified backoff limit\); see why with kubectl logs job\/broken-\d+ and fix the CronJob's job template$/);
  });

  it('counts completed runs, and a suspended CronJob says so', () => {
    const cluster = scratchCluster(2);
    applied(cluster, cronJob('tick', '* * * * *', ['date'], { suspend: true }));
    wait(cluster, 120);
    const three = check({ id: 't', title: 't', type: 'cronJobScheduled', cronJob: { name: 'tick' }, completedJobs: 3 });
    expect(evaluateClusterCheck(three, cluster).message).toBe(`CronJob "tick" is suspended, so its schedule creates no Job; resume it with kubectl patch cronjob tick -p '{"spec":{"suspend":false}}'`);
    applied(cluster, cronJob('tick', '* * * * *', ['date'], { suspend: false }));
    wait(cluster, 70);
    expect(evaluateClusterCheck(three, cluster).message).toMatch(/^CronJob "tick" has run 2 Jobs that completed; this step needs 3; its schedule next fires at /);
    wait(cluster, 180);
    expect(evaluateClusterCheck(three, cluster)).toMatchObject({ passed: true, message: expect.stringMatching(/^CronJob "tick" \("\* \* \* \* \*"\) has run 3 Jobs that completed: /) });
  });

  it('names the CronJobs it found when none fits; an uploaded check with a schedule cron cannot read is refused', () => {
    const cluster = scratchCluster(2);
    applied(cluster, cronJob('other', '* * * * *', ['date']));
    const named = check({ id: 'n', title: 'n', type: 'cronJobScheduled', cronJob: { name: 'clock' } });
    expect(evaluateClusterCheck(named, cluster).message).toBe('there is no CronJob "clock" in namespace "default" (found "other"); create one with kubectl create cronjob or kubectl apply -f');
    const parsed = ExerciseSchema.safeParse({ id: 'x', title: 'x', instructions: 'x', checks: [{ id: 'c', title: 'c', type: 'cronJobScheduled', cronJob: {}, schedule: '* * *' }] });
    expect(parsed.error?.issues).toMatchObject([{ path: ['checks', 0, 'schedule'], message: 'a schedule cron cannot read: expected exactly 5 fields, found 3: [* * *]' }]);
  });
});

describe('statefulSetReady', () => {
  const two = check({ id: 's', title: 's', type: 'statefulSetReady', statefulSet: { image: 'registry.k8s.io/nginx-slim' }, replicas: 2, headlessService: true });

  it('passes once web-0 and web-1 are Running and Ready, in order, under their headless Service', () => {
    const cluster = scratchCluster(2);
    applied(cluster, headless('nginx', { app: 'nginx' }), webStatefulSet({ replicas: 2 }));
    expect(evaluateClusterCheck(two, cluster)).toEqual({ passed: false, message: 'StatefulSet "web" has 0 of 2 pods Running and Ready: web-0 is Pending (ContainerCreating); see why with kubectl describe pod web-0' });
    wait(cluster, 4);
    expect(evaluateClusterCheck(two, cluster).message).toMatch(/^StatefulSet "web" has 1 of 2 pods Running and Ready: web-1 (does not exist yet \(the controller creates it once web-0 is Running and Ready\)|is Pending)/);
    wait(cluster, 60);
    expect(evaluateClusterCheck(two, cluster)).toEqual({ passed: true, message: 'StatefulSet "web" has 2 pods Running and Ready: web-0 and web-1; the headless Service "nginx" selects them' });
  });

  it('says what is wrong with the governing Service: missing, not headless, selecting other pods', () => {
    const cluster = scratchCluster(2);
    applied(cluster, webStatefulSet({ replicas: 2 }));
    wait(cluster, 60);
    expect(evaluateClusterCheck(two, cluster).message).toBe('StatefulSet "web" names serviceName "nginx", but there is no Service "nginx": create one with clusterIP: None that selects its pods');
    applied(cluster, headless('nginx', { app: 'nginx' }, ''));
    expect(evaluateClusterCheck(two, cluster).message).toMatch(/^Service "nginx" is not headless \(its clusterIP is 10\.\d+\.\d+\.\d+\); clusterIP cannot change, so delete it and create it again with clusterIP: None$/);
    expect(remove(cluster, 'Service', 'default', 'nginx')).toMatchObject({ ok: true });
    applied(cluster, headless('nginx', { app: 'web' }));
    expect(evaluateClusterCheck(two, cluster).message).toBe('Service "nginx" selects app=web, which does not match the pods of StatefulSet "web" (labelled app=nginx)');
  });

  it('wants the replicas asked for, and names the StatefulSets it found when none fits', () => {
    const cluster = scratchCluster(2);
    applied(cluster, headless('nginx', { app: 'nginx' }), webStatefulSet({ replicas: 3 }));
    expect(evaluateClusterCheck(two, cluster).message).toBe('StatefulSet "web" asks for 3 replicas; this step needs 2 (kubectl scale sts web --replicas=2)');
    const redis = check({ id: 'r', title: 'r', type: 'statefulSetReady', statefulSet: { image: 'redis' }, replicas: 1 });
    expect(evaluateClusterCheck(redis, cluster).message).toBe('there is no StatefulSet running redis in namespace "default" (found StatefulSet "web": it runs registry.k8s.io/nginx-slim:0.24)');
  });
});

describe('claimBound', () => {
  const claims = check({ id: 'c', title: 'c', type: 'claimBound', claim: { storageClass: 'standard', minSize: '1Gi' }, count: 2, mounted: true });

  it('passes when enough claims are Bound and mounted by running pods; until then names the first that is not', () => {
    const cluster = scratchCluster(2);
    applied(cluster, headless('nginx', { app: 'nginx' }), webStatefulSet({ replicas: 2 }));
    expect(evaluateClusterCheck(claims, cluster).message).toMatch(/^0 of 2 PersistentVolumeClaims are Bound and mounted by a Running pod; PersistentVolumeClaim "www-web-0" is (Pending|Bound to pvc-\S+ \(1Gi\), but no Running pod mounts it)/);
    wait(cluster, 60);
    expect(evaluateClusterCheck(claims, cluster)).toEqual({ passed: true, message: '2 PersistentVolumeClaims are Bound and mounted by a Running pod: "www-web-0" and "www-web-1"' });
    const one = check({ id: 'o', title: 'o', type: 'claimBound', claim: { name: 'www-web-1' }, mounted: true });
    expect(evaluateClusterCheck(one, cluster)).toMatchObject({ passed: true, message: expect.stringMatching(/^PersistentVolumeClaim "www-web-1" is Bound to pvc-[0-9a-f-]{36} \(1Gi\) and mounted by pod "web-1"$/) });
  });

  it('explains a claim waiting for its first consumer, a class that does not exist, and a claim too small', () => {
    const cluster = scratchCluster(2);
    const claim = (name: string, size: string, storageClassName?: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name },
      spec: { ...(storageClassName ? { storageClassName } : {}), accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
    });
    applied(cluster, claim('data', '1Gi'));
    wait(cluster, 10);
    const bound = check({ id: 'b', title: 'b', type: 'claimBound', claim: { name: 'data' } });
    expect(evaluateClusterCheck(bound, cluster).message).toBe('PersistentVolumeClaim "data" is Pending: StorageClass "standard" binds a claim once a pod that uses it is scheduled (WaitForFirstConsumer), and no pod uses it yet');
    applied(cluster, claim('fast-data', '1Gi', 'fast'));
    wait(cluster, 10);
    const fast = check({ id: 'f', title: 'f', type: 'claimBound', claim: { name: 'fast-data' } });
    expect(evaluateClusterCheck(fast, cluster).message).toBe('PersistentVolumeClaim "fast-data" is Pending: there is no StorageClass "fast" (see kubectl get storageclass)');
    const big = check({ id: 'g', title: 'g', type: 'claimBound', claim: { minSize: '5Gi' } });
    expect(evaluateClusterCheck(big, cluster).message).toBe('there is no PersistentVolumeClaim of at least 5Gi in namespace "default" (found "data": it is 1Gi, less than 5Gi; "fast-data": it is 1Gi, less than 5Gi)');
  });
});
