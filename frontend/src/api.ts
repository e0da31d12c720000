/**
 * The course API as the page uses it: one fetch wrapper that adds the learner's token and turns
 * every refusal (RFC 9457 problem details) into an ApiError whose `detail` the page shows as is.
 */
import { changesProtocols, changesUrl } from './picture/changes.ts';
import { commandAnswered } from './activity.ts';

/** One field's problem in a refusal: where in the request body (`#/image`) and what is wrong there. */
export interface FieldProblem {
  readonly pointer: string;
  readonly detail: string;
}

/** A problem the API answered, or a network failure (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** A validation problem's `errors`, one per field (empty for other problems). */
  readonly errors: readonly FieldProblem[];
  constructor(
    readonly status: number,
    /** The problem's type without its `urn:kubelab:problem:` prefix, e.g. `join-code-invalid`. */
    readonly type: string,
    /** What went wrong in words, for the learner. */
    readonly detail: string,
    options?: ErrorOptions & { readonly errors?: readonly FieldProblem[] },
  ) {
    super(detail, options);
    this.errors = options?.errors ?? [];
  }
}

/** The learner as GET /v1/me answers. */
export interface Learner {
  readonly id: string;
  readonly cohortId: string;
  readonly name: string;
  readonly clusterId: string;
  readonly createdAt: string;
}

/** POST /v1/join's answer: the learner, with the token shown only this once. */
export interface JoinedLearner extends Learner {
  readonly token: string;
}

/** The learner's cluster as a start answers it (GET /v1/me/cluster's summary). */
export interface ClusterSummary {
  readonly id: string;
  readonly name: string;
  readonly kubernetesVersion: string;
  /** kubeadm (a control-plane node and workers) or eks (as eksctl makes it). */
  readonly flavour: 'kubeadm' | 'eks';
  readonly nodes: readonly ViewNode[];
  readonly namespaces: readonly string[];
  readonly objectCount: number;
}

/** A node in GET /v1/me/cluster/view. */
export interface ViewNode {
  readonly name: string;
  readonly roles: readonly string[];
  /** kubectl's STATUS cell: `Ready`, `NotReady`, `Ready,SchedulingDisabled`. */
  readonly status: string;
  readonly ready: boolean;
  readonly internalIP?: string;
  readonly zone?: string;
}

/** A pod in the live picture, with kubectl's STATUS (`ContainerCreating`, `CrashLoopBackOff`, ...) and READY (`1/2`) cells. */
export interface ViewPod {
  readonly namespace: string;
  readonly name: string;
  readonly node?: string;
  readonly phase: string;
  readonly status: string;
  readonly ready: string;
  readonly restarts: number;
  readonly ip?: string;
  /** The controlling owner, `ReplicaSet/web-7d4b9c`. */
  readonly owner?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly images: readonly string[];
}

/** A Deployment or ReplicaSet in the live picture. */
export interface ViewWorkload {
  readonly kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet';
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly ready: number;
  readonly available: number;
  readonly owner?: string;
  readonly revision?: string;
}

/** A CronJob or a Job in the live picture: a Job's STATUS and COMPLETIONS cells, a CronJob's schedule. */
export interface ViewBatch {
  readonly kind: 'CronJob' | 'Job';
  readonly namespace: string;
  readonly name: string;
  /** A Job's `Running`, `Complete`, `Failed`...; a CronJob's `Scheduled` or `Suspended`. */
  readonly status: string;
  /** A Job's completions (`1/3`); a CronJob's schedule. */
  readonly detail: string;
  readonly active: number;
  readonly owner?: string;
}

/** A PersistentVolumeClaim in the live picture: kubectl get pvc's STATUS, its volume and node once bound, the pods that mount it. */
export interface ViewClaim {
  readonly namespace: string;
  readonly name: string;
  readonly status: string;
  readonly storageClass: string;
  readonly volume?: string;
  readonly capacity?: string;
  readonly accessModes?: string;
  readonly node?: string;
  readonly pods: readonly string[];
}

/** A ResourceQuota in the live picture: each resource's used/hard, and the create it refuses now. */
export interface ViewQuota {
  readonly namespace: string;
  readonly name: string;
  readonly resources: readonly { readonly resource: string; readonly used: string; readonly hard: string; readonly full: boolean }[];
  /** The latest `exceeded quota` FailedCreate, while its object (`ReplicaSet/web-7d4b9c`) is still short of replicas. */
  readonly refused?: { readonly object: string; readonly resources: readonly string[]; readonly message: string };
}

