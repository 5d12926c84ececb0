/**
 * A count-min sketch of 4-bit counters that estimates how often each key was seen recently:
 * the "TinyLFU" in W-TinyLFU. It follows Caffeine's FrequencySketch: four counters per key,
 * the estimate is their minimum, and after `sampleSize` increments every counter is halved,
 * so the history ages and a formerly popular key cannot hold its place forever.
 *
 * The layout is Caffeine's blocked one, in 32-bit words: a key's four counters all live in one
 * 64-byte block (sixteen words, one cache line) chosen by its hash; counter i sits in the
 * i-th quarter of the block, and bits of a second hash pick the word and the nibble. One block
 * index and one rehash per operation, instead of four independent hashes.
 */

const RESET_MASK = 0x77777777;
const ONE_MASK = 0x11111111;
const MAX_COUNT = 15;
const WORDS_PER_BLOCK = 16;

export class FrequencySketch {
  /** Counters, eight 4-bit counters per word, sixteen words per block. */
  readonly #table: Uint32Array;
  /** Mask selecting a block from a hash. */
  readonly #blockMask: number;
  /** Increments since the last halving, the "sample" of TinyLFU. */
  #additions = 0;
  #halvings = 0;
  readonly sampleSize: number;

  /** @param expectedEntries the cache's maximum entries: the table is sized from it. */
  constructor(expectedEntries: number) {
    // Sixteen counters per expected entry, as Caffeine: collisions rarely decide admission.
    const words = 2 * nextPowerOfTwo(Math.max(WORDS_PER_BLOCK, Math.min(expectedEntries, 1 << 26)));
    this.#table = new Uint32Array(words);
    // A shift, not a division: the field must hold a small integer, never a boxed double.
    this.#blockMask = (words >>> 4) - 1;
    this.sampleSize = Math.max(10, 10 * expectedEntries);
  }

