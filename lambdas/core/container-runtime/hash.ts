/**
 * Small deterministic hashes for the container runtime: fake-but-stable image digests and
 * per-container log seeds. FNV-1a in plain arithmetic rather than node:crypto, so the core
 * stays free of platform modules and runs unchanged in a browser or a worker.
 */

/** 32-bit FNV-1a of `text` (UTF-16 code units), optionally continuing from `seed`. */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A final avalanche (murmur3's fmix32), so nearby inputs give unrelated words. */
function mix(word: number): number {
  let h = word >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A `sha256:` digest that is a pure function of `text`: 64 lowercase hex digits. Not a real
 * SHA-256 (nothing here hashes image content), but it has the right shape for every parser
 * and never changes between releases, so a learner can pin an image by the digest they saw.
 */
export function fakeDigest(text: string): string {
  let hex = '';
  for (let word = 0; word < 8; word++) {
    hex += mix(fnv1a32(`${word}:${text}`)).toString(16).padStart(8, '0');
  }
  return `sha256:${hex}`;
}

/** A 32-bit seed derived from a number and some strings, for a Random that only these inputs decide. */
export function deriveSeed(seed: number, ...parts: readonly (string | number)[]): number {
  return mix(fnv1a32(parts.join('\u0000'), fnv1a32(String(seed >>> 0))));
}

/** A container ID (64 hex digits) that is a pure function of `text`: cheaper than fakeDigest, for per-start IDs. */
export function containerId(text: string): string {
  const seed = fnv1a32(text);
  let hex = '';
  for (let word = 0; word < 8; word++) hex += mix((seed + Math.imul(word + 1, 0x9e3779b9)) >>> 0).toString(16).padStart(8, '0');
  return hex;
}