/** A LimitRange in the live picture: its items as stored. */
export interface ViewLimitRange {
  readonly namespace: string;
  readonly name: string;
  readonly limits: readonly { readonly type?: string; readonly default?: Readonly<Record<string, string>>; readonly defaultRequest?: Readonly<Record<string, string>>; readonly min?: Readonly<Record<string, string>>; readonly max?: Readonly<Record<string, string>>; readonly maxLimitRequestRatio?: Readonly<Record<string, string>> }[];
}

/** A PodDisruptionBudget in the live picture: disruptions allowed, healthy, needed and expected pods, and the pods it selects. */
export interface ViewBudget {
  readonly namespace: string;
  readonly name: string;
  readonly minAvailable?: string;
  readonly maxUnavailable?: string;
  readonly allowed: number;
  readonly healthy: number;
  readonly needed: number;
  readonly expected: number;
  readonly pods: readonly string[];
}

/** A HorizontalPodAutoscaler in the live picture: its target, bounds, TARGETS cell and its pods' CPU now. */
export interface ViewAutoscaler {
  readonly namespace: string;
  readonly name: string;
  /** `Deployment/php-apache`. */
  readonly target: string;
  /** `cpu: 60%/50%`. */
  readonly targets: string;
  readonly min: number;
  readonly max: number;
  readonly current: number;
  readonly desired: number;
  readonly limited?: string;
  readonly inactive?: string;
  readonly pods: readonly { readonly name: string; readonly cpu: string; readonly percent?: number }[];
}

/** A Service in the live picture, with the pods behind it (by name) that do and do not get traffic. */
export interface ViewService {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly clusterIP?: string;
  /** kubectl's EXTERNAL-IP cell: an address, `<pending>` or `<none>`. */
  readonly externalIP: string;
  /** kubectl's PORT(S) cell. */
  readonly ports: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly endpoints: readonly string[];
  readonly notReadyEndpoints: readonly string[];
  /** Ready endpoints whose NetworkPolicies drop a request from the web terminal, and those policies. */
  readonly dropped?: { readonly pods: readonly string[]; readonly policies: readonly string[] };
}

/** A NetworkPolicy: the pods it isolates, and in words who may connect in (ingress) and where out (egress), a rule each. */
export interface ViewNetworkPolicy {
  readonly namespace: string;
  readonly name: string;
  /** kubectl's selector string; empty when it selects every pod of the namespace. */
  readonly podSelector: string;
  readonly pods: readonly string[];
  /** Present when it isolates its pods for ingress (empty: nothing gets in). */
  readonly ingress?: readonly string[];
  /** Present when it isolates them for egress (empty: nothing gets out). */
  readonly egress?: readonly string[];
}

/** A binding that grants a service account something in the live picture, and the role's rules in words. */
export interface ViewGrant {
  readonly bindingKind: string;
  readonly binding: string;
  readonly roleKind: string;
  readonly role: string;
  /** The RoleBinding's namespace; absent for a ClusterRoleBinding (everywhere). */
  readonly namespace?: string;
  /** The group the binding names the account by, when not by itself. */
  readonly via?: string;
  /** `get, list, watch pods`, one a line; absent when the role does not exist. */
  readonly rules?: readonly string[];
}

/** A service account and what RBAC grants it. */
export interface ViewAccount {
  readonly namespace: string;
  readonly name: string;
  readonly grants: readonly ViewGrant[];
}

/** One route of an Ingress: host (`*` for any) and path to a Service's port. */
export interface ViewIngressRoute {
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly service: string;
  readonly port: string;
}

/** An Ingress in the live picture: its class, the ingress controller's address, its routes. */
export interface ViewIngress {
  readonly namespace: string;
  readonly name: string;
  readonly className?: string;
  /** True when the simulated ingress controller serves its class. */
  readonly served: boolean;
  readonly address?: string;
  readonly routes: readonly ViewIngressRoute[];
  readonly defaultBackend?: { readonly service: string; readonly port: string };
  readonly tls: readonly { readonly hosts: readonly string[]; readonly secretName: string; readonly secretFound: boolean }[];
}

