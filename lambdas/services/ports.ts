/**
 * What the services need from the outside world. Adapters (DynamoDB, Secrets Manager, the
 * local server) implement these; tests can too.
 */
import type { ClusterSnapshot } from '#core/cluster.ts';
import type { ClusterFlavour } from '#core/flavours.ts';
import type { ClusterHealth } from '#core/health.ts';
import type { ContainerPolicy } from './containers/policy.ts';
import type { GradeResult } from './grading/grade.ts';

/** A cluster snapshot with the storage version it was read at. */
export interface StoredCluster {
  readonly snapshot: ClusterSnapshot;
  /** Storage version; a save must name it, and fails with StaleWriteError if it moved on. */
  readonly version: number;
}

/** Persistence of cluster snapshots with optimistic concurrency. */
export interface ClusterRepository {
  /** Stores a new cluster at version 1. */
  create(snapshot: ClusterSnapshot): Promise<void>;
  /**
   * The latest stored cluster (strongly consistent), or undefined. The snapshot is the caller's
   * own, freshly decoded: services open it without copying and change it.
   */
  load(id: string): Promise<StoredCluster | undefined>;
  /**
   * The stored version alone (strongly consistent), or undefined for no cluster: lets a reader
   * that holds a decoded copy skip reading and decoding an unchanged snapshot.
   */
  loadVersion?(id: string): Promise<number | undefined>;
  /**
   * Replaces the cluster if it is still at `expectedVersion`; returns the new version. The
   * snapshot is encoded when save is called: the caller may go on changing it meanwhile.
   * Throws StaleWriteError if another write came first, ClusterTooLargeError past the size bound.
   */
  save(snapshot: ClusterSnapshot, expectedVersion: number): Promise<number>;
  /**
   * A read saw the cluster stored at `version` with these health figures, and stored nothing: keep
   * them for the instructor's matrix (ClusterHealthReader) if the cluster is still at that version.
   * Cheap when nothing changed; never throws.
   */
  noteHealth?(id: string, version: number, health: ClusterHealth): Promise<void>;
  /** Removes a cluster; removing a missing one is not an error. */
  delete(id: string): Promise<void>;
}

/** A cluster's health figures as its last save or picture read left them (core/health.ts). */
export interface StoredClusterHealth extends ClusterHealth {
  /** When the figures were taken (RFC 3339): the cluster's last save, or a later read of its picture. */
  readonly savedAt: string;
}

/** The health figures kept beside clusters, read for a whole room at once (batched, never one request a learner). */
export interface ClusterHealthReader {
  /** By cluster id; a cluster not found, or not saved since the figures were kept, is left out. */
  healthOf(ids: readonly string[]): Promise<ReadonlyMap<string, StoredClusterHealth>>;
}

/** What one learner may hold: stored with the cohort, applied to each learner's cluster. */
export interface LearnerQuotas {
  /** Kubernetes objects in the learner's cluster (all kinds, system objects included). */
  readonly objects?: number;
  /** Pods in the learner's cluster. */
  readonly pods?: number;
  /** Real containers on Fargate running at once. */
  readonly realContainers?: number;
}

/** A cohort of learners taught together. */
export interface Cohort {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
  readonly description?: string;
  /** Most learners the cohort takes (enrolled and self-joined); none means no limit. */
  readonly capacity?: number;
  /** Seats taken: learners enrolled and not revoked, plus enrolments in flight (SeatOp); kept by atomic counters. */
  readonly learnerCount?: number;
  /** The code learners join with; absent while joining is disabled. */
  readonly joinCode?: string;
  /** When the cohort opens and closes (RFC 3339); joining and learner access are refused outside. */
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly quotas?: LearnerQuotas;
  /** What learners may run on Fargate, over the defaults (containers/policy.ts). */
  readonly containerPolicy?: Partial<ContainerPolicy>;
  /** The cluster each learner is given; absent: the seed lab's kubeadm cluster. */
  readonly cluster?: ClusterSettings;
  /** Set when archived: no joining, no learner access; grades and inspection still work. */
  readonly archivedAt?: string;
  /** Seat changes in flight, by learner id (see SeatLedger); never shown outside the services. */
  readonly seatOps?: Readonly<Record<string, SeatOp>>;
}

/**
 * A change of one learner's seat that is in flight: recorded on the cohort item in the same
 * write that takes the seat (enrol) or before the seat is freed (revoke), so a process that dies
 * half-way leaves a note of what to finish or undo, and the seat counter can be made true again.
 */
