/**
 * Learners: enrolled by an instructor or self-joined with a join code, each with a cluster and a
 * token; revoked, given a new token, their cluster reset. Multi-item changes are done without
 * transactions (the embedded server has none): enrolling and revoking note themselves on the
 * cohort item first (seats.ts), so a process that dies half-way is finished or undone later and
 * the seat counter stays true; a step that fails with an error is undone at once.
 */
import type { ClusterSummary } from '#core/cluster.ts';
import { summarize } from '#core/cluster.ts';
import type { ClusterService } from './clusters.ts';
import type { CohortService, CohortView } from './cohorts.ts';
import { BusyError, JoinRefusedError, NotFoundError, StateConflictError } from './errors.ts';
import type { CourseRepository, Learner } from './ports.ts';
import type { SeatService } from './seats.ts';
import { startingSetup } from './grading/cluster-setup.ts';
import type { Exercise } from './grading/exercise-schema.ts';
import { newId, newToken } from './tokens.ts';

/** A learner as shown to instructors: never the token hash. */
export type LearnerView = Omit<Learner, 'tokenHash' | 'revocationId'>;

/** A learner as just enrolled: the only time their token is shown. */
export interface EnrolledLearner extends LearnerView {
  readonly token: string;
}

/** A learner who joined with a code: their token and their new cluster. */
export interface JoinedLearner extends EnrolledLearner {
  readonly cluster: ClusterSummary;
}

/** What enrolling needs besides the cohort. */
export interface NewLearner {
  readonly name: string;
  readonly externalId?: string | undefined;
}

/** Learners of cohorts. */
export class CourseService {
  constructor(
    private readonly course: CourseRepository,
    private readonly clusters: ClusterService,
    private readonly cohorts: CohortService,
    private readonly seats: SeatService,
    private readonly clock: () => number,
  ) {}

  /** Enrols a learner in a cohort (instructor): a seat, a new cluster and a new token. */
  async enrolLearner(cohortId: string, input: NewLearner): Promise<EnrolledLearner> {
    const cohort = await this.cohorts.get(cohortId);
    if (cohort.archivedAt) throw new StateConflictError(`cohort ${JSON.stringify(cohortId)} is archived; it takes no new learners`);
    const { learner, token } = await this.enrol(cohort, input, 'instructor');
    return { ...view(learner), token };
  }

  /** Joins the cohort a join code opens, as `name`; returns the token and the new cluster. */
  async join(joinCode: string, input: NewLearner): Promise<JoinedLearner> {
    const cohort = await this.cohorts.resolveJoinCode(joinCode);
    const { learner, token, cluster } = await this.enrol(cohort, input, 'join-code');
    return { ...view(learner), token, cluster };
  }

  private async enrol(cohort: CohortView, input: NewLearner, enrolledBy: Learner['enrolledBy']) {
    const learnerId = newId('ln');
    const clusterId = newId('cl');
    const { token, hash } = newToken('learner');
    const op = this.seats.note('enrol', newId('so'), { clusterId, tokenHash: hash });
    if (!(await this.seats.begin(cohort.id, learnerId, op))) {
      throw new JoinRefusedError('cohort-full', `cohort ${JSON.stringify(cohort.id)} is full: all ${cohort.capacity} seats are taken; ask the instructor for more`);
    }
    const createdAt = new Date(this.clock()).toISOString();
    const learner: Learner = {
      id: learnerId,
      cohortId: cohort.id,
      name: input.name,
      clusterId,
      createdAt,
      tokenHash: hash,
      enrolledBy,
      ...(input.externalId ? { externalId: input.externalId } : {}),
    };
    let cluster;
    try {
      cluster = await this.clusters.create(clusterId, `${input.name}'s cluster`, startingSetup(undefined, cohort.quotas, cohort.cluster));
      await this.course.putToken({ hash, kind: 'learner', createdAt, cohortId: cohort.id, learnerId, clusterId });
      await this.course.putLearner(learner);
    } catch (error) {
      await this.seats.undoEnrolment(cohort.id, learnerId, op);
      throw error;
    }
    if (!(await this.seats.complete(cohort.id, learnerId, op))) {
      // It ran past its hold and a reconciler is undoing it: finish the undo, and say so.
      await this.seats.undoEnrolment(cohort.id, learnerId, op);
      throw new BusyError(`enrolling ${JSON.stringify(input.name)} took longer than its seat is held and was undone; enrol again`);
    }
    return { learner, token, cluster: summarize(cluster) };
  }

  /** A learner of a cohort, or NotFoundError. */
  async getLearner(cohortId: string, learnerId: string): Promise<Learner> {
    const learner = await this.course.getLearner(cohortId, learnerId);
    if (!learner) throw new NotFoundError('learner', learnerId);
    return learner;
  }

  /** The learners of a cohort, oldest first. */
  async listLearners(cohortId: string): Promise<Learner[]> {
    await this.cohorts.get(cohortId);
    return this.course.listLearners(cohortId);
  }

  /** Revokes a learner's access: the token stops working at once and the seat is freed; cluster and grades stay. */
  async revokeLearner(cohortId: string, learnerId: string): Promise<LearnerView> {
    const learner = await this.getLearner(cohortId, learnerId);
    if (learner.revokedAt) return view(learner);
    const op = this.seats.note('revoke', newId('so'));
    if (!(await this.seats.begin(cohortId, learnerId, op))) {
      // Another enrolment or revocation of this learner is in flight; one whose process died is finished by reading the cohort.
      await this.cohorts.get(cohortId);
      if (!(await this.seats.begin(cohortId, learnerId, op))) throw new BusyError(`learner ${JSON.stringify(learnerId)} is being enrolled or revoked right now; try again in a moment`);
    }
    return view((await this.seats.completeRevocation(cohortId, learnerId, op)) ?? learner);
  }

  /** Replaces a learner's cluster with a fresh one in an exercise's starting state (or the lab's plain cluster). */
  async resetCluster(cohortId: string, learnerId: string, exercise: Exercise | undefined): Promise<ClusterSummary> {
    const [learner, cohort] = await Promise.all([this.getLearner(cohortId, learnerId), this.cohorts.get(cohortId)]);
    return summarize(await this.clusters.reset(learner.clusterId, startingSetup(exercise, cohort.quotas, cohort.cluster)));
  }

  /** Issues a new token for a learner who lost theirs; the old one stops working. */
  async reissueToken(cohortId: string, learnerId: string): Promise<EnrolledLearner> {
    const learner = await this.getLearner(cohortId, learnerId);
    if (learner.revokedAt) throw new StateConflictError(`learner ${JSON.stringify(learnerId)} was revoked; enrol them again instead`);
    const { token, hash } = newToken('learner');
    const createdAt = new Date(this.clock()).toISOString();
    await this.course.putToken({ hash, kind: 'learner', createdAt, cohortId, learnerId, clusterId: learner.clusterId });
    try {
      await this.course.replaceLearner({ ...learner, tokenHash: hash });
    } catch (error) {
      await this.course.deleteToken(hash);
      throw error;
    }
    await this.course.deleteToken(learner.tokenHash);
    return { ...view(learner), token };
  }
}

/** A learner without the token hash. */
export function view(learner: Learner): LearnerView {
  const { tokenHash: _hidden, revocationId: _internal, ...shown } = learner;
  return shown;
}