/** One write by a component of the seed's anatomy. */
export interface ViewActivity {
  readonly at: string;
  readonly component: string;
  readonly controller: string;
  readonly verb: 'create' | 'update' | 'delete';
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** An Event with the component that reported it (`default-scheduler`, `kubelet`, ...). */
export interface ViewEvent {
  readonly id: string;
  readonly at: string;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  readonly source: string;
  readonly host?: string;
  readonly object: { readonly kind: string; readonly namespace?: string; readonly name: string };
  readonly count: number;
}

/** GET /v1/me/cluster/view: the live picture of the learner's cluster at its `now`. */
export interface ClusterView {
  readonly now: string;
  readonly resourceVersion: string;
  /** Set for an eks cluster: its control plane is managed by AWS, not a node. */
  readonly flavour?: 'eks';
  readonly nodes: readonly ViewNode[];
  readonly pods: readonly ViewPod[];
  readonly workloads: readonly ViewWorkload[];
  readonly batch: readonly ViewBatch[];
  readonly claims: readonly ViewClaim[];
  readonly services: readonly ViewService[];
  readonly ingresses: readonly ViewIngress[];
  readonly quotas: readonly ViewQuota[];
  readonly limitRanges: readonly ViewLimitRange[];
  readonly budgets: readonly ViewBudget[];
  readonly networkPolicies: readonly ViewNetworkPolicy[];
  readonly accounts: readonly ViewAccount[];
  /** Absent from views of servers before the HPAs. */
  readonly autoscalers?: readonly ViewAutoscaler[];
  readonly activity: readonly ViewActivity[];
  readonly events: readonly ViewEvent[];
  /** When, in the cluster's time, the next scheduled change happens; absent while nothing is due. */
  readonly nextChangeAt?: string;
  /** The stored version of the cluster the picture was read from: a push of this version or older brings nothing new. */
  readonly version?: number;
  /** The changes already scheduled within 30 s of `now`, sent ahead for the page to show at their moments (picture/frames.ts). */
  readonly frames?: readonly ViewFrame[];
}

/**
 * A scheduled change sent ahead: the view at `now`, leaving out the lists that did not change since
 * the view before it (of the pods, while none came or went, only those that changed), with only
 * the activity and events newer than that view, and `nextChangeAt`
 * absent when nothing more is scheduled.
 */
export type ViewFrame = Pick<ClusterView, 'now' | 'resourceVersion' | 'nextChangeAt'> &
  Partial<Omit<ClusterView, 'now' | 'resourceVersion' | 'nextChangeAt' | 'version' | 'frames'>> & {
    /** The pods that changed, each in the place of the one of its namespace and name, when no pod came or went. */
    readonly podChanges?: readonly ViewPod[];
  };

/** A visible check of an exercise; questions carry their text and, for multiple choice, the options. */
export interface ExerciseCheck {
  readonly id: string;
  readonly title: string;
  readonly type: string;
  readonly points: number;
  readonly question?: string;
  readonly options?: readonly { readonly id: string; readonly text: string }[];
  /** Multiple choice with more than one right option: checkboxes rather than radio buttons. */
  readonly multiple?: boolean;
}

/** An exercise in GET /v1/me/exercises, as a learner sees it (no hidden checks, no answers). */
export interface Exercise {
  readonly id: string;
  readonly title: string;
  readonly order?: number;
  readonly summary?: string;
  /** Markdown. */
  readonly instructions: string;
  readonly hints: readonly string[];
  readonly checks: readonly ExerciseCheck[];
  readonly hiddenChecks: number;
}

/** A learner's answer to one question: text or an option id, or option ids for several. */
export type Answer = string | readonly string[];

/** One check's result in "check my work". */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly type: string;
  readonly passed: boolean;
  readonly points: number;
  readonly maxPoints: number;
  readonly message: string;
}

/** POST /v1/me/exercises/{id}/check, and each grade of GET /v1/me/grades: visible checks only. */
export interface CheckOutcome {
  readonly exerciseId: string;
  readonly score: number;
  readonly maxScore: number;
  readonly status: 'passed' | 'partial' | 'failed';
  readonly checks: readonly CheckResult[];
  readonly hiddenChecks: number;
  readonly gradedAt: string;
}

/** What the terminal route answers for a line it ran. */
export interface TerminalAnswer {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly stopped?: string;
}

/** A file of the learner's workspace as GET /v1/me/workspace lists it. */
export interface WorkspaceEntry {
  readonly name: string;
  readonly size: number;
  readonly updatedAt: string;
}

/** GET /v1/me/workspace: the files and how full the workspace is. */
export interface WorkspaceListing {
  readonly files: readonly WorkspaceEntry[];
  readonly usedBytes: number;
  readonly maxBytes: number;
  readonly maxFiles: number;
}

/** A real task's phase: on its way (starting to stopping) or ended (`stopped`). */
export type RealTaskPhase = 'starting' | 'provisioning' | 'pending' | 'running' | 'stopping' | 'stopped';

/** Who or what ended a real task. */
export type RealTaskStoppedBy = 'learner' | 'instructor' | 'time-limit' | 'runner' | 'failed-to-start';

/** What a learner asks to run for real: an image and its port, or a Deployment of their cluster. */
export type RealTaskRequest = { readonly image: string; readonly port: number } | { readonly deployment: string; readonly namespace?: string };