export interface SeatOp {
  readonly op: 'enrol' | 'revoke';
  /** Unique to this operation: only it, or a reconciler acting on it, may end it. */
  readonly id: string;
  /** Epoch ms after which the process doing it counts as dead and a reconciler may finish or undo it. */
  readonly until: number;
  /** Set by a reconciler that has started to undo an enrolment: the enrolment may no longer complete. */
  readonly abandoned?: boolean;
  /** What an enrolment may have written, so an abandoned one can be removed. */
  readonly clusterId?: string;
  readonly tokenHash?: string;
}

/**
 * The seats of cohorts: the counter `learnerCount` and the seat changes in flight, each changed
 * only by single conditional writes of the cohort item, so they stay exact without transactions.
 */
export interface SeatLedger {
  /**
   * Records an operation in flight for a learner; an enrolment takes a seat in the same write, if
   * the cohort has room under its stored capacity. False when the cohort is full, is gone, or
   * another operation on that learner's seat is in flight.
   */
  openSeatOp(cohortId: string, learnerId: string, op: SeatOp): Promise<boolean>;
  /**
   * Ends an operation if it is still `opId` (and, for `keepSeat`, not abandoned): `freeSeat` also
   * gives its seat back in the same write, so racing finishers free it once. False when it was not there.
   */
  closeSeatOp(cohortId: string, learnerId: string, opId: string, seat: 'keepSeat' | 'freeSeat'): Promise<boolean>;
  /** Marks an enrolment past its deadline as abandoned (see SeatOp.abandoned); false when it ended meanwhile. */
  abandonSeatOp(cohortId: string, learnerId: string, opId: string, now: number): Promise<boolean>;
}

/** The cluster a cohort's learners are given (an exercise's starting state may choose its own flavour). */
export interface ClusterSettings {
  /** kubeadm (a control-plane node and workers) or eks (as eksctl makes it); see core/flavours.ts. */
  readonly flavour: ClusterFlavour;
  /** An eks cluster's AWS region; default us-west-2. */
  readonly region?: string;
  /** Worker nodes, eksctl's --nodes; default 2. */
  readonly nodes?: number;
}

/** The fields of a cohort an instructor may change; `null` clears an optional field. */
export interface CohortChanges {
  readonly name?: string;
  readonly description?: string | null;
  readonly capacity?: number | null;
  readonly startsAt?: string | null;
  readonly endsAt?: string | null;
  readonly quotas?: LearnerQuotas | null;
  readonly containerPolicy?: Partial<ContainerPolicy> | null;
  readonly cluster?: ClusterSettings | null;
  readonly joinCode?: string | null;
  readonly archivedAt?: string;
}

/** A learner enrolled in a cohort, with their own cluster. */
export interface Learner {
  readonly id: string;
  readonly cohortId: string;
  readonly name: string;
  readonly clusterId: string;
  readonly createdAt: string;
  /** Hash of the learner's current token, so it can be revoked. */
  readonly tokenHash: string;
  /** How the learner came in. */
  readonly enrolledBy?: 'instructor' | 'join-code';
  /** An id in the school's own system (LMS user id), used as the LTI userId. */
  readonly externalId?: string;
  /** Set when the learner's access was revoked; their cluster and grades stay for the instructor. */
  readonly revokedAt?: string;
  /** Which revocation set `revokedAt`: the one that frees the seat (a SeatOp id). */
  readonly revocationId?: string;
}

/** Kinds of bearer token. */
export type TokenKind = 'admin' | 'learner' | 'grader';

/** A stored token: only its hash, never the secret itself. */
export interface TokenRecord {
  readonly hash: string;
  readonly kind: TokenKind;
  readonly createdAt: string;
  /** Epoch seconds after which the token no longer works (also DynamoDB's TTL). */
  readonly expiresAt?: number;
  /** A public id for listing and revoking (admin and grader tokens). */
  readonly id?: string;
  /** What the token is for, as the instructor named it. */
  readonly name?: string;
  readonly cohortId?: string;
  readonly learnerId?: string;
  readonly clusterId?: string;
}

/** The reads that authenticate a request (AuthService): a token's record by its hash, and a cohort. */
export interface TokenRecords {
  getToken(hash: string): Promise<TokenRecord | undefined>;
  getCohort(id: string): Promise<Cohort | undefined>;
}

