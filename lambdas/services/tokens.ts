/**
 * Bearer tokens and ids. Tokens are 256-bit random secrets, shown once and stored only as
 * SHA-256 hashes; a high-entropy secret needs no slow hash, and looking a token up by its hash
 * leaks nothing about other tokens.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenKind } from './ports.ts';

/** A new token of a kind, e.g. `klb_learner_<43 base64url characters>`, with its hash. */
export function newToken(kind: TokenKind): { readonly token: string; readonly hash: string } {
  const token = `klb_${kind}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** The stored form of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares two secrets in constant time (their digests have equal length whatever the inputs). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random id with a readable prefix, lowercase and DNS-safe: `co-7k2m9q4x1z3b`. */
export function newId(prefix: 'co' | 'ln' | 'cl' | 'tk' | 'gr' | 'so'): string {
  return `${prefix}-${randomText(12)}`;
}

/**
 * A join code learners type from a slide: 10 characters in two groups (`K7M2Q-9X4ZB`), upper
 * case without look-alikes (no I, L, O, 0, 1), about 49 bits: a shared secret of a classroom,
 * not a credential by itself (a join gives a new learner, never someone else's access).
 */
export function newJoinCode(): string {
  const text = randomFrom(JOIN_ALPHABET, 10);
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/** A join code as typed: case and spaces do not matter, the dash is optional. */
export function normalizeJoinCode(code: string): string {
  const bare = code.replace(/[\s-]/g, '').toUpperCase();
  return bare.length === 10 ? `${bare.slice(0, 5)}-${bare.slice(5)}` : bare;
}

const JOIN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function randomText(length: number): string {
  return randomFrom(ID_ALPHABET, length);
}

/** `length` symbols of `alphabet`, each equally likely (bytes past the last whole multiple are drawn again). */
function randomFrom(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let text = '';
  while (text.length < length) {
    for (const byte of randomBytes(length)) if (byte < limit && text.length < length) text += alphabet[byte % alphabet.length];
  }
  return text;
}
