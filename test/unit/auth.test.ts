import { describe, expect, it } from 'vitest';
import { AuthService, requireKind } from '#services/auth.ts';
import { ForbiddenError, UnauthenticatedError } from '#services/errors.ts';
import type { Cohort, CourseRepository, TokenRecord } from '#services/ports.ts';
import { StaticAdminToken } from '#adapters/secrets/admin-token.ts';
import { hashToken, newId, newToken, sameSecret } from '#services/tokens.ts';

const ADMIN = 'klb_admin_the-instructor-token';

/** Authentication reads tokens and (for learners) their cohort; the rest of the repository is never reached. */
function tokens(records: TokenRecord[], cohorts: Cohort[] = [{ id: 'co-1', name: 'open', createdAt: '2026-11-25T09:00:00Z' }]): CourseRepository {
  const byHash = new Map(records.map((r) => [r.hash, r]));
  const byId = new Map(cohorts.map((c) => [c.id, c]));
  return { getToken: async (hash: string) => byHash.get(hash), getCohort: async (id: string) => byId.get(id) } as unknown as CourseRepository;
}

describe('tokens', () => {
  it('are long random secrets with a readable kind prefix, stored only as a hash', () => {
    const { token, hash } = newToken('learner');
    expect(token).toMatch(/^klb_learner_[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token.slice(12));
    expect(newToken('learner').token).not.toBe(token);
  });

  it('compare equal only when identical, whatever their lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
  });

  it('ids are lowercase and DNS-safe, so they can appear in URLs and names', () => {
    expect(newId('cl')).toMatch(/^cl-[a-z0-9]{12}$/);
  });
});

describe('authentication', () => {
  const learnerToken = newToken('learner');
  const learnerRecord: TokenRecord = {
    hash: learnerToken.hash,
    kind: 'learner',
    createdAt: '2026-11-25T09:00:00Z',
    cohortId: 'co-1',
    learnerId: 'ln-1',
    clusterId: 'cl-1',
  };
  const expired = newToken('learner');
  const auth = new AuthService(
    tokens([learnerRecord, { ...learnerRecord, hash: expired.hash, expiresAt: 1_000 }]),
    new StaticAdminToken(ADMIN),
    () => 2_000_000,
  );

  it('knows the admin token', async () => {
    expect(await auth.authenticate(`Bearer ${ADMIN}`)).toEqual({ kind: 'admin' });
  });

  it("gives a learner their own cluster from the stored token, never from the request", async () => {
    expect(await auth.authenticate(`bearer ${learnerToken.token}`)).toEqual({
      kind: 'learner',
      cohortId: 'co-1',
      learnerId: 'ln-1',
      clusterId: 'cl-1',
    });
  });

  it('refuses a missing header, a non-bearer scheme, an unknown token and an expired one', async () => {
    await expect(auth.authenticate(undefined)).rejects.toThrow(/missing Authorization header/);
    await expect(auth.authenticate('Basic dXNlcjpwYXNz')).rejects.toThrow(/must be "Bearer <token>"/);
    await expect(auth.authenticate('Bearer klb_learner_nope')).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(auth.authenticate(`Bearer ${expired.token}`)).rejects.toThrow(/unknown, revoked or expired/);
  });

  it('forbids a token of the wrong kind, naming both kinds', async () => {
    const learner = await auth.authenticate(`Bearer ${learnerToken.token}`);
    expect(() => requireKind(learner, ['admin'])).toThrow(ForbiddenError);
    expect(() => requireKind(learner, ['admin'])).toThrow('this route accepts only admin tokens; this request used a token of kind learner');
  });
});

describe('join codes', () => {
  it('are two groups of five characters without look-alikes, read however they are typed', async () => {
    const { newJoinCode, normalizeJoinCode } = await import('#services/tokens.ts');
    const code = newJoinCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
    expect(newJoinCode()).not.toBe(code);
    expect(normalizeJoinCode(` ${code.replace('-', ' ').toLowerCase()} `)).toBe(code);
    expect(normalizeJoinCode('abc')).toBe('ABC');
  });
});

describe('learner tokens of a closed cohort', () => {
  it('are refused while the cohort is archived or outside its window, and unknown cohorts are 401', async () => {
    const { CohortClosedError } = await import('#services/errors.ts');
    const token = newToken('learner');
    const record: TokenRecord = { hash: token.hash, kind: 'learner', createdAt: '2026-11-25T09:00:00Z', cohortId: 'co-1', learnerId: 'ln-1', clusterId: 'cl-1' };
    const at = (cohort: Partial<Cohort>) => new AuthService(tokens([record], [{ id: 'co-1', name: 'c', createdAt: '2026-11-25T09:00:00Z', ...cohort }]), new StaticAdminToken(ADMIN), () => Date.parse('2026-11-25T10:00:00Z'));
    await expect(at({ archivedAt: '2026-11-25T09:30:00Z' }).authenticate(`Bearer ${token.token}`)).rejects.toThrow(/archived at/);
    await expect(at({ startsAt: '2026-11-26T09:00:00Z' }).authenticate(`Bearer ${token.token}`)).rejects.toBeInstanceOf(CohortClosedError);
    await expect(at({ endsAt: '2026-11-25T10:00:00Z' }).authenticate(`Bearer ${token.token}`)).rejects.toThrow(/closed at/);
    await expect(at({ endsAt: '2026-11-25T10:00:01Z' }).authenticate(`Bearer ${token.token}`)).resolves.toMatchObject({ kind: 'learner' });
    const orphan = new AuthService(tokens([record], []), new StaticAdminToken(ADMIN), () => 0);
    await expect(orphan.authenticate(`Bearer ${token.token}`)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
