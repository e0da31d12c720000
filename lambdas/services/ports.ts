/**
 * What the services need from the outside world. Adapters (DynamoDB, Secrets Manager, the
 * local server) implement these; tests can too.
 */
import type { ClusterSnapshot } from '#core/cluster.ts';

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
  /** The latest stored cluster (strongly consistent), or undefined. */
  load(id: string): Promise<StoredCluster | undefined>;
  /**
   * Replaces the cluster if it is still at `expectedVersion`; returns the new version.
   * Throws StaleWriteError if another write came first, ClusterTooLargeError past the size bound.
   */
  save(snapshot: ClusterSnapshot, expectedVersion: number): Promise<number>;
  /** Removes a cluster; removing a missing one is not an error. */
  delete(id: string): Promise<void>;
}

/** A cohort of learners taught together. */
export interface Cohort {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
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
  readonly cohortId?: string;
  readonly learnerId?: string;
  readonly clusterId?: string;
}

/** Persistence of cohorts, learners and tokens. */
export interface CourseRepository {
  putCohort(cohort: Cohort): Promise<void>;
  getCohort(id: string): Promise<Cohort | undefined>;
  putLearner(learner: Learner): Promise<void>;
  getLearner(cohortId: string, learnerId: string): Promise<Learner | undefined>;
  listLearners(cohortId: string): Promise<Learner[]>;
  deleteLearner(cohortId: string, learnerId: string): Promise<void>;
  putToken(token: TokenRecord): Promise<void>;
  getToken(hash: string): Promise<TokenRecord | undefined>;
  deleteToken(hash: string): Promise<void>;
}

/** The source of the instructor admin token (a value locally, Secrets Manager on AWS). */
export interface AdminTokenSource {
  get(): Promise<string>;
}
