/**
 * The course API as the instructor's dashboard uses it: the admin routes (cohorts, learners,
 * faults, exercises, tokens) and the grading routes, with the admin token. Refusals become the
 * learner page's ApiError, so both pages say problems the same way.
 */
import { ApiError, problemOf, type ClusterView } from '../api.ts';

/** A learner's quotas in a cohort. */
export interface Quotas {
  readonly objects?: number;
  readonly pods?: number;
  readonly realContainers?: number;
}

/** The cluster each learner of a cohort is given: kubeadm (the seed lab's) or eks (as eksctl makes it). */
export interface ClusterSettings {
  readonly flavour: 'kubeadm' | 'eks';
  readonly region?: string;
  readonly nodes?: number;
}

/** A cohort as GET /v1/admin/cohorts answers it. */
export interface Cohort {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly description?: string;
  readonly capacity?: number;
  readonly learnerCount?: number;
  readonly joinCode?: string;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly quotas?: Quotas;
  readonly cluster?: ClusterSettings;
  readonly archivedAt?: string;
}

/** The fields a cohort is created or changed with (`null` clears one in a change). */
export interface CohortFields {
  readonly name?: string;
  readonly description?: string | null;
  readonly capacity?: number | null;
  readonly startsAt?: string | null;
  readonly endsAt?: string | null;
  readonly quotas?: Quotas | null;
  readonly cluster?: ClusterSettings | null;
}

export type GradeStatus = 'passed' | 'partial' | 'failed';

/** A learner's latest grade of one exercise, in the listing's `progress`. */
export interface ExerciseProgress {
  readonly exerciseId: string;
  readonly status: GradeStatus;
  readonly score: number;
  readonly maxScore: number;
  readonly gradedAt: string;
}

/** A learner as the instructor sees them, with their progress and their cluster's health. */
export interface CohortLearner {
  readonly id: string;
  readonly cohortId: string;
  readonly name: string;
  readonly clusterId: string;
  readonly createdAt: string;
  readonly externalId?: string;
  readonly enrolledBy?: 'instructor' | 'join-code';
  readonly revokedAt?: string;
  readonly progress: { readonly exercisesPassed: number; readonly score: number; readonly exercises: readonly ExerciseProgress[] };
  readonly clusterHealth?: { readonly pods: number; readonly failingPods: number; readonly lastChangeAt: string; readonly savedAt: string };
}

/** GET .../learners: the learners and the server's clock. */
export interface LearnerListing {
  readonly items: readonly CohortLearner[];
  readonly now: string;
}

/** A learner just enrolled: the token is shown only this once. */
export interface EnrolledLearner {
  readonly id: string;
  readonly name: string;
  readonly externalId?: string;
  readonly token: string;
}

/** One check of an exercise, as the instructor sees it (answers and all). */
export interface ExerciseCheckDoc {
  readonly id: string;
  readonly title: string;
  readonly type: string;
  readonly points: number;
  readonly hidden: boolean;
  readonly question?: string;
  readonly options?: readonly { readonly id: string; readonly text: string }[];
  readonly correct?: readonly string[];
}

/** An exercise document. */
export interface ExerciseDoc {
  readonly id: string;
  readonly title: string;
  readonly order: number;
  readonly summary?: string;
  readonly instructions: string;
  readonly hints: readonly string[];
  readonly checks: readonly ExerciseCheckDoc[];
}

/** An exercise with where it comes from. */
export interface ExerciseEntry {
  readonly source: 'built-in' | 'custom';
  readonly exercise: ExerciseDoc;
  readonly updatedAt?: string;
}

/** One check's result in a grade. */
export interface GradedCheck {
  readonly id: string;
  readonly title: string;
  readonly passed: boolean;
  readonly points: number;
  readonly maxPoints: number;
  readonly message: string;
  readonly hidden: boolean;
}

/** A grade as the grading routes answer it. */
export interface Grade {
  readonly id: string;
  readonly learnerId: string;
  readonly exerciseId: string;
  readonly exerciseTitle: string;
  readonly score: number;
  readonly maxScore: number;
  readonly status: GradeStatus;
  readonly checks: readonly GradedCheck[];
  readonly gradedAt: string;
  readonly source: string;
}

/** POST /v1/grading/grade-cohort's answer. */
export interface CohortGrades {
  readonly results: readonly Grade[];
  readonly skipped: readonly { readonly learnerId: string; readonly reason: string }[];
  readonly summary: { readonly learners: number; readonly passed: number; readonly partial: number; readonly failed: number; readonly averageScore: number; readonly maxScore: number };
}

