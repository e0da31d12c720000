/**
 * Learners: enrolled by an instructor or self-joined with a join code, each with a cluster and a
 * token; revoked, given a new token, their cluster reset. Multi-item changes are done by
 * compensation (the embedded server has no transactions), in an order where a leftover is
 * harmless: seat, cluster, token, learner; if a step fails, the steps already taken are undone.
 */
import type { ClusterSummary } from '#core/cluster.ts';
import { summarize } from '#core/cluster.ts';
import type { ClusterService } from './clusters.ts';
import type { CohortService } from './cohorts.ts';
import { JoinRefusedError, NotFoundError, StateConflictError } from './errors.ts';
import type { Cohort, CourseRepository, Learner } from './ports.ts';
import { startingSetup } from './grading/cluster-setup.ts';
import type { Exercise } from './grading/exercise-schema.ts';
import { newId, newToken } from './tokens.ts';

/** A learner as shown to instructors: never the token hash. */
export type LearnerView = Omit<Learner, 'tokenHash'>;

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

  private async enrol(cohort: Cohort, input: NewLearner, enrolledBy: Learner['enrolledBy']) {
    if (!(await this.course.reserveSeat(cohort.id))) {
      throw new JoinRefusedError('cohort-full', `cohort ${JSON.stringify(cohort.id)} is full: all ${cohort.capacity} seats are taken; ask the instructor for more`);
    }
    try {
      const learnerId = newId('ln');
      const clusterId = newId('cl');
      const { token, hash } = newToken('learner');
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
      const cluster = await this.clusters.create(clusterId, `${input.name}'s cluster`, startingSetup(undefined, cohort.quotas));
      try {
        await this.course.putToken({ hash, kind: 'learner', createdAt, cohortId: cohort.id, learnerId, clusterId });
        try {
          await this.course.putLearner(learner);
        } catch (error) {
          await this.course.deleteToken(hash);
          throw error;
        }
      } catch (error) {
        await this.clusters.delete(clusterId);
        throw error;
      }
      return { learner, token, cluster: summarize(cluster) };
    } catch (error) {
      await this.course.releaseSeat(cohort.id);
      throw error;
    }
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
    await this.course.deleteToken(learner.tokenHash);
    const revoked: Learner = { ...learner, revokedAt: new Date(this.clock()).toISOString() };
    await this.course.replaceLearner(revoked);
    await this.course.releaseSeat(cohortId);
    return view(revoked);
  }

  /** Replaces a learner's cluster with a fresh one in an exercise's starting state (or the lab's plain cluster). */
  async resetCluster(cohortId: string, learnerId: string, exercise: Exercise | undefined): Promise<ClusterSummary> {
    const [learner, cohort] = await Promise.all([this.getLearner(cohortId, learnerId), this.cohorts.get(cohortId)]);
    return summarize(await this.clusters.reset(learner.clusterId, startingSetup(exercise, cohort.quotas)));
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
  const { tokenHash: _hidden, ...shown } = learner;
  return shown;
}
