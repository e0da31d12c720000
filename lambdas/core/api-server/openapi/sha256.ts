/**
 * SHA-256 for discovery's storageVersionHash, the OpenAPI documents' hashes and bound tokens: real
 * digests, computed the way the API server computes them. node:crypto's digest is deterministic, so
 * the core may use it and keep its purity; a hand-written SHA-256 had been here, costing every
 * bundle that runs a cluster two kilobytes.
 */
import { createHash } from 'node:crypto';

/** The SHA-256 digest of `text` (UTF-8), 32 bytes. */
export function sha256(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text, 'utf8').digest());
}

/** Upper-case hex, as the OpenAPI v3 hashes are written. */
export function hexUpper(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/** Standard base64 with padding. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
