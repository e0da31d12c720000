/** The job controller and the TTL-after-finished controller, with the real kubelet running the pods' scripts. */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '#core/cluster.ts';
import type { Job, Pod } from '#core/objects.ts';
import type { KubeStatus as Status } from '#core/api-server/status.ts';
import { body, call } from '../api-server/fixtures.ts';
import { advance, eventsAbout, labCluster } from '../support/lab.ts';

/** A Job manifest as a learner writes it: one busybox container running `script`. */
export function jobManifest(name: string, script: string, spec: Record<string, unknown> = {}, restartPolicy: string | null = 'Never'): unknown {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...spec, template: { spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name, image: 'busybox:1.37', command: ['sh', '-c', script] }] } } },
  };
}

function createJob(cluster: Cluster, manifest: unknown) {
  return call(cluster, { verb: 'create', group: 'batch', resource: 'jobs', namespace: 'default', body: manifest });
}

const jobOf = (cluster: Cluster, name: string) => cluster.etcd.get<Job>('Job', 'default', name)!;
const podsOf = (cluster: Cluster, job: string) => cluster.etcd.list<Pod>('Pod', 'default').filter((p) => p.metadata.labels?.['job-name'] === job);
const conditionTypes = (job: Job) => (job.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type);

describe('the job controller', () => {
  it('runs a pod to completion and marks the Job SuccessCriteriaMet then Complete, as v1.32 does', () => {
    const cluster = labCluster({ kubelet: 'real' });
    const created = body<Job>(createJob(cluster, jobManifest('pi', 'echo done')));
    const uid = created.metadata.uid;
    expect(created.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed', manualSelector: false });
    expect(created.spec?.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(created.metadata.labels).toEqual({ 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' });
    const [pod] = podsOf(cluster, 'pi');
    expect(pod?.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/);
    expect(pod?.metadata.labels).toEqual(created.metadata.labels);
    expect(pod?.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod?.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(jobOf(cluster, 'pi').status).toMatchObject({ active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });

    advance(cluster, 10_000);
    const job = jobOf(cluster, 'pi');
    expect(podsOf(cluster, 'pi').map((p) => p.status?.phase)).toEqual(['Succeeded']);
    // Counted, so let go: the finished pod no longer holds the tracking finalizer.
    expect(podsOf(cluster, 'pi')[0]?.metadata.finalizers).toBeUndefined();
    expect(conditionTypes(job)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(job.status?.conditions?.[1]).toMatchObject({ reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' });
    expect(job.status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0 });
    expect(job.status?.active).toBeUndefined();
    expect(Date.parse(job.status!.completionTime!)).toBeGreaterThan(Date.parse(job.status!.startTime!));
    expect(eventsAbout(cluster, 'Job', 'pi')).toEqual([`SuccessfulCreate: Created pod: ${pod?.metadata.name}`, 'Completed: Job completed']);
  });

  it('counts completions, running at most `parallelism` pods at a time', () => {
    const cluster = labCluster({ kubelet: 'real' });
    let most = 0;
    cluster.etcd.onChange(() => {
      most = Math.max(most, podsOf(cluster, 'batch').filter((p) => p.status?.phase !== 'Succeeded' && !p.metadata.deletionTimestamp).length);
    });
    createJob(cluster, jobManifest('batch', 'sleep 5; echo ok', { completions: 5, parallelism: 2 }));
    advance(cluster, 120_000);
    const job = jobOf(cluster, 'batch');
    expect(most).toBe(2);
    expect(job.status?.succeeded).toBe(5);
    expect(conditionTypes(job)).toContain('Complete');
    expect(podsOf(cluster, 'batch')).toHaveLength(5);
  });

  it('replaces failed pods after a doubling back-off, then fails with BackoffLimitExceeded', () => {
    const cluster = labCluster({ kubelet: 'real' });
    const starts: number[] = [];
    cluster.etcd.onChange((change) => {
      if (change.type === 'ADDED' && change.object.kind === 'Pod') starts.push(cluster.now);
    });
    createJob(cluster, jobManifest('flaky', 'echo no; exit 1', { backoffLimit: 2 }));
    advance(cluster, 300_000);
    const job = jobOf(cluster, 'flaky');
    expect(podsOf(cluster, 'flaky').map((p) => p.status?.phase)).toEqual(['Failed', 'Failed', 'Failed']);
    expect(job.status?.failed).toBe(3);
    expect(conditionTypes(job)).toEqual(['FailureTarget', 'Failed']);
    expect(job.status?.conditions?.[1]).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(job.status?.completionTime).toBeUndefined();
    // The second pod waits about 10 s after the first failure, the third about 20 s after the second.
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    expect(gaps).toHaveLength(2);
    expect(gaps[0]).toBeGreaterThanOrEqual(10_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(20_000);
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    expect(eventsAbout(cluster, 'Job', 'flaky').at(-1)).toBe('BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('stops a Job active longer than activeDeadlineSeconds: its pod deleted, DeadlineExceeded', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createJob(cluster, jobManifest('slow', 'sleep 3600', { activeDeadlineSeconds: 30 }));
    advance(cluster, 29_000);
    expect(conditionTypes(jobOf(cluster, 'slow'))).toEqual([]);
    advance(cluster, 2_000);
    expect(conditionTypes(jobOf(cluster, 'slow'))).toContain('FailureTarget');
    advance(cluster, 40_000);
    const job = jobOf(cluster, 'slow');
    expect(conditionTypes(job)).toEqual(['FailureTarget', 'Failed']);
    expect(job.status?.conditions?.[1]).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(podsOf(cluster, 'slow')).toEqual([]);
    const events = eventsAbout(cluster, 'Job', 'slow');
    expect(events.filter((e) => e.startsWith('SuccessfulDelete: Deleted pod: slow-'))).toHaveLength(1);
    expect(events.at(-1)).toBe('DeadlineExceeded: Job was active longer than specified deadline');
  });

  it('creates no pods while suspended, and starts when resumed', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createJob(cluster, jobManifest('later', 'echo hi', { suspend: true }));
    advance(cluster, 10_000);
    expect(podsOf(cluster, 'later')).toEqual([]);
    expect(jobOf(cluster, 'later').status?.conditions?.[0]).toMatchObject({ type: 'Suspended', status: 'True', reason: 'JobSuspended' });
    const job = jobOf(cluster, 'later');
    call(cluster, { verb: 'update', group: 'batch', resource: 'jobs', namespace: 'default', name: 'later', body: { ...job, spec: { ...job.spec, suspend: false } } });
    advance(cluster, 10_000);
    expect(conditionTypes(jobOf(cluster, 'later'))).toContain('Complete');
    expect(eventsAbout(cluster, 'Job', 'later')).toEqual(expect.arrayContaining(['Suspended: Job suspended', 'Resumed: Job resumed', 'Completed: Job completed']));
  });

  it('deletes a finished Job ttlSecondsAfterFinished after it finished, and its pods with it', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createJob(cluster, jobManifest('brief', 'echo bye', { ttlSecondsAfterFinished: 60 }));
    advance(cluster, 10_000);
    expect(conditionTypes(jobOf(cluster, 'brief'))).toContain('Complete');
    advance(cluster, 45_000);
    expect(jobOf(cluster, 'brief')).toBeDefined();
    advance(cluster, 30_000);
    expect(cluster.etcd.get('Job', 'default', 'brief')).toBeUndefined();
    expect(podsOf(cluster, 'brief')).toEqual([]);
    expect(cluster.toSnapshot().activity.some((a) => a.controller === 'ttl-after-finished-controller' && a.kind === 'Job')).toBe(true);
  });

  it('leaves the pods to the garbage collector when the Job is deleted', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createJob(cluster, jobManifest('gone', 'sleep 600'));
    advance(cluster, 5_000);
    expect(podsOf(cluster, 'gone')).toHaveLength(1);
    call(cluster, { verb: 'delete', group: 'batch', resource: 'jobs', namespace: 'default', name: 'gone', query: { propagationPolicy: 'Background' } });
    advance(cluster, 40_000);
    expect(podsOf(cluster, 'gone')).toEqual([]);
  });

  it('counts a running pod a learner deletes as failed, and replaces it', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createJob(cluster, jobManifest('longer', 'sleep 600'));
    advance(cluster, 5_000);
    const [first] = podsOf(cluster, 'longer');
    call(cluster, { verb: 'delete', resource: 'pods', namespace: 'default', name: first!.metadata.name });
    advance(cluster, 40_000);
    const pods = podsOf(cluster, 'longer');
    expect(pods.map((p) => p.metadata.name)).not.toContain(first!.metadata.name);
    expect(pods).toHaveLength(1);
    expect(jobOf(cluster, 'longer').status).toMatchObject({ failed: 1, active: 1 });
  });

  it('lets go of its pods when deleted with --cascade=orphan: they run on, untracked', () => {
    const cluster = labCluster({ kubelet: 'real' });
    createJob(cluster, jobManifest('orphans', 'sleep 600'));
    advance(cluster, 5_000);
    call(cluster, { verb: 'delete', group: 'batch', resource: 'jobs', namespace: 'default', name: 'orphans', query: { propagationPolicy: 'Orphan' } });
    advance(cluster, 5_000);
    expect(cluster.etcd.get('Job', 'default', 'orphans')).toBeUndefined();
    const [pod] = podsOf(cluster, 'orphans');
    expect(pod?.status?.phase).toBe('Running');
    expect(pod?.metadata.ownerReferences).toBeUndefined();
    expect(pod?.metadata.finalizers).toBeUndefined();
  });

  it('lets a namespace with a running Job and a CronJob be deleted to the end', () => {
    const cluster = labCluster({ kubelet: 'real' });
    call(cluster, { verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'batch' } } });
    call(cluster, { verb: 'create', group: 'batch', resource: 'jobs', namespace: 'batch', body: jobManifest('work', 'sleep 600') });
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick' }, spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.37', command: ['sleep', '600'] }] } } } } } };
    call(cluster, { verb: 'create', group: 'batch', resource: 'cronjobs', namespace: 'batch', body: cron });
    advance(cluster, 65_000);
    expect(cluster.etcd.list<Pod>('Pod', 'batch')).toHaveLength(2);
    call(cluster, { verb: 'delete', resource: 'namespaces', name: 'batch' });
    advance(cluster, 120_000);
    expect(cluster.etcd.get('Namespace', undefined, 'batch')).toBeUndefined();
    expect(cluster.etcd.list('Pod', 'batch')).toEqual([]);
  });

  it('refuses a pod template that would restart forever, with v1.32’s message', () => {
    const cluster = labCluster();
    const response = createJob(cluster, jobManifest('bad', 'echo', {}, null));
    expect(response.status).toBe(422);
    expect(body<Status>(response).message).toBe('Job.batch "bad" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
  });
});
