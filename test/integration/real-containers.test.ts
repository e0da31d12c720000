/**
 * Real containers above the runner port, with the records in the embedded DynamoDB server: the
 * guards refuse before anything starts, a cohort's cap holds when a class starts at once, a refused
 * start frees its place, and the reaper ends what should not run — overdue tasks (recorded or not),
 * starts whose process died on either side of the runner's answer, tasks Fargate stopped itself.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoContainerStore } from '#adapters/dynamo/container-store.ts';
import { DynamoCourseStore } from '#adapters/dynamo/course-store.ts';
import type { Cluster } from '#core/cluster.ts';
import { DEFAULT_CONTAINER_POLICY, type ContainerPolicy } from '#services/containers/policy.ts';
import { RealContainerService, RealTasksFullError, STARTING_GRACE_MS, StartUnsettledError } from '#services/containers/real-containers.ts';
import { RunnerCapacityError } from '#services/containers/runner.ts';
import { InvalidInputError, StateConflictError } from '#services/errors.ts';
import type { Cohort } from '#services/ports.ts';
import type { Service } from '#core/objects.ts';
import { apply, container, deployment, labCluster, service } from '../core/support/lab.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';
import { FakeRunner } from '../support/fake-runner.ts';

let table: TestTable;
beforeAll(async () => {
  table = await startTestTable();
});
afterAll(() => table.stop());

let now: number;
let runner: FakeRunner;
let cluster: Cluster;
const clock = () => now;

beforeEach(() => {
  now = Date.UTC(2026, 11, 7, 9, 0, 0);
  runner = new FakeRunner(clock);
  cluster = labCluster();
});

function realContainers(): RealContainerService {
  const courseStore = new DynamoCourseStore(table.client, table.tableName);
  return new RealContainerService(runner, new DynamoContainerStore(table.client, table.tableName), courseStore, { read: async (_id, view) => view(cluster), update: async (_id, change) => change(cluster) }, { clock, architecture: 'ARM64' });
}

let cohorts = 0;
/** A cohort with `learners` learners and its own real-container policy. */
async function cohortWith(learners: number, policy: Partial<ContainerPolicy> = {}, quotas: Cohort['quotas'] = undefined): Promise<{ cohortId: string; learnerIds: string[] }> {
  const store = new DynamoCourseStore(table.client, table.tableName);
  const cohortId = `c-real-${++cohorts}`;
  await store.putCohort({ id: cohortId, name: cohortId, createdAt: new Date(now).toISOString(), ...(quotas ? { quotas } : {}), containerPolicy: policy });
  const learnerIds = Array.from({ length: learners }, (_, i) => `l-${cohortId}-${i}`);
  for (const id of learnerIds) await store.putLearner({ id, cohortId, name: id, clusterId: `k-${id}`, createdAt: new Date(now).toISOString(), tokenHash: `h-${id}` });
  return { cohortId, learnerIds };
}

