/**
 * The seeded random source of a cluster. The core never calls Math.random: every uid, pod-name
 * suffix and jitter comes from here, and the generator's state is stored with the cluster, so the
 * same commands at the same simulated times give byte-identical state.
 */

/** Serializable generator state (sfc32: four 32-bit words). */
export type RandomState = readonly [number, number, number, number];

/** A small, fast, seedable generator (sfc32) whose state can be saved and resumed. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: RandomState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  /** A generator whose first outputs are well mixed even for small seeds. */
  static fromSeed(seed: number): Random {
    const random = new Random([0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0]);
    for (let i = 0; i < 15; i++) random.nextUint32();
    return random;
  }

  /** The state to store; `new Random(state)` resumes exactly here. */
  state(): RandomState {
    return [this.a, this.b, this.c, this.d];
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** An integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor((this.nextUint32() / 0x1_0000_0000) * bound);
  }

  /** `length` characters drawn from `alphabet`. */
  nextString(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.nextInt(alphabet.length)];
    return out;
  }

  /** A version-4-shaped UUID, as Kubernetes assigns to metadata.uid. */
  nextUuid(): string {
    return formatUuid(this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32());
  }

  /**
   * Draws the next UUID now (the sequence moves on exactly as nextUuid's) but formats it only if
   * asked: for uids of objects that may never be stored, such as events dropped within a burst.
   */
  nextUuidLater(): () => string {
    const a = this.nextUint32();
    const b = this.nextUint32();
    const c = this.nextUint32();
    const d = this.nextUint32();
    return () => formatUuid(a, b, c, d);
  }
}

function formatUuid(a: number, b: number, c: number, d: number): string {
  const hex = [a, b, c, d].map((word) => word.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
