import { MiniatureLru } from './miniature-lru.js';
import { MiniatureTinyLfu } from './miniature-tiny-lfu.js';

/** The smallest miniature worth simulating; smaller caches are simulated in full. */
const MINIATURE_ENTRIES = 32;
/** Sampled requests per verdict. */
const PERIOD = 512;
/**
 * The simulations' leads in hits on the sample that settle a period early. Frequency needs the
 * larger one: a wrong turn to a small window costs more (a loop it rejects is lost for a whole
 * pass) than a wrong turn towards LRU. Both were chosen on the benchmark traces (docs/BENCHMARKS.md).
 */
const LRU_LEAD = 8;
const TINY_LFU_LEAD = 10;

/** What a period's end says; most requests end no period. */
export type Verdict = 'pending' | 'lru-ahead' | 'lfu-ahead' | 'even';

/**
 * Measures the real cache, all the time, against the two ends of the range its adaptive window
 * moves in: plain LRU (a window as large as the cache) and W-TinyLFU with a 1% window. Two
 * miniature simulations (Waldspurger et al., "Cache Modeling and Optimization using Miniature
 * Simulations", USENIX ATC 2017: hash-sampled requests through a cache scaled down by the same
 * rate, which estimates the full cache's hit rate closely) replay a 1-in-2^k sample of keys,
 * and the real cache's own hits on that sample are counted beside them. A period ends early
 * when a simulation leads the real cache by its lead in hits, else after PERIOD sampled requests;
 * its verdict says which end, if either, was ahead.
 *
 * W-TinyLFU's hill climber compares a sample's hit rate with the previous sample's, so it cannot
 * tell a change of workload from the effect of its own move, and it needs a whole sample (ten
 * times the cache's size) per step; this yardstick can tell, within a few hundred requests,
 * because all three see the same requests.
 */
export class PolicyYardstick {
  readonly #shift: number;
  readonly #lru: MiniatureLru;
  readonly #tinyLfu: MiniatureTinyLfu;
  #lruHits = 0;
  #tinyLfuHits = 0;
  #actualHits = 0;
  #requests = 0;

  /** @param maximum the real cache's bound, in entries */
  constructor(maximum: number) {
    let shift = 0;
    while (shift < 24 && maximum / 2 ** (shift + 1) >= MINIATURE_ENTRIES) shift++;
    this.#shift = shift;
    const entries = Math.max(1, Math.round(maximum / 2 ** shift));
    this.#lru = new MiniatureLru(entries);
    this.#tinyLfu = new MiniatureTinyLfu(entries);
  }

  /**
   * Requests for `hash` are in the sample when `hash & sampleMask` is zero (its top `shift`
   * bits). A mask, not a method, so the caller's hot path tests it without a call.
   */
  get sampleMask(): number {
    return this.#shift === 0 ? 0 : (-1 << (32 - this.#shift)) | 0;
  }

  /**
   * Replays one sampled request that the real cache hit or missed. At the end of a period,
   * says which simulation, if either, scored more hits than the real cache; when both did,
   * the one further ahead.
   */
  record(hash: number, actualHit: boolean): Verdict {
    if (actualHit) this.#actualHits++;
    if (this.#lru.access(hash)) this.#lruHits++;
    if (this.#tinyLfu.access(hash)) this.#tinyLfuHits++;
    const lruLead = this.#lruHits - this.#actualHits;
    const tinyLfuLead = this.#tinyLfuHits - this.#actualHits;
    if (lruLead < LRU_LEAD && tinyLfuLead < TINY_LFU_LEAD && ++this.#requests < PERIOD) return 'pending';
    this.#lruHits = this.#tinyLfuHits = this.#actualHits = this.#requests = 0;
    if (lruLead >= LRU_LEAD && lruLead >= tinyLfuLead) return 'lru-ahead';
    return tinyLfuLead >= TINY_LFU_LEAD ? 'lfu-ahead' : 'even';
  }

  clear(): void {
    this.#lru.clear();
    this.#tinyLfu.clear();
    this.#lruHits = this.#tinyLfuHits = this.#actualHits = this.#requests = 0;
  }
}