describe('starting a real task', () => {
  it('runs the image on the port, shows the address once running, and stops for good', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1);
    const real = realContainers();
    const started = await real.start(cohortId, ada!, { image: 'nginx:1.27', port: 80 });
    expect(started).toMatchObject({ created: true, phase: 'provisioning', cpu: 256, memoryMiB: 512, urls: [], secondsLeft: 30 * 60, deadline: '2026-12-07T09:30:00.000Z' });
    expect(runner.runs).toHaveLength(1);
    expect(runner.runs[0]).toMatchObject({ cohortId, learnerId: ada, cpu: 256, memoryMiB: 512, containers: [{ name: 'app', image: 'docker.io/library/nginx:1.27', ports: [80] }] });

    const taskId = [...runner.tasks.keys()][0]!;
    now += 40_000;
    runner.advance(taskId, { phase: 'running', status: 'RUNNING', publicIp: '203.0.113.7', startedAt: new Date(now).toISOString() });
    const running = await real.status(cohortId, ada!);
    expect(running).toMatchObject({ phase: 'running', publicIp: '203.0.113.7', urls: ['http://203.0.113.7/'], secondsLeft: 30 * 60 - 40 });
    expect(running?.hourlyCost).toBeCloseTo((0.25 * 0.03238 + 0.5 * 0.00356 + 0.005), 4);

    now += 10 * 60_000;
    const stopped = await real.stop(cohortId, ada!, 'learner');
    expect(stopped).toMatchObject({ phase: 'stopped', stoppedBy: 'learner', secondsLeft: 0, urls: [] });
    expect(runner.stops).toEqual([{ taskId, reason: 'stopped by the learner' }]);
    expect(await real.status(cohortId, ada!)).toMatchObject({ phase: 'stopped', stoppedBy: 'learner', stopReason: 'stopped by the learner' });
    expect(await real.stop(cohortId, ada!, 'learner')).toBeUndefined();
    // The place is free again: a new start runs.
    await expect(real.start(cohortId, ada!, { image: 'nginx', port: 80 })).resolves.toMatchObject({ phase: 'provisioning' });
  });

  it('runs every container of a Deployment in one task, sized from their requests', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1, { maxCpu: 512, maxMemoryMiB: 1024 });
    apply(
      cluster,
      deployment(cluster, 'woof', {
        containers: [
          container('frontend', 'nginx:1.27', [80], { resources: { requests: { cpu: '250m', memory: '256Mi' } }, env: [{ name: 'MODE', value: 'real' }] }),
          container('backend', 'hashicorp/http-echo:1.0.0', [9000], { args: ['-listen=:9000', '-text=hello'], resources: { requests: { cpu: '100m', memory: '64Mi' } } }),
        ],
      }),
    );
    await realContainers().start(cohortId, ada!, { deployment: 'woof' });
    expect(runner.runs[0]).toMatchObject({
      cpu: 512,
      memoryMiB: 1024,
      containers: [
        { name: 'frontend', image: 'docker.io/library/nginx:1.27', ports: [80], env: { MODE: 'real' } },
        { name: 'backend', image: 'docker.io/hashicorp/http-echo:1.0.0', ports: [9000], args: ['-listen=:9000', '-text=hello'] },
      ],
    });
  });
});

describe('make it real', () => {
  it('a LoadBalancer Service in front of the Deployment shows the real address while the task runs', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1);
    apply(cluster, deployment(cluster, 'woof'));
    apply(cluster, service(cluster, 'woof', [{ port: 80 }], { type: 'LoadBalancer' }));
    const real = realContainers();
    await real.start(cohortId, ada!, { deployment: 'woof' });
    const ingress = () => cluster.etcd.get<Service>('Service', 'default', 'woof')?.status?.loadBalancer.ingress;
    expect(ingress()).not.toEqual([{ ip: '203.0.113.7' }]);
    const taskId = [...runner.tasks.keys()][0]!;
    runner.advance(taskId, { phase: 'running', status: 'RUNNING', publicIp: '203.0.113.7', startedAt: new Date(now).toISOString() });
    await real.status(cohortId, ada!);
    expect(ingress()).toEqual([{ ip: '203.0.113.7' }]);
    await real.stop(cohortId, ada!, 'learner');
    expect(ingress()).toBeUndefined();
    expect(cluster.toSnapshot().cloud.realTasks).toEqual({});
  });
});

