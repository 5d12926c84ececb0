import { FrequencySketch } from './frequency-sketch.js';
import { HillClimber } from './hill-climber.js';
import { PolicyYardstick, type Verdict } from './policy-yardstick.js';

/** The admission and eviction policies on offer. */
export type PolicyName = 'lru' | 'tinylfu';

/** A point-in-time view of the policy's regions, for diagnostics. */
export interface PolicySnapshot {
  readonly policy: PolicyName;
  /** The bound the regions are sized in (entries, or weight when a weigher is set). */
  readonly maximum: number;
  readonly windowMaximum: number;
  readonly protectedMaximum: number;
  readonly windowWeight: number;
  readonly probationWeight: number;
  readonly protectedWeight: number;
}

export interface EvictionPolicyOptions {
  readonly policy: PolicyName;
  /** Initial slot capacity (grown with grow()). */
  readonly capacity: number;
  /** The bound to size regions by: entries, or weight when `weighted`. May be Infinity. */
  readonly maximum: number;
  /** How many entries the cache may hold, to size the frequency sketch and the yardstick. */
  readonly expectedEntries: number;
  /** Whether entries have their own weights; otherwise each weighs 1. */
  readonly weighted: boolean;
}

/**
 * No slot. Module-private on purpose: V8 reads an exported binding through a cell with a
 * temporal-dead-zone check on every use, but folds a private const into the code.
 */
const NONE = -1;
/** No slot, for callers of nextVictim(). */
export const NO_SLOT = NONE;
const WINDOW = 0;
const PROBATION = 1;
const PROTECTED = 2;
// A slot's record in #links.
const LINK_FIELDS = 4;
const NEXT = 0;
const PREV = 1;
const HASH = 2;
const QUEUE = 3;
// Indexes into #sizes.
const MAXIMUM = 0;
const WINDOW_MAXIMUM = 1;
const PROTECTED_MAXIMUM = 2;
const PENDING_ADJUSTMENT = 3;

/** Share of the main space given to the protected segment (Caffeine's default). */
const PROTECTED_SHARE = 0.8;
/** Share of the whole cache given to the admission window when frequency is first found ahead. */
const FREQUENCY_WINDOW_SHARE = 0.01;
/** At most this many entries move between regions per adjustment, to bound one call's work. */
const TRANSFER_LIMIT = 1000;
/** Frequency from which a losing candidate may still be admitted at random (see #decide). */
const HASH_FLOOD_FREQUENCY = 6;
/** The sketch's counters are 4 bits: resident frequencies saturate where they do. */
const MAX_FREQUENCY = 15;
/** The window moves by this share of the cache when one end of its range is found ahead. */
const STEP_SHARE = 0.0625;

/**
 * The order of a cache's slots and the choice of victims: adaptive W-TinyLFU (Einziger,
 * Friedman & Manes; Caffeine's policy), or plain LRU.
 *
 * W-TinyLFU: new entries enter a small LRU window; entries pushed out of the window become
 * candidates for the main space (segmented LRU: probation and protected) and are admitted only
 * if the frequency sketch says they are seen more often than the victim they would replace.
 * The window's size adapts: a yardstick (miniature LRU and W-TinyLFU simulations on sampled
 * keys) compares the cache with both ends of the window's range on the same requests and moves
 * the window towards whichever end is ahead, and a hill climber (Caffeine's) tunes it between.
 *
 * Unlike Caffeine, the policy starts as LRU (the window is the whole cache) and stays so until
 * the yardstick first finds frequency ahead; only then does the window drop to Caffeine's 1%.
 * Before there is evidence, recency is the safe choice: a workload that loops over about the
 * cache's size (sprite, at 500 and 1,000 entries) is served by LRU from its first pass, while a
 * small window rejects that first pass, and the loss shows on the second whatever the policy
 * learns in between.
 *
 * LRU is the same structure with the window as large as the cache and no sketch: a window
 * that holds everything is exactly LRU. One class for both keeps every call site in the
 * cache's hot path monomorphic.
 *
 * The queues are doubly linked lists threaded through integer slots in an Int32Array, as in
 * lru-cache, so no operation allocates. Sizes are in the cache's unit: entries, or weight.
 */