/** A fault for one cluster or a room's. */
export type Fault =
  | { readonly type: 'failNode' | 'recoverNode'; readonly node: string }
  | { readonly type: 'breakImage' | 'fixImage'; readonly image: string }
  | { readonly type: 'deletePod'; readonly namespace?: string; readonly pod?: string; readonly deployment?: string };

/** What a fault did to one learner's cluster. */
export interface FaultOutcome {
  readonly learnerId: string;
  readonly ok: boolean;
  readonly message: string;
}

/** One of a learner's latest terminal lines. */
export interface CommandRecord {
  readonly line: string;
  readonly at: string;
  readonly exitCode?: number;
  readonly durationMs?: number;
  readonly stopped?: string;
  readonly refused?: string;
}

/** A grader token (the secret only when just created). */
export interface GraderToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly cohortId?: string;
  readonly expiresAt?: string;
  readonly token?: string;
}

/** A Kubernetes object of a learner's cluster, read-only. */
export interface KubeObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

/** An exercise that passed its dry run: its id and what a learner would see. */
export interface DryRun {
  readonly id: string;
  readonly learnerView: { readonly title: string; readonly instructions: string; readonly hints: readonly string[]; readonly checks: readonly ExerciseCheckDoc[]; readonly hiddenChecks: number };
}

const enc = encodeURIComponent;

