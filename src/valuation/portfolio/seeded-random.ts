/**
 * A small, fast, seeded pseudo-random generator: xoshiro128** (Blackman and Vigna, 2018),
 * its 128-bit state filled from the seed by SplitMix32. The same seed gives the same sequence
 * on every machine and Node version, which Math.random cannot promise: generated test data
 * and example files must be reproducible byte for byte.
 */
export class SeededRandom {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  /** `seed`: any non-negative safe integer. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
    // Both 32-bit halves of the seed feed SplitMix32, so seeds above 2^32 differ too.
    let state = (seed >>> 0) ^ Math.imul(Math.floor(seed / 0x1_0000_0000), 0x9e3779b1);
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
  }

  /**
   * A generator with the given 128-bit state (four 32-bit words, not all zero), for checking
   * the algorithm against the reference implementation's output.
   */
  static fromState(s0: number, s1: number, s2: number, s3: number): SeededRandom {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('the xoshiro128** state must not be all zero');
    const random = new SeededRandom(0);
    random.#s0 = s0 | 0;
    random.#s1 = s1 | 0;
    random.#s2 = s2 | 0;
    random.#s3 = s3 | 0;
    return random;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.#s1;
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotateLeft(this.#s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max], both inclusive. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + this.nextFloat() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextFloat() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.nextFloat() * items.length)]!;
  }
}

function rotateLeft(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