export class EvictionPolicy {
  readonly name: PolicyName;
  /**
   * [maximum, window maximum, protected maximum, pending adjustment]. Sizes may be weights with
   * fractions, or Infinity: kept in a typed array so no field ever changes representation
   * (see bounded-cache.ts).
   */
  readonly #sizes = new Float64Array(4);
  readonly #weighted: boolean;
  readonly #lru: boolean;

  /**
   * Each slot's record, LINK_FIELDS int32s side by side: next and previous slot in its queue,
   * its key's hash, its queue. A hit reads its queue and hash and relinks it, an insert writes
   * all four: one cache line each, where four arrays cost four (the slot of an old entry is
   * cold; see bounded-cache.ts's #entries).
   */
  #links: Int32Array;
  #weights: Float64Array;
  /**
   * Each resident key's frequency, kept here rather than in the sketch: its sketch estimate when
   * it was inserted, plus one per hit since (to 15), halved whenever the sketch halves. A hit
   * then costs one byte, not a sketch increment, and a duel reads two bytes instead of eight
   * counters. The hits reach the sketch, for the key's history after it leaves, when its slot
   * is next used (see #recordInsert). Measured: R 0.80 → 0.85 on OLTP, and the hit rates of
   * every trace stay at or above LRU's (docs/BENCHMARKS.md).
   */
  #frequency: Uint8Array;
  /** Each resident key's estimate when it was inserted (halved with #frequency): its hits are the difference. */
  #frequencyAtInsert: Uint8Array;
  /** The sketch's halvings that #frequency has followed. */
  #halvings = 0;
  // Per queue: window, probation, protected.
  readonly #head = new Int32Array(3).fill(NONE);
  readonly #tail = new Int32Array(3).fill(NONE);
  /** Weight of each queue (its length when unweighted). */
  readonly #queueWeight = new Float64Array(3);

  readonly #sketch: FrequencySketch | undefined;
  readonly #climber: HillClimber | undefined;
  readonly #yardstick: PolicyYardstick | undefined;
  /** A hash is in the yardstick's sample when these bits of it are zero (its top bits). */
  readonly #sampleMask: number;
  /**
   * Consecutive verdicts the same way, signed (positive: LRU ahead; negative: W-TinyLFU with a
   * 1% window ahead): each doubles the next step, up to 16x.
   */
  #streak = 0;
  /** True until the yardstick first finds frequency ahead: until then the policy is LRU. */
  #recencyFirst = true;
  /** Set when the window drops to 1%: once it has, the main space is split as Caffeine's. */
  #splitPending = false;
  /** Whether the cache has filled up: the climber ignores the warm-up, when every miss fits. */
  #warm = false;
  /** xorshift state for the hash-flood guard; deterministic so runs are reproducible. */
  readonly #random = Int32Array.of(0x2545f491);

  // Eviction round state: Caffeine's evictFromMain loop, spread over nextVictim() calls.
  #inRound = false;
  /** Entries moved from the window to probation and not yet judged against a victim. */
  #candidates = 0;
  #candidate = NONE;
  #candidateQueue = PROBATION;
  #victim = NONE;
  #victimQueue = PROBATION;

  constructor(options: EvictionPolicyOptions) {
    const { capacity, maximum, expectedEntries, weighted } = options;
    // Without a finite bound nothing is ever evicted for size: frequency tracking is waste.
    this.#lru = options.policy === 'lru' || !Number.isFinite(maximum);
    this.name = this.#lru ? 'lru' : 'tinylfu';
    this.#sizes[MAXIMUM] = maximum;
    this.#weighted = weighted;
    this.#links = newLinks(capacity);
    this.#weights = new Float64Array(weighted ? capacity : 0);
    this.#frequency = new Uint8Array(this.#lru ? 0 : capacity);
    this.#frequencyAtInsert = new Uint8Array(this.#lru ? 0 : capacity);
    if (!this.#lru) {
      this.#sketch = new FrequencySketch(expectedEntries);
      this.#climber = new HillClimber(maximum, this.#sketch.sampleSize);
      this.#yardstick = new PolicyYardstick(expectedEntries);
    }
    this.#sampleMask = this.#yardstick?.sampleMask ?? 0;
    this.#resetRegions();
  }

  /** Whether add() needs the key's hash (LRU does not). */
  get needsHash(): boolean {
    return !this.#lru;
  }

