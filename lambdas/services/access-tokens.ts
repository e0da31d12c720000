/**
 * Admin and grader tokens an instructor issues for scripts, CI jobs and LMS connectors: long
 * random secrets shown once, stored as hashes, optionally expiring, optionally limited to one
 * cohort (graders), listed by a public id and revoked by it.
 */
import { NotFoundError } from './errors.ts';
import type { CourseRepository, TokenRecord } from './ports.ts';
import { newId, newToken } from './tokens.ts';

/** Kinds an instructor may issue here; learner tokens come with enrolment. */
export type IssuedKind = 'admin' | 'grader';

/** What issuing a token needs. */
export interface NewAccessToken {
  readonly name: string;
  /** Grader tokens only: limit grading to one cohort. */
  readonly cohortId?: string | undefined;
  /** When the token stops working (RFC 3339); default never. */
  readonly expiresAt?: string | undefined;
}

/** A token as listed: never the secret, never its hash. */
export interface AccessTokenView {
  readonly id: string;
  readonly kind: IssuedKind;
  readonly name: string;
  readonly createdAt: string;
  readonly cohortId?: string;
  readonly expiresAt?: string;
}

/** Issues, lists and revokes admin and grader tokens. */
export class AccessTokenService {
  constructor(
    private readonly course: CourseRepository,
    private readonly clock: () => number,
  ) {}

  /** Issues a token; the secret is in the result and nowhere else. */
  async issue(kind: IssuedKind, input: NewAccessToken): Promise<AccessTokenView & { readonly token: string }> {
    // A cohort limit means something only for graders; admin tokens reach every cohort.
    const cohortId = kind === 'grader' ? input.cohortId : undefined;
    if (cohortId !== undefined && !(await this.course.getCohort(cohortId))) throw new NotFoundError('cohort', cohortId);
    const { token, hash } = newToken(kind);
    const record: TokenRecord = {
      hash,
      kind,
      id: newId('tk'),
      name: input.name,
      createdAt: new Date(this.clock()).toISOString(),
      ...(cohortId ? { cohortId } : {}),
      ...(input.expiresAt ? { expiresAt: Math.floor(Date.parse(input.expiresAt) / 1000) } : {}),
    };
    await this.course.putToken(record);
    return { ...view(record, kind), token };
  }

  /** Tokens of a kind that have not been revoked, oldest first (expired ones say so by their expiresAt). */
  async list(kind: IssuedKind): Promise<AccessTokenView[]> {
    return (await this.course.listTokens(kind)).map((record) => view(record, kind));
  }

  /** Revokes a token by its id: it stops working at once. */
  async revoke(kind: IssuedKind, id: string): Promise<void> {
    const record = (await this.course.listTokens(kind)).find((r) => r.id === id);
    if (!record) throw new NotFoundError(`${kind} token`, id);
    await this.course.deleteToken(record.hash);
  }
}

function view(record: TokenRecord, kind: IssuedKind): AccessTokenView {
  return {
    id: record.id ?? '',
    kind,
    name: record.name ?? '',
    createdAt: record.createdAt,
    ...(record.cohortId ? { cohortId: record.cohortId } : {}),
    ...(record.expiresAt !== undefined ? { expiresAt: new Date(record.expiresAt * 1000).toISOString() } : {}),
  };
}
