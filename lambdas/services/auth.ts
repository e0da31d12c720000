/**
 * Who is calling: turns a bearer token into a principal of one kind (admin, learner, grader).
 * A learner's principal carries the learner's own cluster id, so learner routes never take a
 * cluster id from the request.
 */
import { closedReason } from './cohorts.ts';
import { CohortClosedError, ForbiddenError, UnauthenticatedError } from './errors.ts';
import type { AdminTokenSource, TokenKind, TokenRecords } from './ports.ts';
import { hashToken, sameSecret } from './tokens.ts';

/** An authenticated caller. */
export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'learner'; readonly cohortId: string; readonly learnerId: string; readonly clusterId: string }
  | { readonly kind: 'grader'; readonly tokenId?: string; readonly cohortId?: string };

/** Authenticates bearer tokens against the admin token and the stored token hashes. */
export class AuthService {
  constructor(
    private readonly course: TokenRecords,
    private readonly adminToken: AdminTokenSource,
    private readonly clock: () => number,
  ) {}

  /** The caller behind an Authorization header; throws UnauthenticatedError when there is none. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (sameSecret(token, await this.adminToken.get())) return { kind: 'admin' };

    const record = await this.course.getToken(hashToken(token));
    if (!record || (record.expiresAt !== undefined && record.expiresAt * 1000 <= this.clock())) {
      throw new UnauthenticatedError('the bearer token is not valid: it is unknown, revoked or expired');
    }
    if (record.kind === 'learner' && record.cohortId && record.learnerId && record.clusterId) {
      // A learner works only while the cohort is open: archived or outside its window, the token is refused.
      const cohort = await this.course.getCohort(record.cohortId);
      if (!cohort) throw new UnauthenticatedError('the bearer token is not valid: its cohort no longer exists');
      const closed = closedReason(cohort, this.clock());
      if (closed) throw new CohortClosedError(closed);
      return { kind: 'learner', cohortId: record.cohortId, learnerId: record.learnerId, clusterId: record.clusterId };
    }
    if (record.kind === 'grader') {
      return { kind: 'grader', ...(record.id ? { tokenId: record.id } : {}), ...(record.cohortId ? { cohortId: record.cohortId } : {}) };
    }
    if (record.kind === 'admin') return { kind: 'admin' };
    throw new UnauthenticatedError('the bearer token is not valid');
  }
}

/** Refuses a grader token scoped to another cohort; admin tokens reach every cohort. */
export function requireCohortScope(principal: Principal, cohortId: string): void {
  if (principal.kind === 'grader' && principal.cohortId !== undefined && principal.cohortId !== cohortId) {
    throw new ForbiddenError(`this grader token is limited to cohort ${JSON.stringify(principal.cohortId)}`);
  }
}

/** Narrows a principal to the kinds a route accepts, or throws ForbiddenError naming them. */
export function requireKind<K extends TokenKind>(principal: Principal, kinds: readonly K[]): Extract<Principal, { kind: K }> {
  if ((kinds as readonly string[]).includes(principal.kind)) return principal as Extract<Principal, { kind: K }>;
  throw new ForbiddenError(`this route accepts only ${kinds.join(' or ')} tokens; this request used a token of kind ${principal.kind}`);
}

function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new UnauthenticatedError('missing Authorization header: send "Authorization: Bearer <token>"');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
  return match[1];
}
