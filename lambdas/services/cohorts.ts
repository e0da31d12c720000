/**
 * Cohorts: created, listed, changed and archived by instructors; joined with a join code that
 * can be rotated or disabled; open only inside their optional time window. A join code is found
 * through its own item, and a join is honoured only if the cohort still holds that code, so a
 * code item left behind by a rotation that failed half-way lets nobody in. Reading a cohort
 * first finishes its seat operations whose process died (SeatService), so the learnerCount it
 * shows, and the capacity check of the enrolment that follows, are true.
 */
import type { ContainerPolicy } from './containers/policy.ts';
import { CohortClosedError, InvalidInputError, JoinRefusedError, NotFoundError, StateConflictError } from './errors.ts';
import type { ClusterSettings, Cohort, CohortChanges, CourseRepository, LearnerQuotas } from './ports.ts';
import type { SeatService } from './seats.ts';
import { newId, newJoinCode, normalizeJoinCode } from './tokens.ts';

/** What an instructor gives to create a cohort. */
export interface NewCohort {
  readonly name: string;
  readonly description?: string | undefined;
  readonly capacity?: number | undefined;
  readonly startsAt?: string | undefined;
  readonly endsAt?: string | undefined;
  readonly quotas?: LearnerQuotas | undefined;
  readonly containerPolicy?: Partial<ContainerPolicy> | undefined;
  /** The cluster each learner is given; default the seed lab's kubeadm cluster. */
  readonly cluster?: ClusterSettings | undefined;
  /** Whether learners may join with a code from the start. Default true. */
  readonly joinEnabled?: boolean | undefined;
}

/** A cohort as shown outside the services: without its seat operations in flight (they hold token hashes). */
export type CohortView = Omit<Cohort, 'seatOps'>;

/** Why a cohort does not admit learners at `now`, or undefined while it is open. */
export function closedReason(cohort: Cohort, now: number): string | undefined {
  if (cohort.archivedAt) return `cohort ${JSON.stringify(cohort.id)} was archived at ${cohort.archivedAt}`;
  if (cohort.startsAt && now < Date.parse(cohort.startsAt)) return `cohort ${JSON.stringify(cohort.id)} opens at ${cohort.startsAt}`;
  if (cohort.endsAt && now >= Date.parse(cohort.endsAt)) return `cohort ${JSON.stringify(cohort.id)} closed at ${cohort.endsAt}`;
  return undefined;
}

/** Instructors' cohorts. */
export class CohortService {
  constructor(
    private readonly course: CourseRepository,
    private readonly seats: Pick<SeatService, 'hasLapsed' | 'reconcile'>,
    private readonly clock: () => number,
  ) {}

  /** Creates a cohort with a fresh join code (unless joining starts disabled). */
  async create(input: NewCohort): Promise<CohortView> {
    checkWindow(input.startsAt, input.endsAt);
    const id = newId('co');
    const joinCode = input.joinEnabled === false ? undefined : newJoinCode();
    const cohort: Cohort = {
      id,
      name: input.name,
      createdAt: this.now(),
      learnerCount: 0,
      ...(input.description ? { description: input.description } : {}),
      ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
      ...(input.startsAt ? { startsAt: canonicalTime(input.startsAt) } : {}),
      ...(input.endsAt ? { endsAt: canonicalTime(input.endsAt) } : {}),
      ...(input.quotas ? { quotas: input.quotas } : {}),
      ...(input.containerPolicy ? { containerPolicy: input.containerPolicy } : {}),
      ...(input.cluster ? { cluster: input.cluster } : {}),
      ...(joinCode ? { joinCode } : {}),
    };
    if (joinCode) await this.course.putJoinCode(joinCode, id);
    try {
      await this.course.putCohort(cohort);
    } catch (error) {
      if (joinCode) await this.course.deleteJoinCode(joinCode);
      throw error;
    }
    return cohort;
  }

  /** A cohort, or NotFoundError. */
  async get(id: string): Promise<CohortView> {
    const cohort = await this.course.getCohort(id);
    if (!cohort) throw new NotFoundError('cohort', id);
    return this.settled(cohort);
  }