describe('refused before anything starts', () => {
  async function refusal(request: Parameters<RealContainerService['start']>[2], policy: Partial<ContainerPolicy> = {}, quotas?: Cohort['quotas']): Promise<unknown> {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1, policy, quotas);
    const error = await realContainers().start(cohortId, ada!, request).then(() => undefined, (e: unknown) => e);
    expect(runner.runs).toEqual([]);
    expect(await realContainers().status(cohortId, ada!)).toBeUndefined();
    return error;
  }

  it('an image outside the allowlist, naming the images that are allowed', async () => {
    const error = await refusal({ image: 'ghcr.io/someone/miner:latest', port: 8080 });
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues).toEqual([{ path: ['image'], message: expect.stringMatching(/^ghcr\.io\/someone\/miner is not among the images your cohort may run for real \(docker\.io\/library\/nginx, .*ask your instructor/) }]);
  });

  it('a malformed image and a port out of range, both at once', async () => {
    const error = (await refusal({ image: 'NGINX::1', port: 70000 })) as InvalidInputError;
    expect(error.issues.map((i) => i.path[0])).toEqual(['image', 'port']);
    expect(error.issues[0]?.message).toContain('is not an image reference');
  });

  it('a prefix entry allows a registry path; a repository entry does not allow its neighbours', async () => {
    const { cohortId, learnerIds: [ada, grace] } = await cohortWith(2, { allowedImages: ['123456789012.dkr.ecr.us-east-1.amazonaws.com/course/*', 'redis'] });
    await expect(realContainers().start(cohortId, ada!, { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/course/app:v2', port: 8080 })).resolves.toMatchObject({ phase: 'provisioning' });
    await expect(realContainers().start(cohortId, grace!, { image: 'redisx', port: 6379 })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('containers that ask for more than the caps', async () => {
    apply(cluster, deployment(cluster, 'big', { containers: [container('big', 'nginx:1.27', [80], { resources: { requests: { cpu: '1', memory: '2Gi' } } })] }));
    const error = (await refusal({ deployment: 'big' })) as InvalidInputError;
    expect(error.issues[0]?.message).toBe("the containers ask for 1 vCPU and 2048 MiB; your cohort's real tasks are at most 0.25 vCPU and 512 MiB (lower the containers' resource requests)");
  });

  it('a variable taken from a Secret, which a real task cannot read', async () => {
    apply(cluster, deployment(cluster, 'secretive', { containers: [container('app', 'nginx:1.27', [80], { env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'p' } } }] })] }));
    const error = (await refusal({ deployment: 'secretive' })) as InvalidInputError;
    expect(error.issues[0]).toMatchObject({ path: ['deployment', 'spec', 'template', 'spec', 'containers', 0, 'env', 'PASSWORD'] });
  });

  it('a cohort whose quota of real containers is 0', async () => {
    expect(await refusal({ image: 'nginx', port: 80 }, {}, { realContainers: 0 })).toBeInstanceOf(StateConflictError);
  });

  it('a second task while the first runs; the same start asked again gets the first', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1);
    const first = await realContainers().start(cohortId, ada!, { image: 'nginx', port: 80 });
    await expect(realContainers().start(cohortId, ada!, { image: 'nginx', port: 8080 })).rejects.toThrow(/you already have a real task/);
    await expect(realContainers().start(cohortId, ada!, { image: 'nginx', port: 80 })).resolves.toMatchObject({ id: first.id, created: false });
    expect(runner.runs).toHaveLength(1);
  });
});

describe('a class starting at once', () => {
  it('never runs more than the cohort allows, nor two per learner', async () => {
    const { cohortId, learnerIds } = await cohortWith(20, { maxRunning: 5 });
    const attempts = [...learnerIds, ...learnerIds.slice(0, 5)].map((id) => realContainers().start(cohortId, id, { image: 'nginx', port: 80 }));
    const results = await Promise.allSettled(attempts);
    const started = new Set(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : [])));
    expect(started.size).toBe(5);
    expect(runner.running).toBe(5);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toSatisfy((e: unknown) => e instanceof RealTasksFullError || e instanceof StateConflictError);
    }
    expect(new Set(runner.runs.map((r) => r.learnerId)).size).toBe(5);
    expect(await realContainers().list(cohortId)).toHaveLength(5);
  });
});