/** Persistence of cohorts, learners and tokens. */
export interface CourseRepository {
  putCohort(cohort: Cohort): Promise<void>;
  getCohort(id: string): Promise<Cohort | undefined>;
  /** Every cohort, newest first. */
  listCohorts(): Promise<Cohort[]>;
  /** Changes the given fields atomically; undefined when the cohort does not exist. */
  updateCohort(id: string, changes: CohortChanges, now: string): Promise<Cohort | undefined>;
  /** The cohort a join code points at (check the cohort still holds that code). */
  getJoinCode(code: string): Promise<string | undefined>;
  putJoinCode(code: string, cohortId: string): Promise<void>;
  deleteJoinCode(code: string): Promise<void>;
  putLearner(learner: Learner): Promise<void>;
  getLearner(cohortId: string, learnerId: string): Promise<Learner | undefined>;
  /** Replaces a learner that exists (a new token). */
  replaceLearner(learner: Learner): Promise<void>;
  /** Marks a learner revoked by one revocation, unless already revoked; the revoked learner, or undefined when nothing changed. */
  markRevoked(cohortId: string, learnerId: string, revokedAt: string, revocationId: string): Promise<Learner | undefined>;
  listLearners(cohortId: string): Promise<Learner[]>;
  deleteLearner(cohortId: string, learnerId: string): Promise<void>;
  putToken(token: TokenRecord): Promise<void>;
  getToken(hash: string): Promise<TokenRecord | undefined>;
  /** Admin or grader tokens (never learner ones), oldest first. */
  listTokens(kind: 'admin' | 'grader'): Promise<TokenRecord[]>;
  deleteToken(hash: string): Promise<void>;
}

/** An instructor's exercise document as stored (the built-in pack lives in code). */
export interface StoredExercise {
  readonly id: string;
  /** The validated document, as JSON. */
  readonly document: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Persistence of instructors' exercises. */
export interface ExerciseRepository {
  /** Stores an exercise; `replace` false refuses (returns false) when the id is taken. */
  putExercise(exercise: StoredExercise, replace: boolean): Promise<boolean>;
  getExercise(id: string): Promise<StoredExercise | undefined>;
  listExercises(): Promise<StoredExercise[]>;
  deleteExercise(id: string): Promise<void>;
}

/** A learner's answers to an exercise's answer checks, by check id. */
export type Answers = Readonly<Record<string, string | readonly string[]>>;

/** Persistence of grades (history and latest per learner and exercise) and learners' answers. */
export interface GradebookRepository {
  /** Appends to the learner's history and replaces the latest grade for that exercise. */
  putGrade(grade: GradeResult): Promise<void>;
  /** A learner's grades, newest first. */
  listGrades(cohortId: string, learnerId: string, limit: number): Promise<GradeResult[]>;
  /** The latest grade of every learner and exercise of a cohort. */
  listLatestGrades(cohortId: string): Promise<GradeResult[]>;
  putAnswers(cohortId: string, learnerId: string, exerciseId: string, answers: Answers): Promise<void>;
  getAnswers(cohortId: string, learnerId: string, exerciseId: string): Promise<Answers>;
}

/** A stored outcome of a request made with an Idempotency-Key. */
export interface IdempotencyRecord {
  readonly key: string;
  /** Hash of what was asked, so a reused key with a different request is caught. */
  readonly fingerprint: string;
  readonly state: 'in-progress' | 'done';
  /** Which run holds the key: only it completes or releases it. */
  readonly claimId: string;
  /** Epoch seconds after which a run still in progress counts as dead, and its key may be claimed again. */
  readonly inProgressUntil?: number;
  readonly status?: number;
  readonly body?: string;
  /** Epoch seconds; also DynamoDB's TTL. */
  readonly expiresAt: number;
}

/** Persistence of idempotency keys. */
export interface IdempotencyRepository {
  /**
   * Claims a key for one run, in one conditional write: it succeeds when the key is free, past its
   * day, or held by a run in progress past its `inProgressUntil`, so two racing claims never both
   * win; false otherwise (then getKey() tells how far the holder got).
   */
  claimKey(record: IdempotencyRecord, nowSeconds: number): Promise<boolean>;
  getKey(key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores the answer if the run that claimed the key (`claimId`) still holds it. */
  completeKey(record: IdempotencyRecord): Promise<void>;
  /** Frees the key if the run `claimId` still holds it. */
  releaseKey(key: string, claimId: string): Promise<void>;
}

/** The source of the instructor admin token (a value locally, Secrets Manager on AWS). */
export interface AdminTokenSource {
  get(): Promise<string>;
}
