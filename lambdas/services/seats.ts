/**
 * Seats of cohorts, kept true across crashes without transactions (the embedded server has none,
 * and the same design serves AWS). A cohort item holds the counter `learnerCount` and a small map
 * of seat changes in flight (SeatOp). Enrolling takes the seat and notes the operation in one
 * conditional write, then writes cluster, token and learner, then ends the note in one more; a
 * revocation notes itself, marks the learner revoked, deletes the token, then ends the note and
 * frees the seat in one write. A process that dies half-way (kill -9, a Lambda timeout) leaves
 * its note; once the note's deadline has passed, the process is surely dead (the hold is longer
 * than any Lambda may run), and a reconciler finishes the operation: an enrolment that never
 * answered is undone (its caller never saw the token, so nobody can be using it), a revocation
 * is carried through. Every step is idempotent, and the one step that moves the counter is
 * conditional on the note, so two reconcilers, or a reconciler and a late process, free a seat once.
 *
 * Reconciling happens where the cohort is read anyway for enrolment, joining and the instructor's
 * views, never on the Kubernetes API's path.
 */
import type { ClusterService } from './clusters.ts';
import type { Cohort, CourseRepository, Learner, SeatLedger, SeatOp } from './ports.ts';

/**
 * How long a seat operation is held before a reconciler may finish or undo it: Lambda's longest
 * timeout (15 minutes), so no setting of the course API function's timeout (10 s) can outlive it.
 */
export const DEFAULT_SEAT_HOLD_MS = 15 * 60 * 1000;

/** What the seat service needs. */
export interface SeatServiceOptions {
  readonly clock: () => number;
  /** How long an operation's note holds before it counts as abandoned. Default DEFAULT_SEAT_HOLD_MS. */
  readonly holdMs?: number;
}

/** Seat operations: begun and ended by the course service, finished by the reconciler when their process died. */
export class SeatService {
  private readonly clock: () => number;
  private readonly holdMs: number;

  constructor(
    private readonly ledger: SeatLedger,
    private readonly course: CourseRepository,
    private readonly clusters: Pick<ClusterService, 'delete'>,
    options: SeatServiceOptions,
  ) {
    this.clock = options.clock;
    this.holdMs = options.holdMs ?? DEFAULT_SEAT_HOLD_MS;
  }

  /** A new operation's note, with its deadline. */
  note(op: SeatOp['op'], id: string, leftovers: Pick<SeatOp, 'clusterId' | 'tokenHash'> = {}): SeatOp {
    return { op, id, until: this.clock() + this.holdMs, ...leftovers };
  }

  /** Records an operation (an enrolment also takes a seat); false when full or another is in flight for the learner. */
  begin(cohortId: string, learnerId: string, op: SeatOp): Promise<boolean> {
    return this.ledger.openSeatOp(cohortId, learnerId, op);
  }

  /** Ends an enrolment, keeping its seat; false when it was abandoned meanwhile (its caller must undo it). */
  complete(cohortId: string, learnerId: string, op: SeatOp): Promise<boolean> {
    return this.ledger.closeSeatOp(cohortId, learnerId, op.id, 'keepSeat');
  }

  /**
   * Removes what an enrolment wrote, then frees its seat (once, however many undo it). The seat is
   * freed last, so an undo that dies half-way leaves the note for the next reconciler.
   */
  async undoEnrolment(cohortId: string, learnerId: string, op: SeatOp): Promise<void> {
    await this.course.deleteLearner(cohortId, learnerId);
    if (op.tokenHash) await this.course.deleteToken(op.tokenHash);
    if (op.clusterId) await this.clusters.delete(op.clusterId);
    await this.ledger.closeSeatOp(cohortId, learnerId, op.id, 'freeSeat');
  }

  /**
   * Carries a revocation through: the learner marked revoked (by this revocation unless another
   * came first), the token deleted, the note ended; the seat is freed only by the revocation that
   * marked the learner, so a seat is never freed twice. Returns the learner as it now is.
   */
  async completeRevocation(cohortId: string, learnerId: string, op: SeatOp): Promise<Learner | undefined> {
    let learner = await this.course.getLearner(cohortId, learnerId);
    if (learner && !learner.revokedAt) {
      learner = (await this.course.markRevoked(cohortId, learnerId, new Date(this.clock()).toISOString(), op.id)) ?? (await this.course.getLearner(cohortId, learnerId));
    }
    if (learner) await this.course.deleteToken(learner.tokenHash);
    await this.ledger.closeSeatOp(cohortId, learnerId, op.id, learner?.revocationId === op.id ? 'freeSeat' : 'keepSeat');
    return learner;
  }

  /** Whether a cohort has operations past their deadline. */
  hasLapsed(cohort: Cohort): boolean {
    const now = this.clock();
    return Object.values(cohort.seatOps ?? {}).some((op) => op.until <= now);
  }

  /**
   * Finishes or undoes the cohort's operations past their deadline, one at a time (they are rare,
   * and a cohort's item is one hot key). Returns whether anything was left to do.
   */
  async reconcile(cohort: Cohort): Promise<boolean> {
    const now = this.clock();
    const lapsed = Object.entries(cohort.seatOps ?? {}).filter(([, op]) => op.until <= now);
    for (const [learnerId, op] of lapsed) {
      if (op.op === 'revoke') await this.completeRevocation(cohort.id, learnerId, op);
      else if (await this.ledger.abandonSeatOp(cohort.id, learnerId, op.id, now)) await this.undoEnrolment(cohort.id, learnerId, op);
    }
    return lapsed.length > 0;
  }
}
