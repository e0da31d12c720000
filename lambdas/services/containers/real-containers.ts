/**
 * Real containers: a learner runs one task on Fargate, from an image and a port or from a
 * Deployment of their simulated cluster, under their cohort's policy (policy.ts) and a hard time
 * limit. Every guard runs before anything is started; a place in the cohort is claimed in one
 * conditional write before the runner is asked, and given back if the runner refuses. What a
 * process that dies half-way leaves behind is found by the reaper: a claim whose start never
 * answered, a task whose record was lost (the runner's tags name its learner and deadline), a task
 * past its time. Reaping, events and a learner's own status check may race; each ending is a
 * conditional write on the start's id, so a task is ended and its place freed once.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster } from '#core/cluster.ts';
import { bytes, milli } from '#core/api-server/quantity.ts';
import { setRealTaskAddress } from '#core/real-tasks.ts';
import { InvalidInputError, NotFoundError, StateConflictError, type InputIssue } from '../errors.ts';
import type { Cohort, Learner } from '../ports.ts';
import { checkImage, effectivePolicy, taskSize, validPort, type ContainerPolicy } from './policy.ts';
import { costSoFar, hourlyCost, type Architecture } from './pricing.ts';
import type { ContainerRecords, RealTaskRecord, StoppedBy, TaskSource } from './records.ts';
import { RunnerCapacityError, RunnerRefusedError, type ContainerRunner, type ContainerSpec, type LogLine, type TaskState } from './runner.ts';

/** A start that has not been heard of after this long has died with its process; the reaper ends it. */
export const STARTING_GRACE_MS = 3 * 60 * 1000;

/** What a learner asks to run. */
export type StartRequest = { readonly image: string; readonly port: number } | { readonly deployment: string; readonly namespace?: string };

/** A task as the learner and the instructor see it. */
export interface RealTaskView {
  readonly id: string;
  readonly learnerId: string;
  readonly phase: RealTaskRecord['phase'];
  readonly source: TaskSource;
  readonly containers: RealTaskRecord['containers'];
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly requestedAt: string;
  readonly startedAt?: string;
  readonly deadline: string;
  /** Seconds until the time limit stops it; 0 once ended. */
  readonly secondsLeft: number;
  readonly stoppedAt?: string;
  readonly stoppedBy?: StoppedBy;
  readonly stopReason?: string;
  /** The public address and a link per open port, once running. */
  readonly publicIp?: string;
  readonly urls: readonly string[];
  /** USD an hour at this size, and so far (a one-minute minimum). */
  readonly hourlyCost: number;
  readonly costSoFar: number;
}

/** What the service reads of the course. */
export interface CourseReader {
  getCohort(id: string): Promise<Cohort | undefined>;
  getLearner(cohortId: string, learnerId: string): Promise<Learner | undefined>;
}

/** Reads and changes a learner's simulated cluster. */
export interface ClusterAccess {
  read<T>(clusterId: string, view: (cluster: Cluster) => T): Promise<T>;
  update<T>(clusterId: string, change: (cluster: Cluster) => T): Promise<T>;
}

/**
 * The runner did not say whether the task started (a timeout, an error on AWS's side): the place
 * stays claimed, and the reaper adopts the task by its tag or ends the claim within a few minutes.
 */
export class StartUnsettledError extends Error {
  override readonly name = 'StartUnsettledError';
  constructor(cause: unknown) {
    super('AWS did not say whether your task started; Kubelab will know within a few minutes: look at your real task again then', { cause });
  }
}

/** Thrown when the cohort's places for real tasks are all taken. */
export class RealTasksFullError extends Error {
  override readonly name = 'RealTasksFullError';
}

/** What the reaper did, for its log. */
export interface ReapReport {
  readonly stopped: readonly { readonly taskId: string; readonly why: string }[];
  readonly ended: readonly { readonly cohortId: string; readonly learnerId: string; readonly why: StoppedBy }[];
}

export interface RealContainerOptions {
  readonly clock: () => number;
  readonly architecture: Architecture;
  readonly newId?: () => string;
}

/** Starts, watches, stops and reaps learners' real tasks. */
export class RealContainerService {
  private readonly clock: () => number;
  private readonly newId: () => string;
  private readonly architecture: Architecture;

  constructor(
    private readonly runner: ContainerRunner,
    private readonly records: ContainerRecords,
    private readonly course: CourseReader,
    private readonly clusters: ClusterAccess,
    options: RealContainerOptions,
  ) {
    this.clock = options.clock;
    this.newId = options.newId ?? randomUUID;
    this.architecture = options.architecture;
  }