/** The learner's task on AWS Fargate as GET /v1/me/real-container answers it. */
export interface RealTask {
  readonly id: string;
  readonly phase: RealTaskPhase;
  readonly source: { readonly kind: 'image'; readonly image: string; readonly port: number } | { readonly kind: 'deployment'; readonly namespace: string; readonly name: string };
  readonly containers: readonly { readonly name: string; readonly image: string; readonly ports: readonly number[] }[];
  /** CPU units (1024 = 1 vCPU) and MiB. */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly requestedAt: string;
  readonly startedAt?: string;
  readonly deadline: string;
  /** Until the time limit stops it, as of the answer; 0 once ended. */
  readonly secondsLeft: number;
  readonly stoppedAt?: string;
  readonly stoppedBy?: RealTaskStoppedBy;
  readonly stopReason?: string;
  readonly publicIp?: string;
  /** A link per open port, once running. */
  readonly urls: readonly string[];
  /** USD. */
  readonly hourlyCost: number;
  readonly costSoFar: number;
}

/** A line a real task's container wrote. */
export interface RealTaskLogLine {
  readonly time: string;
  readonly container: string;
  readonly message: string;
}

const PROBLEM_PREFIX = 'urn:kubelab:problem:';

/** A client of the course API at `baseUrl` (`""`: the page's own origin). */
export class CourseApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  /** The same API with a learner's token. */
  withToken(token: string): CourseApi {
    return new CourseApi(this.baseUrl, token);
  }

  join(joinCode: string, name: string): Promise<JoinedLearner> {
    return this.json('POST', '/v1/join', { joinCode, name });
  }

  me(): Promise<Learner> {
    return this.json('GET', '/v1/me');
  }

  /** The live picture; `since` (the previous answer's `now`) keeps only newer activity and events. */
  clusterView(since?: string): Promise<ClusterView> {
    return this.json('GET', `/v1/me/cluster/view${since ? `?since=${encodeURIComponent(since)}` : ''}`);
  }

  /** Opens the live picture's push channel (picture/changes.ts), the token offered as a subprotocol. */
  openChanges(): WebSocket {
    if (!this.token) throw new Error('the live picture\'s push channel needs a learner token');
    return new WebSocket(changesUrl(this.baseUrl, location), changesProtocols(this.token));
  }

  /** Moves the learner's simulated clock ahead by `seconds`: what is due in between happens. */
  async fastForward(seconds: number): Promise<void> {
    await this.json('POST', '/v1/me/cluster/fast-forward', { seconds });
  }

  async exercises(): Promise<readonly Exercise[]> {
    return (await this.json<{ items: Exercise[] }>('GET', '/v1/me/exercises')).items;
  }

  /** Resets the learner's cluster to the exercise's starting state. */
  startExercise(exerciseId: string): Promise<ClusterSummary> {
    return this.json('POST', `/v1/me/exercises/${encodeURIComponent(exerciseId)}/start`);
  }

  /** Saves answers (merged with earlier ones) and answers everything saved for the exercise. */
  async saveAnswers(exerciseId: string, answers: Readonly<Record<string, Answer>>): Promise<Readonly<Record<string, Answer>>> {
    return (await this.json<{ answers: Record<string, Answer> }>('POST', `/v1/me/exercises/${encodeURIComponent(exerciseId)}/answers`, { answers })).answers;
  }

  checkMyWork(exerciseId: string): Promise<CheckOutcome> {
    return this.json('POST', `/v1/me/exercises/${encodeURIComponent(exerciseId)}/check`);
  }

  /** The learner's grades, newest first. */
  async grades(): Promise<readonly CheckOutcome[]> {
    return (await this.json<{ items: CheckOutcome[] }>('GET', '/v1/me/grades')).items;
  }

  async kubeconfig(): Promise<string> {
    return (await this.request('GET', '/v1/me/kubeconfig')).text();
  }

  async terminal(line: string, signal?: AbortSignal): Promise<TerminalAnswer> {
    try {
      return await this.json('POST', '/v1/me/terminal', { line }, signal);
    } finally {
      // What the command changed has landed by its answer: the picture asks again now.
      commandAnswered();
    }
  }

  /**
   * Runs a line with its output streamed as kubectl prints it (`get -w`, `logs -f`): each
   * `{"stdout"}` / `{"stderr"}` line of the NDJSON answer goes to `onOutput`; the last one says how
   * the command ended. Behind a server that buffers, the same lines arrive at once at the end.
   */
  async terminalStream(line: string, onOutput: (stream: 'stdout' | 'stderr', text: string) => void): Promise<TerminalAnswer> {
    const response = await this.request('POST', '/v1/me/terminal', { line }, undefined, { accept: 'application/x-ndjson' });
    const printed = { stdout: '', stderr: '' };
    let end: { exitCode?: number; durationMs?: number; stopped?: string; error?: string } = {};
    const take = (text: string) => {
      if (!text.trim()) return;
      const message = JSON.parse(text) as { stdout?: string; stderr?: string; exitCode?: number; durationMs?: number; stopped?: string; error?: string };
      for (const stream of ['stdout', 'stderr'] as const) {
        const chunk = message[stream];
        if (chunk === undefined) continue;
        printed[stream] += chunk;
        onOutput(stream, chunk);
      }
      if ('exitCode' in message || 'error' in message) end = message;
    };
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = reader ? await reader.read() : { value: await response.text(), done: true };
      if (value) {
        buffered += value;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(take);
      }
      if (done) break;
    }
    take(buffered);
    // What the command changed has landed by its end: the picture asks again now.
    commandAnswered();
    if (end.error) throw new ApiError(500, 'terminal', end.error);
    return { ...printed, exitCode: end.exitCode ?? 1, durationMs: end.durationMs ?? 0, ...(end.stopped ? { stopped: end.stopped } : {}) };
  }

  workspace(): Promise<WorkspaceListing> {
    return this.json('GET', '/v1/me/workspace');
  }

  async readFile(name: string): Promise<string> {
    return (await this.json<{ content: string }>('GET', `/v1/me/workspace/${encodeURIComponent(name)}`)).content;
  }

  saveFile(name: string, content: string): Promise<WorkspaceEntry> {
    return this.json('PUT', `/v1/me/workspace/${encodeURIComponent(name)}`, { content });
  }

  async deleteFile(name: string): Promise<void> {
    await this.request('DELETE', `/v1/me/workspace/${encodeURIComponent(name)}`);
  }

  /** The learner's real task now, or the last that ended; undefined when none ever ran. */
  async realTask(): Promise<RealTask | undefined> {
    try {
      return await this.json<RealTask>('GET', '/v1/me/real-container');
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Starts a real task (or answers the same one, when it runs already). */
  startRealTask(request: RealTaskRequest): Promise<RealTask> {
    return this.json('POST', '/v1/me/real-container', request);
  }

  /** Stops the learner's real task and answers it ended. */
  stopRealTask(): Promise<RealTask> {
    return this.json('DELETE', '/v1/me/real-container');
  }

  /** The last `limit` lines the real task's containers wrote, oldest first. */
  async realTaskLogs(limit: number): Promise<readonly RealTaskLogLine[]> {
    return (await this.json<{ lines: RealTaskLogLine[] }>('GET', `/v1/me/real-container/logs?limit=${limit}`)).lines;
  }

  async interrupt(): Promise<boolean> {
    return (await this.json<{ interrupted: boolean }>('POST', '/v1/me/terminal/interrupt')).interrupted;
  }

  private async json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return (await (await this.request(method, path, body, signal)).json()) as T;
  }

  private async request(method: string, path: string, body?: unknown, signal?: AbortSignal, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        cache: 'no-store',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw new ApiError(0, 'network', 'Kubelab cannot be reached: check your connection and try again.', { cause: error });
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }
}

