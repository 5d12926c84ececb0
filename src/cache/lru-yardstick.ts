import { MiniatureLru } from './miniature-lru.js';

/** The smallest miniature worth simulating; smaller caches are simulated in full. */
const MINIATURE_ENTRIES = 64;
/** Sampled requests per verdict. */
const PERIOD = 512;
/** LRU's lead in hits on the sample that settles a period early. */
const LEAD = 4;

/** What a period's end says; most requests end no period. */
export type Verdict = 'pending' | 'lru-ahead' | 'not-ahead';

/**
 * Measures the real cache against LRU on the same requests, all the time. A miniature LRU
 * (Waldspurger et al., "Cache Modeling and Optimization using Miniature Simulations", USENIX
 * ATC 2017: hash-sampled requests through an LRU scaled down by the same rate, which estimates
 * LRU's hit rate closely) replays a 1-in-2^k sample of keys, and the real cache's own hits on
 * that sample are counted beside it. After each period the verdict says whether LRU was ahead.
 *
 * W-TinyLFU's hill climber compares a sample's hit rate with the previous sample's, so it cannot
 * tell a change of workload from the effect of its own move; this yardstick can, because both
 * sides see the same requests.
 */
export class LruYardstick {
  readonly #shift: number;
  readonly #lru: MiniatureLru;
  #lruHits = 0;
  #actualHits = 0;
  #requests = 0;

  /** @param maximum the real cache's bound, in entries */
  constructor(maximum: number) {
    let shift = 0;
    while (shift < 24 && maximum / 2 ** (shift + 1) >= MINIATURE_ENTRIES) shift++;
    this.#shift = shift;
    const entries = Math.max(1, Math.round(maximum / 2 ** shift));
    this.#lru = new MiniatureLru(entries);
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
   * says whether LRU scored more hits than the real cache.
   */
  record(hash: number, actualHit: boolean): Verdict {
    if (actualHit) this.#actualHits++;
    if (this.#lru.access(hash)) this.#lruHits++;
    const lead = this.#lruHits - this.#actualHits;
    if (lead < LEAD && ++this.#requests < PERIOD) return 'pending';
    this.#lruHits = this.#actualHits = this.#requests = 0;
    return lead >= LEAD ? 'lru-ahead' : 'not-ahead';
  }

  clear(): void {
    this.#lru.clear();
    this.#lruHits = this.#actualHits = this.#requests = 0;
  }
}