  /** The cohort's policy as it applies now. */
  async policy(cohortId: string): Promise<ContainerPolicy> {
    const cohort = await this.course.getCohort(cohortId);
    if (!cohort) throw new NotFoundError('cohort', cohortId);
    return effectivePolicy(cohort.containerPolicy);
  }

  /**
   * Starts the learner's task. Refuses, before anything runs: a quota of 0, an image outside the
   * allowlist or not an image, a port out of range, a size over the caps, a second task, a full
   * cohort. A runner that refuses or has no room leaves the place free again.
   */
  async start(cohortId: string, learnerId: string, request: StartRequest): Promise<RealTaskView & { readonly created: boolean }> {
    const cohort = await this.course.getCohort(cohortId);
    const learner = await this.course.getLearner(cohortId, learnerId);
    if (!cohort || !learner) throw new NotFoundError('learner', learnerId);
    if ((cohort.quotas?.realContainers ?? 1) < 1) throw new StateConflictError('your cohort does not run real containers (its quota is 0); ask your instructor');
    const policy = effectivePolicy(cohort.containerPolicy);
    const planned = 'image' in request ? this.fromImage(request, policy) : await this.fromDeployment(learner.clusterId, request, policy);
    const running = await this.records.activeFor(cohortId, learnerId);
    // The same start asked again (a retry after a lost answer) gets the task it started.
    if (running && sameSource(running.source, planned.source)) return { ...this.view(running), created: false };
    if (running) throw new StateConflictError(`you already have a real task (${running.phase}, started ${running.requestedAt}); stop it first`);
    const now = this.clock();
    const record: RealTaskRecord = {
      startId: this.newId(),
      cohortId,
      learnerId,
      phase: 'starting',
      source: planned.source,
      containers: planned.containers.map(({ name, image, ports }) => ({ name, image, ports })),
      cpu: planned.cpu,
      memoryMiB: planned.memoryMiB,
      requestedAt: new Date(now).toISOString(),
      deadline: new Date(now + policy.timeLimitMinutes * 60_000).toISOString(),
    };
    if (!(await this.records.claim(record, policy.maxRunning))) {
      if (await this.records.activeFor(cohortId, learnerId)) throw new StateConflictError('you already have a real task; stop it first');
      throw new RealTasksFullError(`all ${policy.maxRunning} real tasks of your cohort are running; try again when one ends`);
    }
    let state: TaskState;
    try {
      state = await this.runner.run({ startId: record.startId, cohortId, learnerId, containers: planned.containers, cpu: record.cpu, memoryMiB: record.memoryMiB, deadline: record.deadline });
    } catch (error) {
      // Only a refusal is sure to have started nothing; anything else may have started a task.
      if (!(error instanceof RunnerCapacityError || error instanceof RunnerRefusedError)) throw new StartUnsettledError(error);
      await this.records.release({ ...record, phase: 'stopped', stoppedAt: new Date(this.clock()).toISOString(), stoppedBy: 'failed-to-start', stopReason: error.message });
      throw error;
    }
    const changes = { phase: state.phase, taskId: state.taskId, ...(state.publicIp ? { publicIp: state.publicIp } : {}), ...(state.startedAt ? { startedAt: state.startedAt } : {}) };
    if (!(await this.records.update(cohortId, learnerId, record.startId, changes))) {
      // Stopped (by the learner, an instructor or the reaper) while the runner was starting it.
      await this.runner.stop(state.taskId, 'stopped before it had started');
      throw new StateConflictError('the task was stopped while it was starting');
    }
    return { ...this.view({ ...record, ...changes }), created: true };
  }

  /** The learner's task (refreshed from the runner), or the last one that ended; undefined if none ever ran. */
  async status(cohortId: string, learnerId: string): Promise<RealTaskView | undefined> {
    const active = await this.records.activeFor(cohortId, learnerId);
    if (active) {
      const refreshed = await this.refresh([active]);
      const current = refreshed[0];
      if (current) return this.view(current);
    }
    const last = await this.records.last(cohortId, learnerId);
    return last ? this.view(last) : undefined;
  }

  /** The last `limit` lines the learner's task (running or last ended) wrote. */
  async logs(cohortId: string, learnerId: string, limit: number): Promise<LogLine[]> {
    const record = (await this.records.activeFor(cohortId, learnerId)) ?? (await this.records.last(cohortId, learnerId));
    if (!record) throw new NotFoundError('real task of learner', learnerId);
    if (!record.taskId) return [];
    return this.runner.logs(record.taskId, record.containers.map((c) => c.name), limit);
  }