/** The ApiError a refused response stands for (its problem details, or its status where it has none). */
export async function problemOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let problem: { type?: unknown; detail?: unknown; title?: unknown; errors?: unknown } = {};
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    // Not problem details (a proxy's error page): the status says what it can.
  }
  const type = typeof problem.type === 'string' ? problem.type.replace(PROBLEM_PREFIX, '') : `http-${response.status}`;
  const detail =
    typeof problem.detail === 'string' ? problem.detail
    : typeof problem.title === 'string' ? problem.title
    : `Kubelab answered HTTP ${response.status}.`;
  const errors = Array.isArray(problem.errors) ? (problem.errors as unknown[]).filter(isFieldProblem) : [];
  return new ApiError(response.status, type, detail, { errors });
}

function isFieldProblem(value: unknown): value is FieldProblem {
  const field = value as { pointer?: unknown; detail?: unknown } | null;
  return typeof field?.pointer === 'string' && typeof field.detail === 'string';
}

/** Reads `config.json` beside the page: where the course API is. */
export async function loadApiUrl(): Promise<string> {
  const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' }).catch(() => undefined);
  if (!response?.ok) return '';
  const config = (await response.json().catch(() => ({}))) as { apiUrl?: unknown };
  return typeof config.apiUrl === 'string' ? config.apiUrl.replace(/\/+$/, '') : '';
}