describe('when the runner refuses', () => {
  it('frees the place and tells the learner why', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1, { maxRunning: 1 });
    runner.refuse = new RunnerCapacityError('Capacity is unavailable at this time. Please try again later or in a different availability zone');
    await expect(realContainers().start(cohortId, ada!, { image: 'nginx', port: 80 })).rejects.toBeInstanceOf(RunnerCapacityError);
    expect(await realContainers().status(cohortId, ada!)).toMatchObject({ phase: 'stopped', stoppedBy: 'failed-to-start', stopReason: expect.stringContaining('Capacity is unavailable') });
    runner.refuse = undefined;
    await expect(realContainers().start(cohortId, ada!, { image: 'nginx', port: 80 })).resolves.toMatchObject({ phase: 'provisioning' });
  });
});

describe('the reaper', () => {
  it('stops a task at its deadline and frees its place', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1, { timeLimitMinutes: 5, maxRunning: 1 });
    await realContainers().start(cohortId, ada!, { image: 'nginx', port: 80 });
    now += 4 * 60_000;
    expect((await realContainers().reap()).ended).toEqual([]);
    now += 61_000;
    const report = await realContainers().reap();
    expect(report.ended).toEqual([{ cohortId, learnerId: ada, why: 'time-limit' }]);
    expect(runner.running).toBe(0);
    expect(await realContainers().status(cohortId, ada!)).toMatchObject({ phase: 'stopped', stoppedBy: 'time-limit' });
    expect(runner.cleanUps).toBe(2);
  });

  it('stops an overdue task it has no record of, found by its tags', async () => {
    const deadline = new Date(now - 1000).toISOString();
    const taskId = runner.adopt({ startId: 'lost-1', cohortId: 'c-gone', learnerId: 'l-gone', containers: [], cpu: 256, memoryMiB: 512, deadline }, now - 31 * 60_000);
    const report = await realContainers().reap();
    expect(report.stopped).toContainEqual({ taskId, why: 'time limit' });
    expect(runner.running).toBe(0);
  });

  it('stops a task with no record once past the starting grace, not before', async () => {
    const deadline = new Date(now + 20 * 60_000).toISOString();
    const taskId = runner.adopt({ startId: 'no-record', cohortId: 'c-x', learnerId: 'l-x', containers: [], cpu: 256, memoryMiB: 512, deadline }, now);
    await realContainers().reap();
    expect(runner.running).toBe(1);
    now += STARTING_GRACE_MS;
    expect((await realContainers().reap()).stopped).toContainEqual({ taskId, why: 'no record' });
  });

  it('keeps the place of a start AWS did not answer, then ends it after the grace when no task shows up', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1, { maxRunning: 1 });
    runner.refuse = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    await expect(realContainers().start(cohortId, ada!, { image: 'nginx', port: 80 })).rejects.toBeInstanceOf(StartUnsettledError);
    runner.refuse = undefined;
    expect(await realContainers().status(cohortId, ada!)).toMatchObject({ phase: 'starting' });
    await realContainers().reap();
    expect(await realContainers().status(cohortId, ada!)).toMatchObject({ phase: 'starting' });
    now += STARTING_GRACE_MS;
    expect((await realContainers().reap()).ended).toEqual([{ cohortId, learnerId: ada, why: 'failed-to-start' }]);
    await expect(realContainers().start(cohortId, ada!, { image: 'nginx', port: 80 })).resolves.toMatchObject({ phase: 'provisioning' });
  });

  it('adopts a task whose start died after the runner answered', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1);
    const store = new DynamoContainerStore(table.client, table.tableName);
    const deadline = new Date(now + 30 * 60_000).toISOString();
    await store.claim({ startId: 'died-after-answer', cohortId, learnerId: ada!, phase: 'starting', source: { kind: 'image', image: 'nginx', port: 80 }, containers: [{ name: 'app', image: 'docker.io/library/nginx:latest', ports: [80] }], cpu: 256, memoryMiB: 512, requestedAt: new Date(now).toISOString(), deadline }, 10);
    const taskId = runner.adopt({ startId: 'died-after-answer', cohortId, learnerId: ada!, containers: [], cpu: 256, memoryMiB: 512, deadline }, now);
    runner.advance(taskId, { publicIp: '198.51.100.4' });
    await realContainers().reap();
    expect(runner.running).toBe(1);
    expect(await realContainers().status(cohortId, ada!)).toMatchObject({ phase: 'running', publicIp: '198.51.100.4' });
  });

  it('shows the reason Fargate gave when it stopped the task itself', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1);
    await realContainers().start(cohortId, ada!, { image: 'nginx:9.9.9', port: 80 });
    const taskId = [...runner.tasks.keys()][0]!;
    runner.advance(taskId, {
      phase: 'stopped',
      status: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stopReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
      containers: [{ name: 'app', status: 'STOPPED', reason: 'CannotPullContainerError: docker.io/library/nginx:9.9.9: not found' }],
    });
    now += 5 * 60_000;
    await realContainers().reap();
    expect(await realContainers().status(cohortId, ada!)).toMatchObject({ phase: 'stopped', stoppedBy: 'runner', stopReason: expect.stringContaining('docker.io/library/nginx:9.9.9: not found') });
  });

  it('two reapers at once end a task once and free its place once', async () => {
    const { cohortId, learnerIds } = await cohortWith(3, { timeLimitMinutes: 1, maxRunning: 2 });
    await realContainers().start(cohortId, learnerIds[0]!, { image: 'nginx', port: 80 });
    await realContainers().start(cohortId, learnerIds[1]!, { image: 'nginx', port: 80 });
    now += 2 * 60_000;
    await Promise.all([realContainers().reap(), realContainers().reap()]);
    expect(runner.running).toBe(0);
    // Two places, no more and no fewer: two starts run, the third is refused.
    await realContainers().start(cohortId, learnerIds[0]!, { image: 'nginx', port: 80 });
    await realContainers().start(cohortId, learnerIds[1]!, { image: 'nginx', port: 80 });
    await expect(realContainers().start(cohortId, learnerIds[2]!, { image: 'nginx', port: 80 })).rejects.toBeInstanceOf(RealTasksFullError);
  });
});