  /** Stops the learner's task; returns it as ended, or undefined when nothing was running. */
  async stop(cohortId: string, learnerId: string, by: 'learner' | 'instructor'): Promise<RealTaskView | undefined> {
    const active = await this.records.activeFor(cohortId, learnerId);
    if (!active) return undefined;
    const ended = await this.end(active, by, by === 'learner' ? 'stopped by the learner' : 'stopped by an instructor');
    return this.view(ended);
  }

  /** The cohort's running tasks, refreshed from the runner. */
  async list(cohortId: string): Promise<RealTaskView[]> {
    const refreshed = await this.refresh(await this.records.active(cohortId));
    return refreshed.map((record) => this.view(record));
  }

  /** Stops every task of the cohort; returns how many were running. */
  async stopAll(cohortId: string): Promise<number> {
    const active = await this.records.active(cohortId);
    for (const record of active) await this.end(record, 'instructor', 'stopped by an instructor');
    return active.length;
  }

  /** A task changed (an ECS state-change event names it): asks the runner for its state and follows it. */
  async taskChanged(taskId: string): Promise<void> {
    const [state] = await this.runner.describe([taskId]);
    if (state) await this.observe(state);
  }

  /** What the runner says about a task: the record follows it. */
  async observe(state: TaskState): Promise<void> {
    if (!state.cohortId || !state.learnerId || !state.startId) return;
    const record = await this.records.activeFor(state.cohortId, state.learnerId);
    if (!record || record.startId !== state.startId) return;
    await this.follow(record, state);
  }

  /**
   * Ends what should not run: tasks past their deadline (found in the runner, record or not),
   * starts that never answered, records of tasks the runner has stopped, tasks with no record.
   * Then lets the runner clean up. Safe to run twice at once.
   */
  async reap(): Promise<ReapReport> {
    const now = this.clock();
    const stopped: { taskId: string; why: string }[] = [];
    const ended: { cohortId: string; learnerId: string; why: StoppedBy }[] = [];
    const tasks = await this.runner.listActive();
    const byStart = new Map(tasks.filter((t) => t.startId).map((t) => [t.startId as string, t]));
    const recorded = new Set<string>();
    for (const cohortId of await this.records.cohortsWithTasks()) {
      for (const record of await this.records.active(cohortId)) {
        recorded.add(record.startId);
        const task = byStart.get(record.startId);
        if (Date.parse(record.deadline) <= now) {
          await this.end(record, 'time-limit', `stopped after the cohort's time limit`, task?.taskId);
          ended.push({ cohortId, learnerId: record.learnerId, why: 'time-limit' });
          if (task) stopped.push({ taskId: task.taskId, why: 'time limit' });
        } else if (!record.taskId && task) {
          // The start died after the runner answered: adopt the task.
          await this.follow(record, task);
        } else if (!record.taskId && Date.parse(record.requestedAt) + STARTING_GRACE_MS <= now) {
          await this.end(record, 'failed-to-start', 'the start did not complete');
          ended.push({ cohortId, learnerId: record.learnerId, why: 'failed-to-start' });
        } else if (record.taskId && !task) {
          // Not active in the runner any more: describe it for the reason, or end it as gone.
          await this.refresh([record]);
        }
      }
    }
    for (const task of tasks) {
      const overdue = task.deadline !== undefined && Date.parse(task.deadline) <= now;
      const orphan = task.startId !== undefined && !recorded.has(task.startId) && Date.parse(task.createdAt ?? new Date(now).toISOString()) + STARTING_GRACE_MS <= now;
      if (overdue || orphan) {
        await this.runner.stop(task.taskId, overdue ? "stopped after the cohort's time limit" : 'Kubelab has no record of this task');
        if (!stopped.some((s) => s.taskId === task.taskId)) stopped.push({ taskId: task.taskId, why: overdue ? 'time limit' : 'no record' });
      }
    }
    await this.runner.cleanUp();
    return { stopped, ended };
  }

  /** Asks the runner about records' tasks and writes down what changed; returns the records as they now are (ended ones included). */
  private async refresh(records: readonly RealTaskRecord[]): Promise<RealTaskRecord[]> {
    const withTask = records.filter((r) => r.taskId);
    const states = withTask.length > 0 ? await this.runner.describe(withTask.map((r) => r.taskId as string)) : [];
    const byId = new Map(states.map((s) => [s.taskId, s]));
    const out: RealTaskRecord[] = [];
    for (const record of records) {
      const state = record.taskId ? byId.get(record.taskId) : undefined;
      if (state) out.push(await this.follow(record, state));
      else if (record.taskId && Date.parse(record.requestedAt) + STARTING_GRACE_MS <= this.clock()) out.push(await this.end(record, 'runner', 'the task is gone'));
      else out.push(record);
    }
    return out;
  }