  /** Cohorts, newest first; archived ones only when asked for. */
  async list(options: { readonly includeArchived?: boolean } = {}): Promise<CohortView[]> {
    const cohorts = (await this.course.listCohorts()).filter((c) => options.includeArchived || !c.archivedAt);
    return Promise.all(cohorts.map((cohort) => this.settled(cohort)));
  }

  /** Changes name, description, capacity, window, quotas or cluster settings; `null` clears an optional field. */
  async update(id: string, changes: Omit<CohortChanges, 'joinCode' | 'archivedAt'>): Promise<CohortView> {
    const current = await this.get(id);
    const startsAt = changes.startsAt === undefined ? current.startsAt : (changes.startsAt ?? undefined);
    const endsAt = changes.endsAt === undefined ? current.endsAt : (changes.endsAt ?? undefined);
    checkWindow(startsAt, endsAt);
    const canonical: CohortChanges = {
      ...changes,
      ...(changes.startsAt ? { startsAt: canonicalTime(changes.startsAt) } : {}),
      ...(changes.endsAt ? { endsAt: canonicalTime(changes.endsAt) } : {}),
    };
    return this.change(id, canonical);
  }

  /** Archives a cohort: joining stops and learners' tokens stop working; grades and clusters stay. */
  async archive(id: string): Promise<CohortView> {
    const current = await this.get(id);
    if (current.archivedAt) return current;
    const archived = await this.change(id, { archivedAt: this.now(), joinCode: null });
    if (current.joinCode) await this.course.deleteJoinCode(current.joinCode);
    return archived;
  }

  /** Replaces the join code (enabling joining if it was disabled); the old code stops working at once. */
  async rotateJoinCode(id: string): Promise<CohortView> {
    const current = await this.get(id);
    if (current.archivedAt) throw new StateConflictError(`cohort ${JSON.stringify(id)} is archived; it takes no new learners`);
    const joinCode = newJoinCode();
    await this.course.putJoinCode(joinCode, id);
    let updated: CohortView;
    try {
      updated = await this.change(id, { joinCode });
    } catch (error) {
      await this.course.deleteJoinCode(joinCode);
      throw error;
    }
    if (current.joinCode) await this.course.deleteJoinCode(current.joinCode);
    return updated;
  }

  /** Disables joining with a code; enrolment by the instructor still works. */
  async disableJoinCode(id: string): Promise<CohortView> {
    const current = await this.get(id);
    const updated = await this.change(id, { joinCode: null });
    if (current.joinCode) await this.course.deleteJoinCode(current.joinCode);
    return updated;
  }

  /** The open cohort a join code admits to; JoinRefusedError or CohortClosedError otherwise. */
  async resolveJoinCode(code: string): Promise<CohortView> {
    const normalized = normalizeJoinCode(code);
    const cohortId = await this.course.getJoinCode(normalized);
    const cohort = cohortId ? await this.course.getCohort(cohortId) : undefined;
    if (!cohort || cohort.joinCode !== normalized) {
      throw new JoinRefusedError('unknown-code', 'this join code is not valid: it is mistyped, or the instructor rotated or disabled it; ask for the current code');
    }
    const closed = closedReason(cohort, this.clock());
    if (closed) throw new CohortClosedError(closed);
    return this.settled(cohort);
  }

  /** The cohort after finishing its seat operations whose process died, read again if there were any. */
  private async settled(cohort: Cohort): Promise<CohortView> {
    if (!this.seats.hasLapsed(cohort) || !(await this.seats.reconcile(cohort))) return shown(cohort);
    return shown((await this.course.getCohort(cohort.id)) ?? cohort);
  }

  private async change(id: string, changes: CohortChanges): Promise<CohortView> {
    const updated = await this.course.updateCohort(id, changes, this.now());
    if (!updated) throw new NotFoundError('cohort', id);
    return shown(updated);
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }
}

function shown(cohort: Cohort): CohortView {
  const { seatOps: _inFlight, ...view } = cohort;
  return view;
}

function checkWindow(startsAt: string | undefined, endsAt: string | undefined): void {
  if (startsAt && endsAt && Date.parse(startsAt) >= Date.parse(endsAt)) {
    throw new InvalidInputError('the time window is empty', [{ path: ['endsAt'], message: `endsAt (${endsAt}) must be after startsAt (${startsAt})` }]);
  }
}

function canonicalTime(time: string): string {
  return new Date(Date.parse(time)).toISOString();
}
