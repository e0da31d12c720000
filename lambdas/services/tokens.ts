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
export function newId(prefix: 'co' | 'ln' | 'cl'): string {
  const bytes = randomBytes(12);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `${prefix}-${id}`;
}
