/** The cronjob controller on the simulated clock, with the real kubelet running the Jobs' pods. */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { CronJob, Job } from '#core/objects.ts';
import { viewOf } from '#core/view.ts';
import { body, call } from '../api-server/fixtures.ts';
import { T0, advance, eventsAbout, labCluster } from '../support/lab.ts';

const MINUTE = 60_000;

function cronJobManifest(name: string, script: string, spec: Record<string, unknown> = {}, jobSpec: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '*/1 * * * *',
      ...spec,
      jobTemplate: { spec: { ...jobSpec, template: { spec: { restartPolicy: 'Never', containers: [{ name, image: 'busybox:1.37', command: ['sh', '-c', script] }] } } } },
    },
  };
}

function createCronJob(cluster: Cluster, manifest: unknown) {
  return call(cluster, { verb: 'create', group: 'batch', resource: 'cronjobs', namespace: 'default', body: manifest });
}

const jobsOf = (cluster: Cluster) => cluster.etcd.list<Job>('Job', 'default').map((j) => j.metadata.name).sort();
const jobName = (name: string, minute: number) => `${name}-${Math.floor(T0 / MINUTE) + minute}`;
const cronJobOf = (cluster: Cluster, name: string) => cluster.etcd.get<CronJob>('CronJob', 'default', name)!;