  /** The hash add() was given for the key in `slot` (only while needsHash). */
  hashOf(slot: number): number {
    return this.#links[LINK_FIELDS * slot + HASH]!;
  }

  grow(capacity: number): void {
    const links = newLinks(capacity);
    links.set(this.#links);
    this.#links = links;
    if (this.#weighted) {
      const weights = new Float64Array(capacity);
      weights.set(this.#weights);
      this.#weights = weights;
    }
    if (!this.#lru) {
      this.#frequency = growUint8(this.#frequency, capacity);
      this.#frequencyAtInsert = growUint8(this.#frequencyAtInsert, capacity);
    }
  }

  /** The weight the policy holds for `slot`. */
  weightOf(slot: number): number {
    return this.#weighted ? this.#weights[slot]! : 1;
  }

  /**
   * A new entry was stored in `slot`, weighing `weight` (1 when unweighted). Returns a slot
   * already chosen and unlinked as the victim, or NONE; then call nextVictim() while the cache
   * is still over its bounds, and settle(). The usual miss of a full, unweighted cache (one
   * entry leaves the window and duels probation's oldest) is decided here in one step, and the
   * window link is written out by hand: this runs on every miss, and every call it saves is a
   * measured share of it.
   */
  add(slot: number, hash: number, weight: number): number {
    if (this.#weighted) this.#weights[slot] = weight;
    const links = this.#links;
    const tail = this.#tail[WINDOW]!;
    links[LINK_FIELDS * slot + PREV] = tail;
    links[LINK_FIELDS * slot + NEXT] = NONE;
    if (tail === NONE) this.#head[WINDOW] = slot;
    else links[LINK_FIELDS * tail + NEXT] = slot;
    this.#tail[WINDOW] = slot;
    links[LINK_FIELDS * slot + QUEUE] = WINDOW;
    const queueWeight = this.#queueWeight;
    queueWeight[WINDOW]! += weight;
    if (this.#lru) return NONE;
    this.#recordInsert(slot, hash);
    if (this.#warm) this.#climber!.recordMiss();
    if ((hash & this.#sampleMask) === 0) this.#judge(this.#yardstick!.record(hash, false));
    const windowExcess = queueWeight[WINDOW]! - this.#sizes[WINDOW_MAXIMUM]!;
    if (windowExcess <= 0) return NONE;
    const candidate = this.#head[WINDOW]!;
    const victim = this.#head[PROBATION]!;
    const full = queueWeight[WINDOW]! + queueWeight[PROBATION]! + queueWeight[PROTECTED]! > this.#sizes[MAXIMUM]!;
    if (this.#weighted || windowExcess > 1 || !full) {
      this.#moveWindowOverflowToProbation();
      return NONE;
    }
    this.#warm = true;
    if (victim === NONE) {
      // The window is the whole cache (LRU, as at the start): its oldest entry goes.
      if (queueWeight[PROTECTED] === 0) {
        this.#unlink(candidate);
        return candidate;
      }
      this.#moveWindowOverflowToProbation();
      return NONE;
    }
    if (this.#admits(candidate, victim)) {
      this.#transfer(candidate, PROBATION);
      this.#unlink(victim);
      return victim;
    }
    this.#unlink(candidate);
    return candidate;
  }

  /** The entry in `slot` was read. */
  access(slot: number): void {
    if (this.#lru) {
      this.#moveToBack(slot);
      return;
    }
    const hash = this.#links[LINK_FIELDS * slot + HASH]!;
    if (this.#frequency[slot]! < MAX_FREQUENCY) this.#frequency[slot]!++;
    if (this.#warm) this.#climber!.recordHit();
    if ((hash & this.#sampleMask) === 0) this.#judge(this.#yardstick!.record(hash, true));
    if (this.#links[LINK_FIELDS * slot + QUEUE] === PROBATION) this.#promote(slot);
    else this.#moveToBack(slot);
  }

  /** The entry in `slot` was replaced and now weighs `weight`. Then as after add(). */
  update(slot: number, weight: number): void {
    if (this.#weighted) {
      this.#queueWeight[this.#links[LINK_FIELDS * slot + QUEUE]!]! += weight - this.#weights[slot]!;
      this.#weights[slot] = weight;
    }
    if (this.#lru) {
      this.#moveToBack(slot);
      return;
    }
    if (this.#frequency[slot]! < MAX_FREQUENCY) this.#frequency[slot]!++;
    if (this.#links[LINK_FIELDS * slot + QUEUE] === PROBATION) this.#promote(slot);
    else this.#moveToBack(slot);
    this.#moveWindowOverflowToProbation();
    this.#demoteProtectedOverflow();
  }

  /** The entry in `slot` is gone for a reason other than nextVictim() (which unlinks itself). */
  remove(slot: number): void {
    if (this.#inRound) {
      // Keep the round's pointers off the slot that is leaving.
      if (slot === this.#victim) this.#victim = this.#links[LINK_FIELDS * slot + NEXT]!;
      if (slot === this.#candidate) this.#candidate = this.#links[LINK_FIELDS * slot + PREV]!;
    }
    this.#unlink(slot);
  }

  /**
   * The next slot to evict for size, already unlinked, or NONE if nothing is left. Call it
   * while the cache is over its bounds after add() or update(), then call settle().
   */
  nextVictim(): number {
    if (this.#lru) {
      const slot = this.#head[WINDOW]!;
      if (slot !== NONE) this.#unlink(slot);
      return slot;
    }
    this.#warm = true;
    if (!this.#inRound) {
      this.#inRound = true;
      this.#victimQueue = this.#candidateQueue = PROBATION;
      this.#victim = this.#head[PROBATION]!;
      this.#candidate = this.#tail[PROBATION]!;
    }
    // The usual step, a candidate against probation's oldest, without the general loop.
    const candidate = this.#candidate;
    const victim = this.#victim;
    if (this.#candidates > 0 && candidate !== NONE && victim !== NONE) return this.#decide(candidate, victim);
    return this.#selectVictim();
  }

  /** Ends an eviction round: remaining candidates are admitted, and the window may adapt. */
  settle(): void {
    this.#inRound = false;
    this.#candidates = 0;
    // Most writes have nothing to adapt: keep the resizing code off the hot path.
    if (!this.#lru && (this.#sizes[PENDING_ADJUSTMENT] !== 0 || this.#climber!.due)) this.#climb();
  }

  clear(): void {
    this.#links = newLinks(this.#links.length / LINK_FIELDS);
    this.#head.fill(NONE);
    this.#tail.fill(NONE);
    this.#queueWeight.fill(0);
    this.#sketch?.reset();
    this.#frequency.fill(0);
    this.#frequencyAtInsert.fill(0);
    this.#halvings = this.#sketch?.halvings ?? 0;
    this.#climber?.reset();
    this.#yardstick?.clear();
    this.#streak = 0;
    this.#recencyFirst = true;
    this.#splitPending = false;
    this.#inRound = false;
    this.#candidates = 0;
    this.#sizes[PENDING_ADJUSTMENT] = 0;
    this.#warm = false;
    this.#resetRegions();
  }

  snapshot(): PolicySnapshot {
    return {
      policy: this.name,
      maximum: this.#sizes[MAXIMUM]!,
      windowMaximum: this.#sizes[WINDOW_MAXIMUM]!,
      protectedMaximum: this.#sizes[PROTECTED_MAXIMUM]!,
      windowWeight: this.#queueWeight[WINDOW]!,
      probationWeight: this.#queueWeight[PROBATION]!,
      protectedWeight: this.#queueWeight[PROTECTED]!,
    };
  }

  /**
   * Caffeine's evictFromMain, one victim per call: candidates (newest first) duel the
   * probation's least recently used entries; the less frequent of each pair goes.
   */
  #selectVictim(): number {
    const links = this.#links;
    while (true) {
      let candidate = this.#candidate;
      const victim = this.#victim;
      // With no candidates left, the window's LRU entry competes instead.
      if (this.#candidates === 0 && this.#candidateQueue === PROBATION) {
        candidate = this.#candidate = this.#head[WINDOW]!;
        this.#candidateQueue = WINDOW;
      }
      // Nothing left to duel: take victims from protected, then from the window.
      if (candidate === NONE && victim === NONE) {
        if (this.#victimQueue === PROBATION) {
          this.#victim = this.#head[PROTECTED]!;
          this.#victimQueue = PROTECTED;
          continue;
        }
        if (this.#victimQueue === PROTECTED) {
          this.#victim = this.#head[WINDOW]!;
          this.#victimQueue = WINDOW;
          continue;
        }
        return NONE;
      }
      if (victim === NONE) {
        this.#candidate = links[LINK_FIELDS * candidate + PREV]!;
        this.#candidates--;
        this.#unlink(candidate);
        return candidate;
      }
      if (candidate === NONE) {
        this.#victim = links[LINK_FIELDS * victim + NEXT]!;
        this.#unlink(victim);
        return victim;
      }
      return this.#decide(candidate, victim);
    }
  }

  /**
   * One step between a present candidate and a present victim: the pair's loser is unlinked
   * and returned, and the round's pointers move on.
   */
  #decide(candidate: number, victim: number): number {
    this.#candidates--;
    if (candidate === victim) {
      this.#victim = this.#links[LINK_FIELDS * victim + NEXT]!;
      this.#candidate = NONE;
      this.#unlink(victim);
      return victim;
    }
    if (this.#admits(candidate, victim)) {
      // The candidate stays; the next one is its predecessor once the victim is unlinked.
      this.#victim = this.#links[LINK_FIELDS * victim + NEXT]!;
      this.#unlink(victim);
      this.#candidate = this.#links[LINK_FIELDS * candidate + PREV]!;
      return victim;
    }
    this.#candidate = this.#links[LINK_FIELDS * candidate + PREV]!;
    this.#unlink(candidate);
    return candidate;
  }

  /**
   * Whether the candidate wins its duel against the victim: it must fit at all, and be seen
   * more often; a popular loser may still win at random, so that a hash flood cannot pin victims.
   */
  #admits(candidate: number, victim: number): boolean {
    if (this.weightOf(candidate) > this.#sizes[MAXIMUM]!) return false;
    const candidateFrequency = this.#frequency[candidate]!;
    return candidateFrequency > this.#frequency[victim]!
      || (candidateFrequency >= HASH_FLOOD_FREQUENCY && (this.#nextRandom() & 127) === 0);
  }

  /**
   * A key is inserted in `slot`: the slot's previous key's hits go to the sketch first (its
   * history, should it come back), then the new key is counted and its estimate kept.
   */
  #recordInsert(slot: number, hash: number): void {
    const sketch = this.#sketch!;
    const previousHash = this.#links[LINK_FIELDS * slot + HASH]!;
    const hits = this.#frequency[slot]! - this.#frequencyAtInsert[slot]!;
    if (hits > 0) sketch.incrementBy(previousHash, hits);
    this.#links[LINK_FIELDS * slot + HASH] = hash;
    const estimate = sketch.increment(hash);
    if (sketch.halvings !== this.#halvings) this.#followHalvings(sketch.halvings);
    this.#frequency[slot] = estimate;
    this.#frequencyAtInsert[slot] = estimate;
  }

  /** The sketch has aged: so do the resident keys' frequencies, by the same halvings. */
  #followHalvings(halvings: number): void {
    const shift = Math.min(halvings - this.#halvings, 4);
    this.#halvings = halvings;
    const frequency = this.#frequency;
    const atInsert = this.#frequencyAtInsert;
    for (let i = 0; i < frequency.length; i++) {
      frequency[i] = frequency[i]! >>> shift;
      atInsert[i] = atInsert[i]! >>> shift;
    }
  }

  #nextRandom(): number {
    let x = this.#random[0]!;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#random[0] = x;
    return x;
  }

  // ---- queues ----

  #pushBack(q: number, slot: number): void {
    const tail = this.#tail[q]!;
    this.#links[LINK_FIELDS * slot + PREV] = tail;
    this.#links[LINK_FIELDS * slot + NEXT] = NONE;
    if (tail === NONE) this.#head[q] = slot;
    else this.#links[LINK_FIELDS * tail + NEXT] = slot;
    this.#tail[q] = slot;
    this.#links[LINK_FIELDS * slot + QUEUE] = q;
    this.#queueWeight[q]! += this.#weighted ? this.#weights[slot]! : 1;
  }

  #unlink(slot: number): void {
    const q = this.#links[LINK_FIELDS * slot + QUEUE]!;
    const next = this.#links[LINK_FIELDS * slot + NEXT]!;
    const prev = this.#links[LINK_FIELDS * slot + PREV]!;
    if (prev === NONE) this.#head[q] = next;
    else this.#links[LINK_FIELDS * prev + NEXT] = next;
    if (next === NONE) this.#tail[q] = prev;
    else this.#links[LINK_FIELDS * next + PREV] = prev;
    this.#queueWeight[q]! -= this.#weighted ? this.#weights[slot]! : 1;
  }

  #moveToBack(slot: number): void {
    const q = this.#links[LINK_FIELDS * slot + QUEUE]!;
    const tail = this.#tail[q]!;
    if (tail === slot) return;
    const next = this.#links[LINK_FIELDS * slot + NEXT]!;
    const prev = this.#links[LINK_FIELDS * slot + PREV]!;
    if (prev === NONE) this.#head[q] = next;
    else this.#links[LINK_FIELDS * prev + NEXT] = next;
    this.#links[LINK_FIELDS * next + PREV] = prev; // next exists: slot is not the tail
    this.#links[LINK_FIELDS * tail + NEXT] = slot;
    this.#links[LINK_FIELDS * slot + PREV] = tail;
    this.#links[LINK_FIELDS * slot + NEXT] = NONE;
    this.#tail[q] = slot;
  }

  #transfer(slot: number, to: number): void {
    this.#unlink(slot);
    this.#pushBack(to, slot);
  }

  // ---- regions ----

  /** A second access in probation earns a place in protected. */
  #promote(slot: number): void {
    if (this.weightOf(slot) > this.#sizes[PROTECTED_MAXIMUM]!) {
      this.#moveToBack(slot);
      return;
    }
    this.#transfer(slot, PROTECTED);
    this.#demoteProtectedOverflow();
  }

  #moveWindowOverflowToProbation(): void {
    while (this.#queueWeight[WINDOW]! > this.#sizes[WINDOW_MAXIMUM]!) {
      const slot = this.#head[WINDOW]!;
      if (slot === NONE) break;
      this.#transfer(slot, PROBATION);
      this.#candidates++;
    }
  }

  #demoteProtectedOverflow(): void {
    for (let i = 0; i < TRANSFER_LIMIT && this.#queueWeight[PROTECTED]! > this.#sizes[PROTECTED_MAXIMUM]!; i++) {
      const slot = this.#head[PROTECTED]!;
      if (slot === NONE) break;
      this.#transfer(slot, PROBATION);
    }
  }

  /** The start, for both policies: all window, which is LRU (see the class comment). */
  #resetRegions(): void {
    this.#sizes[WINDOW_MAXIMUM] = this.#sizes[MAXIMUM]!;
    this.#sizes[PROTECTED_MAXIMUM] = 0;
  }

  #judge(verdict: Verdict): void {
    if (this.#recencyFirst) {
      if (verdict === 'lfu-ahead') this.#turnToFrequency();
    } else if (verdict === 'lru-ahead') {
      this.#steer(1);
    } else if (verdict === 'lfu-ahead') {
      this.#steer(-1);
    } else if (verdict === 'even') {
      this.#streak = 0;
    }
  }

  /**
   * The first evidence that frequency pays: Caffeine's split from here on (a 1% window, 80% of
   * the main space protected), and the hill climber starts afresh from it. The entries move out
   * of the window in settle(), as every resize does, a bounded number per call.
   */
  #turnToFrequency(): void {
    this.#recencyFirst = false;
    this.#splitPending = true;
    const maximum = this.#sizes[MAXIMUM]!;
    const window = maximum - Math.floor((1 - FREQUENCY_WINDOW_SHARE) * maximum);
    this.#sizes[PENDING_ADJUSTMENT]! -= this.#sizes[WINDOW_MAXIMUM]! - window;
    this.#climber!.reset();
  }

  /**
   * One end of the window's range is doing better than the cache: move the window towards it
   * (grow it towards LRU, shrink it towards a 1% window) by a full step, doubling while the
   * streak in that direction lasts, and point the hill climber the same way.
   */
  #steer(direction: 1 | -1): void {
    if (Math.sign(this.#streak) !== direction) this.#streak = 0;
    const step = Math.round(STEP_SHARE * this.#sizes[MAXIMUM]! * 2 ** Math.min(Math.abs(this.#streak), 4));
    this.#sizes[PENDING_ADJUSTMENT]! += direction * step;
    this.#streak += direction;
    this.#climber!.steer(direction);
  }

  /** Applies the yardstick's and the hill climber's requests, moving entries between regions. */
  #climb(): void {
    const climbed = this.#climber!.adjustment();
    // While the policy is LRU the climber only measures: its samples are not of a move it made.
    if (!this.#recencyFirst) this.#sizes[PENDING_ADJUSTMENT]! += climbed;
    const amount = this.#sizes[PENDING_ADJUSTMENT]!;
    if (amount > 0) this.#growWindow(amount);
    else if (amount < 0) this.#shrinkWindow(-amount);
    if (this.#splitPending && this.#sizes[PENDING_ADJUSTMENT] === 0) {
      // The window has dropped to 1%, and every place it gave up went to protected: 80% of main.
      this.#splitPending = false;
      this.#sizes[PROTECTED_MAXIMUM] = Math.floor(PROTECTED_SHARE * (this.#sizes[MAXIMUM]! - this.#sizes[WINDOW_MAXIMUM]!));
      this.#demoteProtectedOverflow();
    }
  }

  /**
   * Gives the window up to `requested` more, taken from the protected segment first and then
   * from probation, so that the window can grow to the whole cache (which is exactly LRU).
   */
  #growWindow(requested: number): void {
    const room = this.#sizes[MAXIMUM]! - this.#sizes[WINDOW_MAXIMUM]!;
    if (room <= 0) {
      this.#sizes[PENDING_ADJUSTMENT] = 0;
      return;
    }
    let quota = Math.min(requested, room);
    const fromProtected = Math.min(quota, this.#sizes[PROTECTED_MAXIMUM]!);
    this.#sizes[PROTECTED_MAXIMUM]! -= fromProtected;
    this.#sizes[WINDOW_MAXIMUM]! += quota;
    this.#demoteProtectedOverflow();
    for (let i = 0; i < TRANSFER_LIMIT; i++) {
      let slot = this.#head[PROBATION]!;
      if (slot === NONE || quota < this.weightOf(slot)) slot = this.#head[PROTECTED]!;
      if (slot === NONE) break;
      const weight = this.weightOf(slot);
      if (quota < weight) break;
      quota -= weight;
      this.#transfer(slot, WINDOW);
    }
    // Whatever could not be moved now stays owed to the main space, and is retried later.
    this.#sizes[WINDOW_MAXIMUM]! -= quota;
    this.#sizes[PROTECTED_MAXIMUM]! += Math.min(quota, fromProtected);
    this.#sizes[PENDING_ADJUSTMENT] = quota;
  }

  #shrinkWindow(requested: number): void {
    if (this.#sizes[WINDOW_MAXIMUM]! <= 1) {
      this.#sizes[PENDING_ADJUSTMENT] = 0;
      return;
    }
    let quota = Math.min(requested, Math.max(0, this.#sizes[WINDOW_MAXIMUM]! - 1));
    this.#sizes[PROTECTED_MAXIMUM]! += quota;
    this.#sizes[WINDOW_MAXIMUM]! -= quota;
    for (let i = 0; i < TRANSFER_LIMIT; i++) {
      const slot = this.#head[WINDOW]!;
      if (slot === NONE) break;
      const weight = this.weightOf(slot);
      if (quota < weight) break;
      quota -= weight;
      this.#transfer(slot, PROBATION);
    }
    this.#sizes[PROTECTED_MAXIMUM]! -= quota;
    this.#sizes[WINDOW_MAXIMUM]! += quota;
    this.#sizes[PENDING_ADJUSTMENT] = -quota;
  }
}

/** Records for `slots` slots, unlinked. */
function newLinks(slots: number): Int32Array {
  const links = new Int32Array(LINK_FIELDS * slots);
  for (let at = 0; at < links.length; at += LINK_FIELDS) {
    links[at + NEXT] = NONE;
    links[at + PREV] = NONE;
  }
  return links;
}

function growUint8(array: Uint8Array, capacity: number): Uint8Array {
  const grown = new Uint8Array(capacity);
  grown.set(array);
  return grown;
}