describe('state-change events', () => {
  it('a task that stopped on its own frees the place with its reason', async () => {
    const { cohortId, learnerIds: [ada] } = await cohortWith(1, { maxRunning: 1 });
    await realContainers().start(cohortId, ada!, { image: 'nginx', port: 80 });
    const taskId = [...runner.tasks.keys()][0]!;
    runner.advance(taskId, { phase: 'stopped', status: 'STOPPED', stopCode: 'EssentialContainerExited', stopReason: 'Essential container in task exited' });
    const [state] = await runner.describe([taskId]);
    await Promise.all([realContainers().observe(state!), realContainers().observe(state!)]);
    expect(await realContainers().status(cohortId, ada!)).toMatchObject({ phase: 'stopped', stoppedBy: 'runner', stopReason: 'Essential container in task exited' });
    await expect(realContainers().start(cohortId, ada!, { image: 'nginx', port: 80 })).resolves.toMatchObject({ phase: 'provisioning' });
  });

  it('ignores tasks that are not a current start', async () => {
    await expect(realContainers().observe({ taskId: 'arn:x', phase: 'running', status: 'RUNNING', containers: [] })).resolves.toBeUndefined();
  });
});

it('defaults to the smallest task for 30 minutes, ten at once, with the course images', () => {
  expect(DEFAULT_CONTAINER_POLICY).toEqual({ allowedImages: ['docker.io/library/nginx', 'docker.io/hashicorp/http-echo', '783966730108.dkr.ecr.us-east-1.amazonaws.com/computefest2021'], maxCpu: 256, maxMemoryMiB: 512, timeLimitMinutes: 30, maxRunning: 10 });
});
