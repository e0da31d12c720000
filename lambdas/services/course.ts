/**
 * The course: cohorts and the learners enrolled in them. Enrolling a learner gives them a
 * cluster and a token; if any step fails, the steps already taken are undone so nothing
 * half-created is left behind (the embedded server has no transactions, so this is done by
 * compensation, in an order where a leftover is harmless: cluster, then token, then learner).
 */
import type { ClusterService } from './clusters.ts';
import { NotFoundError } from './errors.ts';
import type { Cohort, CourseRepository, Learner } from './ports.ts';
import { newId, newToken } from './tokens.ts';

/** A learner as just enrolled: the only time their token is shown. */
export interface EnrolledLearner extends Omit<Learner, 'tokenHash'> {
  readonly token: string;
}

/** Cohorts and learners. */
export class CourseService {
  constructor(
    private readonly course: CourseRepository,
    private readonly clusters: ClusterService,
    private readonly clock: () => number,
  ) {}

  /** Creates a cohort. */
  async createCohort(input: { readonly name: string }): Promise<Cohort> {
    const cohort: Cohort = { id: newId('co'), name: input.name, createdAt: new Date(this.clock()).toISOString() };
    await this.course.putCohort(cohort);
    return cohort;
  }

  /** A cohort, or NotFoundError. */
  async getCohort(id: string): Promise<Cohort> {
    const cohort = await this.course.getCohort(id);
    if (!cohort) throw new NotFoundError('cohort', id);
    return cohort;
  }

  /** Enrols a learner in a cohort with a new cluster and a new token. */
  async enrolLearner(cohortId: string, input: { readonly name: string }): Promise<EnrolledLearner> {
    await this.getCohort(cohortId);
    const learnerId = newId('ln');
    const clusterId = newId('cl');
    const { token, hash } = newToken('learner');
    const createdAt = new Date(this.clock()).toISOString();
    const learner: Learner = { id: learnerId, cohortId, name: input.name, clusterId, createdAt, tokenHash: hash };

    await this.clusters.create(clusterId, `${input.name}'s cluster`);
    try {
      await this.course.putToken({ hash, kind: 'learner', createdAt, cohortId, learnerId, clusterId });
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
    const { tokenHash: _hidden, ...shown } = learner;
    return { ...shown, token };
  }

  /** A learner of a cohort, or NotFoundError. */
  async getLearner(cohortId: string, learnerId: string): Promise<Learner> {
    const learner = await this.course.getLearner(cohortId, learnerId);
    if (!learner) throw new NotFoundError('learner', learnerId);
    return learner;
  }

  /** The learners of a cohort, oldest first. */
  async listLearners(cohortId: string): Promise<Learner[]> {
    await this.getCohort(cohortId);
    return this.course.listLearners(cohortId);
  }
}