describe('the cronjob controller', () => {
  it('stores a CronJob as v1.32 defaults it', () => {
    const cluster = labCluster();
    const created = body<CronJob>(createCronJob(cluster, cronJobManifest('hello', 'date')));
    expect(created.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    // The Job template's own spec is not defaulted (the Jobs made from it are).
    expect(created.spec?.jobTemplate.spec).not.toHaveProperty('backoffLimit');
    expect(created.spec?.jobTemplate.metadata).toEqual({ creationTimestamp: null });
    expect(created.status).toEqual({});
  });

  it('creates a Job at each scheduled minute, named for the minute, and follows it to completion', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createCronJob(cluster, cronJobManifest('hello', 'echo hello'));
    advance(cluster, MINUTE - 1_000);
    expect(jobsOf(cluster)).toEqual([]);
    advance(cluster, 1_000);
    const first = jobName('hello', 1);
    expect(jobsOf(cluster)).toEqual([first]);
    const job = cluster.etcd.get<Job>('Job', 'default', first)!;
    expect(job.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-11-25T09:01:00Z' });
    expect(job.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', controller: true, blockOwnerDeletion: true })]);
    expect(job.spec).toMatchObject({ backoffLimit: 6, completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': job.metadata.uid } } });
    expect(cronJobOf(cluster, 'hello').status).toMatchObject({ active: [{ kind: 'Job', name: first, apiVersion: 'batch/v1' }], lastScheduleTime: '2026-11-25T09:01:00Z' });

    advance(cluster, 20_000);
    const status = cronJobOf(cluster, 'hello').status;
    expect(status?.active).toBeUndefined();
    expect(status?.lastSuccessfulTime).toBeDefined();
    expect(eventsAbout(cluster, 'CronJob', 'hello')).toEqual([`SuccessfulCreate: Created job ${first}`, `SawCompletedJob: Saw completed job: ${first}, condition: Complete`]);
  });

  it('keeps successfulJobsHistoryLimit finished Jobs, deleting the oldest with their pods', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createCronJob(cluster, cronJobManifest('tick', 'echo tick', { successfulJobsHistoryLimit: 2 }));
    advance(cluster, 5 * MINUTE + 30_000);
    expect(jobsOf(cluster)).toEqual([jobName('tick', 4), jobName('tick', 5)]);
    expect(eventsAbout(cluster, 'CronJob', 'tick')).toContain(`SuccessfulDelete: Deleted job ${jobName('tick', 1)}`);
    advance(cluster, 60_000);
    const pods = cluster.etcd.list('Pod', 'default').map((p) => p.metadata.labels?.['job-name']);
    expect(new Set(pods)).toEqual(new Set([jobName('tick', 5), jobName('tick', 6)]));
  });

  it('keeps failedJobsHistoryLimit failed Jobs', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createCronJob(cluster, cronJobManifest('oops', 'exit 1', { failedJobsHistoryLimit: 1 }, { backoffLimit: 0 }));
    advance(cluster, 3 * MINUTE + 30_000);
    expect(jobsOf(cluster)).toEqual([jobName('oops', 3)]);
    expect(eventsAbout(cluster, 'CronJob', 'oops')).toContain(`SawCompletedJob: Saw completed job: ${jobName('oops', 1)}, condition: Failed`);
  });

  it('lets runs overlap under Allow', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createCronJob(cluster, cronJobManifest('long', 'sleep 150'));
    advance(cluster, 3 * MINUTE + 10_000);
    expect(cronJobOf(cluster, 'long').status?.active?.map((r) => r.name)).toEqual([jobName('long', 1), jobName('long', 2), jobName('long', 3)]);
  });

  it('skips a run while one is active under Forbid, and starts the missed one when it ends', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createCronJob(cluster, cronJobManifest('solo', 'sleep 90', { concurrencyPolicy: 'Forbid' }));
    advance(cluster, 2 * MINUTE + 10_000);
    expect(jobsOf(cluster)).toEqual([jobName('solo', 1)]);
    expect(eventsAbout(cluster, 'CronJob', 'solo')).toContain('JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid');
    advance(cluster, 30_000);
    // The first ended at about 09:02:3x: the 09:02 run it held back starts then, as on a real cluster.
    expect(jobsOf(cluster)).toEqual([jobName('solo', 1), jobName('solo', 2)]);
  });

  it('replaces the running Job under Replace', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createCronJob(cluster, cronJobManifest('swap', 'sleep 600', { concurrencyPolicy: 'Replace' }));
    advance(cluster, 2 * MINUTE + 1_000);
    expect(jobsOf(cluster)).toEqual([jobName('swap', 2)]);
    expect(eventsAbout(cluster, 'CronJob', 'swap')).toContain(`SuccessfulDelete: Deleted job ${jobName('swap', 1)}`);
    expect(cronJobOf(cluster, 'swap').status?.active?.map((r) => r.name)).toEqual([jobName('swap', 2)]);
  });

  it('creates nothing while suspended, and resumes at the next scheduled time', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createCronJob(cluster, cronJobManifest('paused', 'echo hi', { suspend: true, schedule: '*/5 * * * *' }));
    advance(cluster, 12 * MINUTE);
    expect(jobsOf(cluster)).toEqual([]);
    const current = cronJobOf(cluster, 'paused');
    call(cluster, { verb: 'update', group: 'batch', resource: 'cronjobs', namespace: 'default', name: 'paused', body: { ...current, spec: { ...current.spec, suspend: false } } });
    // The missed 09:05 and 09:10 are caught up as one run (the most recent), then 09:15 on time.
    expect(jobsOf(cluster)).toEqual([jobName('paused', 10)]);
    advance(cluster, 3 * MINUTE);
    expect(jobsOf(cluster)).toEqual([jobName('paused', 10), jobName('paused', 15)]);
  });

  it('shows the CronJob and its Jobs in the live picture, with kubectl get\'s words', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createCronJob(cluster, cronJobManifest('pic', 'sleep 100'));
    advance(cluster, MINUTE + 1_000);
    expect(viewOf(cluster).batch).toEqual([
      { kind: 'CronJob', namespace: 'default', name: 'pic', status: 'Scheduled', detail: '*/1 * * * *', active: 1 },
      { kind: 'Job', namespace: 'default', name: jobName('pic', 1), status: 'Running', detail: '0/1', active: 1, owner: 'CronJob/pic' },
    ]);
  });

  it('refuses a schedule robfig/cron cannot parse, with its message', () => {
    const cluster = labCluster();
    const response = createCronJob(cluster, cronJobManifest('bad', 'date', { schedule: '*/1 * * *' }));
    expect(response.status).toBe(422);
    expect((response.body as { message: string }).message).toBe('CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "*/1 * * *": expected exactly 5 fields, found 4: [*/1 * * *]');
  });
});

describe('the cronjob controller after a long time unlooked-at', () => {
  it('runs only the most recent missed time, and warns when more than 100 were missed', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createCronJob(cluster, cronJobManifest('idle', 'echo hi', { suspend: true }));
    const current = cluster.etcd.get<CronJob>('CronJob', 'default', 'idle')!;
    // Resumed three days later, in one request: one Job, for the minute just gone.
    cluster.advanceTo(T0 + 3 * 24 * 60 * MINUTE + 30_000);
    call(cluster, { verb: 'update', group: 'batch', resource: 'cronjobs', namespace: 'default', name: 'idle', body: { ...current, spec: { ...current.spec, suspend: false } } });
    expect(jobsOf(cluster)).toEqual([jobName('idle', 3 * 24 * 60)]);
    expect(eventsAbout(cluster, 'CronJob', 'idle')[0]).toMatch(/^TooManyMissedTimes: too many missed start times: \d+\. Set or decrease \.spec\.startingDeadlineSeconds or check clock skew$/);
  });
});