  /** Brings a record in line with the runner's state of its task; ends it if the task stopped. */
  private async follow(record: RealTaskRecord, state: TaskState): Promise<RealTaskRecord> {
    if (state.phase === 'stopped') {
      const final: RealTaskRecord = {
        ...record,
        taskId: state.taskId,
        phase: 'stopped',
        stoppedAt: state.stoppedAt ?? new Date(this.clock()).toISOString(),
        stoppedBy: 'runner',
        ...(state.stopReason ? { stopReason: stopReasonOf(state) } : {}),
        ...(state.stopCode ? { stopCode: state.stopCode } : {}),
      };
      await this.announce(record, undefined);
      await this.records.release(final);
      return final;
    }
    const changes = {
      ...(state.phase !== record.phase ? { phase: state.phase } : {}),
      ...(record.taskId !== state.taskId ? { taskId: state.taskId } : {}),
      ...(state.publicIp && state.publicIp !== record.publicIp ? { publicIp: state.publicIp } : {}),
      ...(state.startedAt && state.startedAt !== record.startedAt ? { startedAt: state.startedAt } : {}),
    };
    if (Object.keys(changes).length === 0) return record;
    // The cluster first: if writing it fails, the record still differs and the next look tries again.
    if (state.phase === 'running' && state.publicIp && (record.phase !== 'running' || record.publicIp !== state.publicIp)) await this.announce(record, state.publicIp);
    await this.records.update(record.cohortId, record.learnerId, record.startId, changes);
    return { ...record, ...changes };
  }

  /**
   * Tells the learner's cluster that a Deployment runs for real at `address` (or no longer does),
   * so a LoadBalancer Service in front of it shows the real address (core/real-tasks.ts).
   */
  private async announce(record: RealTaskRecord, address: string | undefined): Promise<void> {
    if (record.source.kind !== 'deployment' || (address === undefined && !record.publicIp)) return;
    const { namespace, name } = record.source;
    const learner = await this.course.getLearner(record.cohortId, record.learnerId);
    if (!learner) return;
    await this.clusters.update(learner.clusterId, (cluster) => setRealTaskAddress(cluster, namespace, name, address));
  }

  /** Stops a record's task (if it has one) and ends the record. */
  private async end(record: RealTaskRecord, by: StoppedBy, reason: string, taskId = record.taskId): Promise<RealTaskRecord> {
    if (taskId) await this.runner.stop(taskId, reason);
    await this.announce(record, undefined);
    const final: RealTaskRecord = { ...record, ...(taskId ? { taskId } : {}), phase: 'stopped', stoppedAt: new Date(this.clock()).toISOString(), stoppedBy: by, stopReason: reason };
    await this.records.release(final);
    return final;
  }

  private view(record: RealTaskRecord): RealTaskView {
    const now = this.clock();
    const ended = record.phase === 'stopped';
    const from = Date.parse(record.startedAt ?? record.requestedAt);
    const until = ended ? Date.parse(record.stoppedAt ?? new Date(now).toISOString()) : now;
    const ports = record.containers.flatMap((c) => c.ports);
    return {
      id: record.startId,
      learnerId: record.learnerId,
      phase: record.phase,
      source: record.source,
      containers: record.containers,
      cpu: record.cpu,
      memoryMiB: record.memoryMiB,
      requestedAt: record.requestedAt,
      ...(record.startedAt ? { startedAt: record.startedAt } : {}),
      deadline: record.deadline,
      secondsLeft: ended ? 0 : Math.max(0, Math.floor((Date.parse(record.deadline) - now) / 1000)),
      ...(record.stoppedAt ? { stoppedAt: record.stoppedAt } : {}),
      ...(record.stoppedBy ? { stoppedBy: record.stoppedBy } : {}),
      ...(record.stopReason ? { stopReason: record.stopReason } : {}),
      ...(record.publicIp && !ended ? { publicIp: record.publicIp } : {}),
      urls: record.publicIp && !ended && record.phase === 'running' ? ports.map((port) => (port === 80 ? `http://${record.publicIp}/` : `http://${record.publicIp}:${port}/`)) : [],
      hourlyCost: round(hourlyCost(record.cpu, record.memoryMiB, this.architecture)),
      costSoFar: round(record.startedAt || ended ? costSoFar(record.cpu, record.memoryMiB, this.architecture, Math.max(0, until - from)) : 0),
    };
  }