/** The admin and grading routes with an admin token. */
export class AdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async cohorts(includeArchived = false): Promise<readonly Cohort[]> {
    return (await this.json<{ items: Cohort[] }>('GET', `/v1/admin/cohorts${includeArchived ? '?includeArchived=true' : ''}`)).items;
  }

  cohort(id: string): Promise<Cohort> {
    return this.json('GET', `/v1/admin/cohorts/${enc(id)}`);
  }

  createCohort(fields: CohortFields & { readonly name: string }): Promise<Cohort> {
    return this.json('POST', '/v1/admin/cohorts', fields);
  }

  updateCohort(id: string, fields: CohortFields): Promise<Cohort> {
    return this.json('PATCH', `/v1/admin/cohorts/${enc(id)}`, fields);
  }

  archiveCohort(id: string): Promise<Cohort> {
    return this.json('POST', `/v1/admin/cohorts/${enc(id)}/archive`);
  }

  /** A new join code (joining enabled); the old one stops working. */
  rotateJoinCode(id: string): Promise<Cohort> {
    return this.json('POST', `/v1/admin/cohorts/${enc(id)}/join-code`);
  }

  disableJoinCode(id: string): Promise<Cohort> {
    return this.json('DELETE', `/v1/admin/cohorts/${enc(id)}/join-code`);
  }

  /** Every learner of a cohort with progress and cluster health: one request for the whole room. */
  learners(cohortId: string): Promise<LearnerListing> {
    return this.json('GET', `/v1/admin/cohorts/${enc(cohortId)}/learners`);
  }

  /** One learner, without progress: a learner's own page needs no listing of the whole room. */
  learner(cohortId: string, learnerId: string): Promise<Omit<CohortLearner, 'progress' | 'clusterHealth'>> {
    return this.json('GET', learnerPath(cohortId, learnerId));
  }

  enrol(cohortId: string, name: string, externalId?: string): Promise<EnrolledLearner> {
    return this.json('POST', `/v1/admin/cohorts/${enc(cohortId)}/learners`, { name, ...(externalId ? { externalId } : {}) });
  }

  revoke(cohortId: string, learnerId: string): Promise<CohortLearner> {
    return this.json('POST', `${learnerPath(cohortId, learnerId)}/revoke`);
  }

  newToken(cohortId: string, learnerId: string): Promise<EnrolledLearner> {
    return this.json('POST', `${learnerPath(cohortId, learnerId)}/token`);
  }

  /** Resets a learner's cluster to an exercise's starting state, or the lab's plain cluster. */
  async reset(cohortId: string, learnerId: string, exerciseId?: string): Promise<void> {
    await this.json('POST', `${learnerPath(cohortId, learnerId)}/reset`, exerciseId ? { exerciseId } : {});
  }

  /** The live picture of a learner's cluster. */
  clusterView(cohortId: string, learnerId: string, since?: string): Promise<ClusterView> {
    return this.json('GET', `${learnerPath(cohortId, learnerId)}/cluster/view${since ? `?since=${enc(since)}` : ''}`);
  }

  async objects(cohortId: string, learnerId: string, kind: string, namespace?: string): Promise<readonly KubeObject[]> {
    const query = `?kind=${enc(kind)}${namespace ? `&namespace=${enc(namespace)}` : ''}`;
    return (await this.json<{ items: KubeObject[] }>('GET', `${learnerPath(cohortId, learnerId)}/cluster/objects${query}`)).items;
  }

  async commands(cohortId: string, learnerId: string): Promise<readonly CommandRecord[]> {
    return (await this.json<{ items: CommandRecord[] }>('GET', `${learnerPath(cohortId, learnerId)}/commands`)).items;
  }

  injectFault(cohortId: string, learnerId: string, fault: Fault): Promise<FaultOutcome> {
    return this.json('POST', `${learnerPath(cohortId, learnerId)}/faults`, fault);
  }

  async injectRoomFault(cohortId: string, fault: Fault): Promise<readonly FaultOutcome[]> {
    return (await this.json<{ items: FaultOutcome[] }>('POST', `/v1/admin/cohorts/${enc(cohortId)}/faults`, fault)).items;
  }

  async fastForward(cohortId: string, learnerId: string, seconds: number): Promise<void> {
    await this.json('POST', `${learnerPath(cohortId, learnerId)}/cluster/fast-forward`, { seconds });
  }

  async exercises(): Promise<readonly ExerciseEntry[]> {
    return (await this.json<{ items: ExerciseEntry[] }>('GET', '/v1/admin/exercises')).items;
  }

  /** Checks an exercise document (YAML) without storing it. */
  dryRunExercise(yaml: string): Promise<DryRun> {
    return this.json('POST', '/v1/admin/exercises?dryRun=true', yaml, 'application/yaml');
  }

  /** Adds an exercise (YAML); `replace` stores it over the instructor's exercise with that id. */
  async uploadExercise(yaml: string, replace?: string): Promise<ExerciseEntry> {
    return replace ? this.json('PUT', `/v1/admin/exercises/${enc(replace)}`, yaml, 'application/yaml') : this.json('POST', '/v1/admin/exercises', yaml, 'application/yaml');
  }

  async deleteExercise(id: string): Promise<void> {
    await this.request('DELETE', `/v1/admin/exercises/${enc(id)}`);
  }

  grade(cohortId: string, learnerId: string, exerciseId: string): Promise<Grade> {
    return this.json('POST', '/v1/grading/grade', { cohortId, learnerId, exerciseId });
  }

  gradeCohort(cohortId: string, exerciseId: string): Promise<CohortGrades> {
    return this.json('POST', '/v1/grading/grade-cohort', { cohortId, exerciseId });
  }

  /** A learner's grades, newest first. */
  async history(cohortId: string, learnerId: string, limit = 20): Promise<readonly Grade[]> {
    return (await this.json<{ items: Grade[] }>('GET', `/v1/grading/cohorts/${enc(cohortId)}/learners/${enc(learnerId)}/grades?limit=${limit}`)).items;
  }

  async gradesCsv(cohortId: string): Promise<string> {
    return (await this.request('GET', `/v1/grading/cohorts/${enc(cohortId)}/grades.csv`)).text();
  }

  /** The cohort's latest grades in an LMS's shape (`lti`) or a classroom autograder's. */
  async gradesAs(cohortId: string, format: 'lti' | 'classroom'): Promise<unknown> {
    return this.json('GET', `/v1/grading/cohorts/${enc(cohortId)}/grades?format=${format}`);
  }

  async graderTokens(): Promise<readonly GraderToken[]> {
    return (await this.json<{ items: GraderToken[] }>('GET', '/v1/admin/grader-tokens')).items;
  }

  createGraderToken(name: string, cohortId?: string): Promise<GraderToken> {
    return this.json('POST', '/v1/admin/grader-tokens', { name, ...(cohortId ? { cohortId } : {}) });
  }

  async revokeGraderToken(id: string): Promise<void> {
    await this.request('DELETE', `/v1/admin/grader-tokens/${enc(id)}`);
  }

  private async json<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    return (await (await this.request(method, path, body, contentType)).json()) as T;
  }

  private async request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = contentType;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        cache: 'no-store',
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new ApiError(0, 'network', 'Kubelab cannot be reached: check your connection and try again.', { cause: error });
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }
}

function learnerPath(cohortId: string, learnerId: string): string {
  return `/v1/admin/cohorts/${enc(cohortId)}/learners/${enc(learnerId)}`;
}