  /** The estimated number of times `hash` was seen in the current sample, 0 to 15. */
  frequency(hash: number): number {
    const table = this.#table;
    const block = (hash & this.#blockMask) << 4;
    const h = rehash(hash);
    const c0 = (table[block + (h & 3)]! >>> (((h >>> 2) & 7) << 2)) & 0xf;
    const c1 = (table[block + 4 + ((h >>> 8) & 3)]! >>> (((h >>> 10) & 7) << 2)) & 0xf;
    const c2 = (table[block + 8 + ((h >>> 16) & 3)]! >>> (((h >>> 18) & 7) << 2)) & 0xf;
    const c3 = (table[block + 12 + ((h >>> 24) & 3)]! >>> (((h >>> 26) & 7) << 2)) & 0xf;
    return Math.min(c0, c1, c2, c3);
  }

  /**
   * Records one occurrence of `hash`, halving all counters when the sample is full, and returns
   * the estimate after it (what frequency() would now say): the caller that inserts a key needs
   * both, and the counters are in hand here.
   */
  increment(hash: number): number {
    const table = this.#table;
    const block = (hash & this.#blockMask) << 4;
    const h = rehash(hash);
    // Unrolled by hand: this runs on every insert.
    let added = 0;
    let estimate = MAX_COUNT;
    let index = block + (h & 3);
    let shift = ((h >>> 2) & 7) << 2;
    let word = table[index]!;
    let count = (word >>> shift) & 0xf;
    if (count !== MAX_COUNT) {
      table[index] = word + (1 << shift);
      added = 1;
      count++;
    }
    if (count < estimate) estimate = count;
    index = block + 4 + ((h >>> 8) & 3);
    shift = ((h >>> 10) & 7) << 2;
    word = table[index]!;
    count = (word >>> shift) & 0xf;
    if (count !== MAX_COUNT) {
      table[index] = word + (1 << shift);
      added = 1;
      count++;
    }
    if (count < estimate) estimate = count;
    index = block + 8 + ((h >>> 16) & 3);
    shift = ((h >>> 18) & 7) << 2;
    word = table[index]!;
    count = (word >>> shift) & 0xf;
    if (count !== MAX_COUNT) {
      table[index] = word + (1 << shift);
      added = 1;
      count++;
    }
    if (count < estimate) estimate = count;
    index = block + 12 + ((h >>> 24) & 3);
    shift = ((h >>> 26) & 7) << 2;
    word = table[index]!;
    count = (word >>> shift) & 0xf;
    if (count !== MAX_COUNT) {
      table[index] = word + (1 << shift);
      added = 1;
      count++;
    }
    if (count < estimate) estimate = count;
    if (added !== 0 && ++this.#additions >= this.sampleSize) {
      this.#halve();
      return this.frequency(hash);
    }
    return estimate;
  }

  /**
   * Records `times` occurrences of `hash` at once: exactly what `times` calls of increment() do
   * (each counter saturates at 15; each occurrence that raised some counter counts towards the
   * sample), in one pass over the four counters. Only when the sample would fill part-way does it
   * take them one by one, so that the halving falls where it would have. A resident key's hits
   * reach the sketch this way when it leaves (see EvictionPolicy): one call, not a loop whose
   * length the processor cannot predict.
   */
  incrementBy(hash: number, times: number): void {
    const table = this.#table;
    const block = (hash & this.#blockMask) << 4;
    const h = rehash(hash);
    const i0 = block + (h & 3);
    const s0 = ((h >>> 2) & 7) << 2;
    const i1 = block + 4 + ((h >>> 8) & 3);
    const s1 = ((h >>> 10) & 7) << 2;
    const i2 = block + 8 + ((h >>> 16) & 3);
    const s2 = ((h >>> 18) & 7) << 2;
    const i3 = block + 12 + ((h >>> 24) & 3);
    const s3 = ((h >>> 26) & 7) << 2;
    const c0 = (table[i0]! >>> s0) & 0xf;
    const c1 = (table[i1]! >>> s1) & 0xf;
    const c2 = (table[i2]! >>> s2) & 0xf;
    const c3 = (table[i3]! >>> s3) & 0xf;
    // Occurrence k (from 0) raises some counter while the least one, then at least + k, is below 15.
    const counted = Math.min(times, MAX_COUNT - Math.min(c0, c1, c2, c3));
    if (this.#additions + counted >= this.sampleSize) {
      for (let i = 0; i < times; i++) this.increment(hash);
      return;
    }
    // Stores wrap modulo 2^32, so a raise shifted into the top nibble may be negative as an int.
    table[i0] = table[i0]! + ((Math.min(MAX_COUNT, c0 + times) - c0) << s0);
    table[i1] = table[i1]! + ((Math.min(MAX_COUNT, c1 + times) - c1) << s1);
    table[i2] = table[i2]! + ((Math.min(MAX_COUNT, c2 + times) - c2) << s2);
    table[i3] = table[i3]! + ((Math.min(MAX_COUNT, c3 + times) - c3) << s3);
    this.#additions += counted;
  }

  /** How many times the counters have been halved: a caller keeping estimates of its own ages them with it. */
  get halvings(): number {
    return this.#halvings;
  }

  /** Forgets everything: for clear(), so a cleared cache does not favour the old run's keys. */
  reset(): void {
    this.#table.fill(0);
    this.#additions = 0;
  }

  #halve(): void {
    this.#halvings++;
    const table = this.#table;
    let odd = 0;
    for (let i = 0; i < table.length; i++) {
      const word = table[i]!;
      odd += bitCount(word & ONE_MASK);
      table[i] = (word >>> 1) & RESET_MASK;
    }
    // Each halving loses the odd halves; account for them as Caffeine does.
    this.#additions = (this.#additions - (odd >>> 2)) >>> 1;
  }
}

/** A second, independent hash from the first (the block index uses the low bits). */
function rehash(hash: number): number {
  let h = Math.imul(hash, 0x31848bab);
  h ^= h >>> 14;
  return h;
}

function nextPowerOfTwo(n: number): number {
  return n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n));
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