  private fromImage(request: { readonly image: string; readonly port: number }, policy: ContainerPolicy): Planned {
    const issues: InputIssue[] = [];
    const image = checkImage(request.image, policy);
    if (!image.ok) issues.push({ path: ['image'], message: image.message });
    if (!validPort(request.port)) issues.push({ path: ['port'], message: `${request.port} is not a TCP port (1 to 65535)` });
    const size = taskSize(0, 0, policy);
    if (!size.ok) issues.push({ path: [], message: size.message });
    if (!image.ok || issues.length > 0 || !size.ok) throw new InvalidInputError('this task cannot run', issues);
    return { source: { kind: 'image', image: request.image, port: request.port }, containers: [{ name: 'app', image: image.image, ports: [request.port] }], cpu: size.cpu, memoryMiB: size.memoryMiB };
  }

  private async fromDeployment(clusterId: string, request: { readonly deployment: string; readonly namespace?: string }, policy: ContainerPolicy): Promise<Planned> {
    const namespace = request.namespace ?? 'default';
    const template = await this.clusters.read(clusterId, (cluster) => cluster.etcd.get('Deployment', namespace, request.deployment)?.['spec']);
    const containers = ((template as DeploymentSpec | undefined)?.template?.spec?.containers ?? []) as readonly PodContainer[];
    if (!template) throw new NotFoundError(`deployment in namespace ${JSON.stringify(namespace)}`, request.deployment);
    const issues: InputIssue[] = [];
    const specs: ContainerSpec[] = containers.map((container, i) => {
      const at = ['deployment', 'spec', 'template', 'spec', 'containers', i];
      const image = checkImage(container.image ?? '', policy);
      if (!image.ok) issues.push({ path: [...at, 'image'], message: image.message });
      const ports = (container.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.containerPort);
      const env: Record<string, string> = {};
      for (const variable of container.env ?? []) {
        if (variable.valueFrom) issues.push({ path: [...at, 'env', variable.name], message: 'a real task takes only literal values (`value`), not `valueFrom`' });
        else env[variable.name] = variable.value ?? '';
      }
      return {
        name: container.name,
        image: image.ok ? image.image : (container.image ?? ''),
        ports,
        ...(Object.keys(env).length > 0 ? { env } : {}),
        ...(container.command ? { command: container.command } : {}),
        ...(container.args ? { args: container.args } : {}),
      };
    });
    if (specs.length === 0) issues.push({ path: ['deployment'], message: 'the Deployment has no containers' });
    const cpu = (containers.reduce((sum, c) => sum + milli(c.resources?.requests?.['cpu'] ?? 0), 0) * 1024) / 1000;
    const memoryMiB = containers.reduce((sum, c) => sum + bytes(c.resources?.requests?.['memory'] ?? 0), 0) / 1024 / 1024;
    const size = taskSize(cpu, memoryMiB, policy);
    if (!size.ok) issues.push({ path: ['deployment'], message: size.message });
    if (issues.length > 0 || !size.ok) throw new InvalidInputError(`deployment ${JSON.stringify(request.deployment)} cannot run for real`, issues);
    return { source: { kind: 'deployment', namespace, name: request.deployment }, containers: specs, cpu: size.cpu, memoryMiB: size.memoryMiB };
  }
}

interface Planned {
  readonly source: TaskSource;
  readonly containers: readonly ContainerSpec[];
  readonly cpu: number;
  readonly memoryMiB: number;
}

interface PodContainer {
  readonly name: string;
  readonly image?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly ports?: readonly { readonly containerPort: number; readonly protocol?: string }[];
  readonly env?: readonly { readonly name: string; readonly value?: string; readonly valueFrom?: unknown }[];
  readonly resources?: { readonly requests?: Readonly<Record<string, string | number>> };
}

interface DeploymentSpec {
  readonly template?: { readonly spec?: { readonly containers?: readonly PodContainer[] } };
}

/** The runner's stop reason, with the failing container's own reason when it says more (an image that cannot be pulled). */
function stopReasonOf(state: TaskState): string {
  const failed = state.containers.find((c) => c.reason);
  return failed?.reason && state.stopReason && !state.stopReason.includes(failed.reason) ? `${state.stopReason}: ${failed.reason}` : (state.stopReason ?? '');
}

function sameSource(a: TaskSource, b: TaskSource): boolean {
  return a.kind === 'image' && b.kind === 'image' ? a.image === b.image && a.port === b.port : a.kind === 'deployment' && b.kind === 'deployment' && a.namespace === b.namespace && a.name === b.name;
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
