/**
 * A ContainerRunner that keeps its tasks in memory, for tests of the service above the port (the
 * ECS adapter itself is tested against the SDK with aws-sdk-client-mock). Like ECS, a start is
 * idempotent by its id, tasks carry their tags, stopping is never an error, and the test moves
 * tasks through their phases as Fargate would.
 */
import { RunnerRefusedError, type ContainerRunner, type LogLine, type TaskRequest, type TaskState } from '#services/containers/runner.ts';

export class FakeRunner implements ContainerRunner {
  readonly tasks = new Map<string, TaskState & { readonly request: TaskRequest }>();
  readonly runs: TaskRequest[] = [];
  readonly stops: { taskId: string; reason: string }[] = [];
  cleanUps = 0;
  /** Set to make the next runs fail as the runner would. */
  refuse: Error | undefined;
  private next = 1;

  constructor(private readonly clock: () => number = Date.now) {}

  async run(request: TaskRequest): Promise<TaskState> {
    this.runs.push(request);
    if (this.refuse) throw this.refuse;
    const existing = [...this.tasks.values()].find((t) => t.startId === request.startId);
    if (existing) return existing;
    if (request.containers.some((c) => c.image.includes('unpullable'))) throw new RunnerRefusedError('invalid image');
    const taskId = `arn:aws:ecs:us-east-1:123456789012:task/kubelab/${String(this.next++).padStart(8, '0')}`;
    const task = {
      request,
      taskId,
      startId: request.startId,
      cohortId: request.cohortId,
      learnerId: request.learnerId,
      deadline: request.deadline,
      phase: 'provisioning' as const,
      status: 'PROVISIONING',
      createdAt: new Date(this.clock()).toISOString(),
      containers: request.containers.map((c) => ({ name: c.name, status: 'PENDING' })),
    };
    this.tasks.set(taskId, task);
    return task;
  }

  /** Moves a task on, as Fargate does: running with an address, or stopped with a reason. */
  advance(taskId: string, change: Partial<TaskState>): void {
    const task = this.tasks.get(taskId);
    if (!task) throw new Error(`no task ${taskId}`);
    this.tasks.set(taskId, { ...task, ...change });
  }

  /** A task started by an earlier process whose record is gone (or never written). */
  adopt(request: TaskRequest, createdAt: number): string {
    const taskId = `arn:aws:ecs:us-east-1:123456789012:task/kubelab/${String(this.next++).padStart(8, '0')}`;
    this.tasks.set(taskId, { request, taskId, startId: request.startId, cohortId: request.cohortId, learnerId: request.learnerId, deadline: request.deadline, phase: 'running', status: 'RUNNING', createdAt: new Date(createdAt).toISOString(), containers: [] });
    return taskId;
  }

  async describe(taskIds: readonly string[]): Promise<TaskState[]> {
    return taskIds.flatMap((id) => {
      const task = this.tasks.get(id);
      return task ? [task] : [];
    });
  }

  async stop(taskId: string, reason: string): Promise<void> {
    this.stops.push({ taskId, reason });
    const task = this.tasks.get(taskId);
    if (task && task.phase !== 'stopped') this.tasks.set(taskId, { ...task, phase: 'stopped', status: 'STOPPED', stopReason: reason, stopCode: 'UserInitiated', stoppedAt: new Date(this.clock()).toISOString() });
  }

  async logs(taskId: string, containers: readonly string[], limit: number): Promise<LogLine[]> {
    const task = this.tasks.get(taskId);
    if (!task) return [];
    return containers.flatMap((container) => [{ time: task.createdAt ?? '', container, message: `${container} listening` }]).slice(-limit);
  }

  async listActive(): Promise<TaskState[]> {
    return [...this.tasks.values()].filter((t) => t.phase !== 'stopped');
  }

  async cleanUp(): Promise<void> {
    this.cleanUps++;
  }

  /** Tasks not stopped. */
  get running(): number {
    return [...this.tasks.values()].filter((t) => t.phase !== 'stopped').length;
  }
}
