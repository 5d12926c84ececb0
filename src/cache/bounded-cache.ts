import { type Clock, systemClock } from '../clock/clock.js';
import { CacheOptionError } from './cache-errors.js';
import type { CacheOptions, DisposeCallback, FetchOptions, Loader, SetOptions } from './cache-options.js';
import type { CacheStats, EntryStats } from './cache-stats.js';
import { CoarseClock } from './coarse-clock.js';
import { EvictionPolicy, type PolicyName, type PolicySnapshot } from './eviction-policy.js';
import { hashKey } from './key-hash.js';
import { KeyIndex } from './key-index.js';
import { REMOVAL_CAUSES, type RemovalCause } from './removal-cause.js';
import { SingleFlight } from './single-flight.js';

/** What observers of removals receive. */
export interface RemovalEvent<K, V> {
  readonly key: K;
  /** The removed value; undefined when it was collected (weak values). */
  readonly value: V | undefined;
  readonly cause: RemovalCause;
}

export type RemovalListener<K, V> = (event: RemovalEvent<K, V>) => void;

// Removal causes as indexes into REMOVAL_CAUSES and #removals: internal calls pass numbers,
// so counting a removal is an array increment, not a property lookup by string.
const EXPIRED = 0;
const SIZE = 1;
const COLLECTED = 2;
const EXPLICIT = 3;
const REPLACED = 4;

/**
 * No slot: what the index answers for an absent key, and the policy for no victim (its NO_SLOT).
 * A module constant, not the import: V8 folds it into the code.
 */
const NONE = -1;
/** Slots to start with when the bound is large: arrays double as the cache fills. */
const INITIAL_SLOTS = 1024;
/** A busy cache sweeps for expired entries at most this often, in ms. */
const SWEEP_EVERY = 250;
const NO_DEADLINE = Infinity;
// Each slot's record in #entries: the fields one operation reads and writes together.
const FIELDS = 4;
const DEADLINE = 0;
const WRITTEN_AT = 1;
const LAST_ACCESS = 2;
const ACCESS_COUNT = 3;
// Indexes into #numbers.
const MAX_SIZE = 0;
const MAX_WEIGHT = 1;
const DEFAULT_TTL = 2;
const STALE_WINDOW = 3;
const WEIGHT = 4;
const NEXT_SWEEP = 5;
const LOAD_TIME = 6;
/** The time read by #readClock(), for the hot paths. */
const NOW = 7;
const POLICIES: readonly string[] = ['tinylfu', 'lru'];

/**
 * A bounded in-memory cache: by count and/or weight, with per-entry and default TTL, adaptive
 * W-TinyLFU or LRU eviction, optional weak values, single-flight async loading with
 * stale-while-revalidate and abort, always-on statistics, and removal events with causes.
 *
 * Entries live in integer slots over typed arrays (after lru-cache), so hits allocate nothing.
 * Expiry is lazy on access plus a clock-hand sweep during reads and writes (and on an
 * optional unref'd interval), never a timer per entry.
 */
export class BoundedCache<K, V> implements Disposable {
  readonly name: string;
  /**
   * Numbers that may be fractional or Infinity in one cache and small integers in another
   * (bounds, TTLs, times, weights), kept in one typed array. A class field that holds a small
   * integer in one instance and a double in another makes V8 widen the field and change the
   * object's hidden class, which throws away optimised code; after a full GC it happens again
   * for every new instance. Typed array elements never change representation.
   */
  readonly #numbers = new Float64Array(8);
  readonly #weigher: ((value: V, key: K) => number) | undefined;
  readonly #weak: boolean;
  readonly #clock: Clock;
  /** The clock when it is the coarse system clock: hot paths read its reading directly. */
  readonly #coarse: CoarseClock | undefined;
  readonly #loader: Loader<K, V> | undefined;
  readonly #dispose: DisposeCallback<K, V> | undefined;
  readonly #onCallbackError: (error: unknown) => void;
  readonly #policy: EvictionPolicy;
  readonly #maxSlots: number;

  // Entry storage, indexed by slot.
  readonly #index: KeyIndex<K>;
  readonly #keys: (K | undefined)[] = [];
  readonly #values: unknown[] = [];
  /**
   * Each slot's record, FIELDS doubles side by side: its hard deadline (past it the entry is of
   * no use, stale window included; Infinity for no expiry and for free slots), when it was
   * written, when it was last read, and how often. A hit reads the deadline and writes the other
   * two, and an insert writes all four, into a slot whose last use was long ago: one cache line
   * each, where four arrays cost four (measured with perf: the stores to a new entry's separate
   * arrays were the slowest instructions of an insert).
   */
  #entries: Float64Array;
  #freeSlots: Int32Array;
  #freeCount = 0;
  #slotsInUse = 0;
  #capacity: number;
  /** Whether any entry ever had a deadline: a cache without TTLs never sweeps. */
  #expires = false;
  /** Where the next sweep resumes scanning slots. */
  #sweepHand = 0;
  #sweepTimer: NodeJS.Timeout | undefined;
  /**
   * The key of the last get() that found nothing, while no set() has run since: the usual
   * get-miss-then-set sequence then skips set()'s own index lookup. Only set() inserts, and
   * every set() clears it, so while it is valid the key is certainly absent. Primitive keys
   * only.
   */
  #lastMiss: K | undefined;
  #lastMissValid = false;

  // Statistics.
  #hits = 0;
  #misses = 0;
  #loadSuccesses = 0;
  #loadFailures = 0;
  #loadCancellations = 0;
  readonly #removals = new Float64Array(REMOVAL_CAUSES.length);

  // Removal notifications, queued during an operation and delivered at its end.
  readonly #listeners = new Set<RemovalListener<K, V>>();
  readonly #pending: RemovalEvent<K, V>[] = [];
  #delivering = false;
  /** Whether removals are observed (a dispose callback or a listener): else none is queued. */
  #notifying: boolean;

  readonly #flights = new SingleFlight<K, V>();
  readonly #registry: FinalizationRegistry<{ key: K; ref: WeakRef<object> }> | undefined;

  constructor(options: CacheOptions<K, V>) {
    this.name = options.name ?? 'cache';
    const maxSize = options.maxSize ?? Infinity;
    const maxWeight = options.maxWeight ?? Infinity;
    this.#check(options.maxSize === undefined || isBound(maxSize), 'maxSize', 'a positive integer or Infinity', options.maxSize);
    this.#check(options.maxWeight === undefined || (maxWeight > 0 && !Number.isNaN(maxWeight)), 'maxWeight', 'a positive number or Infinity', options.maxWeight);
    const ttl = options.ttl ?? 0;
    this.#check(isDuration(ttl), 'ttl', 'a duration in ms >= 0', options.ttl);
    const staleWindow = options.staleWhileRevalidate ?? 0;
    this.#check(isDuration(staleWindow) && staleWindow !== Infinity, 'staleWhileRevalidate', 'a finite duration in ms >= 0', staleWindow);
    this.#check(staleWindow === 0 || ttl > 0, 'staleWhileRevalidate', 'used together with a ttl', staleWindow);
    this.#check(maxSize !== Infinity || maxWeight !== Infinity || ttl > 0, 'maxSize',
      'set (or maxWeight, or a ttl with maxSize: Infinity): an unbounded cache is not allowed', options.maxSize);
    this.#check(maxWeight === Infinity || options.weigher !== undefined, 'weigher', 'given when maxWeight is set', options.weigher);
    const resolution = options.ttlResolution ?? 1;
    this.#check(isDuration(resolution) && resolution !== Infinity, 'ttlResolution', 'a finite duration in ms >= 0', resolution);
    const sweepInterval = options.sweepInterval ?? 0;
    this.#check(isDuration(sweepInterval) && sweepInterval !== Infinity, 'sweepInterval', 'a finite duration in ms >= 0', sweepInterval);

    this.#numbers[MAX_SIZE] = maxSize;
    this.#numbers[MAX_WEIGHT] = maxWeight;
    this.#numbers[DEFAULT_TTL] = ttl;
    this.#numbers[STALE_WINDOW] = staleWindow;
    this.#weigher = options.weigher;
    this.#weak = options.weakValues ?? false;
    const clock = options.clock ?? systemClock;
    this.#coarse = clock === systemClock && resolution > 0 ? new CoarseClock(systemClock, resolution) : undefined;
    this.#clock = this.#coarse ?? clock;
    this.#loader = options.loader;
    this.#dispose = options.dispose;
    this.#notifying = options.dispose !== undefined;
    this.#onCallbackError = options.onCallbackError ?? warnCallbackError;

    const expectedEntries = options.expectedEntries ?? (Number.isFinite(maxSize) ? maxSize : 65_536);
    this.#index = new KeyIndex<K>(Math.min(expectedEntries, INITIAL_SLOTS * 64));
    // 2^30 - 1: the largest small integer, so the field keeps one representation.
    this.#maxSlots = Math.min(maxSize, 2 ** 30 - 1);
    this.#capacity = Math.min(this.#maxSlots, INITIAL_SLOTS);
    this.#entries = newEntries(this.#capacity);
    this.#freeSlots = new Int32Array(this.#capacity);

    const regionBound = Number.isFinite(maxWeight) ? maxWeight : maxSize;
    const policy: PolicyName = options.policy ?? 'tinylfu';
    this.#check(POLICIES.includes(policy), 'policy', '"tinylfu" or "lru"', policy);
    this.#policy = new EvictionPolicy({
      policy,
      capacity: this.#capacity,
      maximum: regionBound,
      expectedEntries,
      weighted: options.weigher !== undefined,
    });

    if (this.#weak) {
      this.#registry = new FinalizationRegistry(({ key, ref }) => {
        this.#onCollected(key, ref);
      });
    }
    if (sweepInterval > 0) this.#startSweepTimer(sweepInterval);
  }

  /** The count bound (Infinity when only weight bounds the cache). */
  get maxSize(): number {
    return this.#numbers[MAX_SIZE]!;
  }

  /** The weight bound (Infinity when only the count bounds the cache). */
  get maxWeight(): number {
    return this.#numbers[MAX_WEIGHT]!;
  }

  /** Number of entries held (expired ones not yet swept included). */
  get size(): number {
    return this.#index.size;
  }

  /** Total weight held (entries count 1 each without a weigher). */
  get weight(): number {
    return this.#numbers[WEIGHT]!;
  }

  /** The value of `key`, or undefined if absent, expired or collected. Counts as an access. */
  get(key: K): V | undefined {
    const slot = this.#index.get(key);
    if (slot === NONE) {
      this.#misses++;
      // Object keys are not remembered: the cache must not keep a key alive that it does not hold.
      if (typeof key !== 'object' && typeof key !== 'function') {
        this.#lastMiss = key;
        this.#lastMissValid = true;
      }
      return undefined;
    }
    this.#readClock();
    const now = this.#numbers[NOW]!;
    const entries = this.#entries;
    const at = FIELDS * slot;
    const deadline = entries[at + DEADLINE]!;
    if (deadline - this.#numbers[STALE_WINDOW]! <= now) {
      this.#misses++;
      if (deadline <= now) this.#removeAndNotify(slot, EXPIRED);
      return undefined;
    }
    let value = this.#values[slot];
    if (this.#weak) {
      value = (value as WeakRef<object>).deref();
      if (value === undefined) {
        this.#misses++;
        this.#removeAndNotify(slot, COLLECTED);
        return undefined;
      }
    }
    this.#hits++;
    entries[at + ACCESS_COUNT]!++;
    entries[at + LAST_ACCESS] = now;
    this.#policy.access(slot);
    // Last: the sweep may remove entries (never this fresh one) and run callbacks.
    if (now >= this.#numbers[NEXT_SWEEP]!) this.#sweep(now);
    return value as V;
  }

  /** The value of `key` if present and fresh, without counting an access or reordering. */
  peek(key: K): V | undefined {
    const slot = this.#freshSlot(key);
    return slot === undefined ? undefined : this.#valueAt(slot);
  }

  /** Whether `key` holds a fresh value; does not count as an access. */
  has(key: K): boolean {
    const slot = this.#freshSlot(key);
    return slot !== undefined && this.#valueAt(slot) !== undefined;
  }

  /**
   * Stores `value` under `key`. A different value replacing an old one removes the old one
   * with cause "replaced"; an entry heavier than maxWeight is refused (cause "size").
   */
  set(key: K, value: V, options?: SetOptions): this {
    let ttl = this.#numbers[DEFAULT_TTL]!;
    if (options?.ttl !== undefined) {
      ttl = options.ttl;
      if (!isDuration(ttl)) throw new CacheOptionError(this.name, 'ttl', `a duration in ms >= 0 (key ${describeKey(key)})`, ttl);
    }
    const weight = this.#weigher === undefined ? 1 : this.#weigh(key, value);
    if (this.#weak && (typeof value !== 'object' || value === null) && typeof value !== 'function') {
      throw new CacheOptionError(this.name, 'value', `an object in weak-value mode (key ${describeKey(key)})`, value);
    }
    this.#readClock();
    const now = this.#numbers[NOW]!;
    if (this.#flights.size !== 0) this.#flights.detach(key);
    let slot = this.#lastMissValid && key === this.#lastMiss ? NONE : this.#index.get(key);
    this.#lastMissValid = false;
    // An old value past its deadline expired; it is not being replaced.
    if (slot !== NONE && this.#isExpired(slot, now)) {
      this.#removeSlot(slot, EXPIRED);
      slot = NONE;
    }
    if (weight > this.#numbers[MAX_WEIGHT]!) {
      // Too heavy to ever fit: refused, and any older value goes too (it would be stale).
      if (slot !== NONE) this.#removeSlot(slot, REPLACED);
      this.#removals[SIZE]!++;
      this.#queueRemoval(key, value, 'size');
      this.#deliver();
      return this;
    }
    if (slot === NONE) {
      slot = this.#allocateSlot();
      this.#keys[slot] = key;
      this.#values[slot] = this.#store(key, value);
      const at = FIELDS * slot;
      this.#entries[at + WRITTEN_AT] = now;
      this.#entries[at + LAST_ACCESS] = now;
      this.#entries[at + ACCESS_COUNT] = 0;
      this.#index.insert(key, slot);
      this.#numbers[WEIGHT]! += weight;
      if (ttl !== 0 && ttl !== Infinity) this.#setDeadline(slot, ttl, now);
      const victim = this.#policy.add(slot, this.#policy.needsHash ? hashKey(key) : 0, weight);
      if (victim !== NONE) this.#release(victim, SIZE);
    } else {
      const old = this.#valueAt(slot);
      if (old !== value) {
        this.#unregister(slot);
        this.#values[slot] = this.#store(key, value);
        this.#removals[REPLACED]!++;
        this.#queueRemoval(key, old, 'replaced');
      }
      this.#entries[FIELDS * slot + WRITTEN_AT] = now;
      this.#numbers[WEIGHT]! += weight - this.#policy.weightOf(slot);
      this.#setDeadline(slot, ttl, now);
      this.#policy.update(slot, weight);
    }
    this.#evictForSize();
    if (now >= this.#numbers[NEXT_SWEEP]!) this.#sweep(now);
    if (this.#pending.length !== 0) this.#deliver();
    return this;
  }

  /** Removes `key` (cause "explicit"); true if it was present. A load in flight is detached. */
  delete(key: K): boolean {
    this.#flights.detach(key);
    const slot = this.#index.get(key);
    if (slot === NONE) return false;
    if (this.#isExpired(slot, this.#clock.now())) {
      this.#removeAndNotify(slot, EXPIRED);
      return false;
    }
    this.#removeAndNotify(slot, EXPLICIT);
    return true;
  }

  /** Removes every entry (cause "explicit") and forgets access history; statistics remain. */
  clear(): void {
    this.#flights.detachAll();
    for (const [, slot] of this.#index.entries()) this.#removeSlot(slot, EXPLICIT);
    this.#policy.clear();
    this.#deliver();
  }

  /** Removes every expired entry now; returns how many. */
  evictExpired(): number {
    if (!this.#expires) return 0;
    const before = this.#removals[EXPIRED]!;
    const now = this.#clock.now();
    this.#numbers[NEXT_SWEEP] = now + SWEEP_EVERY;
    this.#scan(now, this.#slotsInUse);
    this.#deliver();
    return this.#removals[EXPIRED]! - before;
  }

  /**
   * The value of `key`, loading it on a miss. Concurrent misses on one key share one load;
   * a failed load is not cached; with stale-while-revalidate a stale value is returned at once
   * while one background load refreshes it.
   */
  fetch(key: K, options?: FetchOptions<K, V>): Promise<V> {
    const loader = options?.loader ?? this.#loader;
    if (loader === undefined) {
      return Promise.reject(new CacheOptionError(this.name, 'loader', 'given to the cache or to fetch() to load a missing key', undefined));
    }
    const slot = this.#index.get(key);
    if (slot !== NONE) {
      const now = this.#clock.now();
      const deadline = this.#entries[FIELDS * slot + DEADLINE]!;
      if (deadline - this.#numbers[STALE_WINDOW]! > now) {
        // get() counts the hit, or the miss when a weak value was just collected.
        const value = this.get(key);
        if (value !== undefined) return Promise.resolve(value);
        return this.#load(key, loader, undefined, options?.ttl, options?.signal);
      } else if (deadline > now) {
        const stale = this.#valueAt(slot);
        if (stale !== undefined) {
          this.#hits++;
          this.#entries[FIELDS * slot + ACCESS_COUNT]!++;
          this.#entries[FIELDS * slot + LAST_ACCESS] = now;
          this.#policy.access(slot);
          this.#load(key, loader, stale, options?.ttl, undefined).catch(ignore);
          return Promise.resolve(stale);
        }
      }
    }
    this.#misses++;
    // A value past its hard deadline expired: it goes now, with that cause, not as "replaced".
    if (slot !== NONE && this.#isExpired(slot, this.#clock.now())) this.#removeAndNotify(slot, EXPIRED);
    return this.#load(key, loader, undefined, options?.ttl, options?.signal);
  }

  /** Subscribes to removals; returns the unsubscribe function. */
  onRemoval(listener: RemovalListener<K, V>): () => void {
    this.#listeners.add(listener);
    this.#notifying = true;
    return () => {
      const removed = this.#listeners.delete(listener);
      this.#notifying = this.#dispose !== undefined || this.#listeners.size !== 0;
      return removed;
    };
  }

  /** Usage of one entry, or undefined if absent. Does not count as an access. */
  entryStats(key: K): EntryStats | undefined {
    const slot = this.#index.get(key);
    if (slot === NONE) return undefined;
    const now = this.#clock.now();
    if (this.#isExpired(slot, now)) return undefined;
    const at = FIELDS * slot;
    const deadline = this.#entries[at + DEADLINE]!;
    return {
      age: now - this.#entries[at + WRITTEN_AT]!,
      accessCount: this.#entries[at + ACCESS_COUNT]!,
      lastAccess: this.#entries[at + LAST_ACCESS]!,
      expiresIn: deadline === NO_DEADLINE ? Infinity : Math.max(0, deadline - this.#numbers[STALE_WINDOW]! - now),
    };
  }

  stats(): CacheStats {
    const requests = this.#hits + this.#misses;
    const loads = this.#loadSuccesses + this.#loadFailures + this.#loadCancellations;
    const r = this.#removals;
    return {
      hits: this.#hits,
      misses: this.#misses,
      requests,
      hitRate: requests === 0 ? 1 : this.#hits / requests,
      loadSuccesses: this.#loadSuccesses,
      loadFailures: this.#loadFailures,
      loadCancellations: this.#loadCancellations,
      totalLoadTime: this.#numbers[LOAD_TIME]!,
      averageLoadPenalty: loads === 0 ? 0 : this.#numbers[LOAD_TIME]! / loads,
      removals: { expired: r[0]!, size: r[1]!, collected: r[2]!, explicit: r[3]!, replaced: r[4]! },
      evictions: r[0]! + r[1]! + r[2]!,
      size: this.#index.size,
      weight: this.#numbers[WEIGHT]!,
    };
  }

  /** Zeroes the counters (not the contents), e.g. between runs that report separately. */
  resetStats(): void {
    this.#hits = this.#misses = 0;
    this.#loadSuccesses = this.#loadFailures = this.#loadCancellations = 0;
    this.#numbers[LOAD_TIME] = 0;
    this.#removals.fill(0);
  }

  /** The eviction policy's regions, for diagnostics. */
  policy(): PolicySnapshot {
    return this.#policy.snapshot();
  }

  /** Fresh keys, in no particular order. Does not count as access. */
  *keys(): IterableIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  /** Fresh entries, in no particular order; does not count as access. */
  *entries(): IterableIterator<[K, V]> {
    for (const [key, slot] of this.#index.entries()) {
      if (this.#isFresh(slot, this.#clock.now())) {
        const value = this.#valueAt(slot);
        if (value !== undefined) yield [key, value];
      }
    }
  }

  /** Clears the cache and stops its sweep timer. */
  [Symbol.dispose](): void {
    if (this.#sweepTimer !== undefined) clearInterval(this.#sweepTimer);
    this.#sweepTimer = undefined;
    this.clear();
  }

  // ---- internals ----

  #check(ok: boolean, option: string, expected: string, actual: unknown): void {
    if (!ok) throw new CacheOptionError(this.name, option, expected, actual);
  }

  #weigh(key: K, value: V): number {
    const weight = this.#weigher!(value, key);
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new CacheOptionError(this.name, 'weigher', `a finite weight >= 0 for key ${describeKey(key)}`, weight);
    }
    return weight;
  }

  #store(key: K, value: V): unknown {
    if (!this.#weak) return value;
    const ref = new WeakRef(value as object);
    this.#registry!.register(value as object, { key, ref }, ref);
    return ref;
  }

  #valueAt(slot: number): V | undefined {
    const stored = this.#values[slot];
    return (this.#weak ? (stored as WeakRef<object>).deref() : stored) as V | undefined;
  }

  /** Past its hard deadline (stale window included): of no use, to be removed as "expired". */
  #isExpired(slot: number, now: number): boolean {
    return this.#entries[FIELDS * slot + DEADLINE]! <= now;
  }

  #isFresh(slot: number, now: number): boolean {
    return this.#entries[FIELDS * slot + DEADLINE]! - this.#numbers[STALE_WINDOW]! > now;
  }

  #freshSlot(key: K): number | undefined {
    const slot = this.#index.get(key);
    return slot !== NONE && this.#isFresh(slot, this.#clock.now()) ? slot : undefined;
  }

  /**
   * Reads the clock into #numbers[NOW]. The hot paths read the time this way, not as a return
   * value: a double returned from a call that is not inlined is boxed (a heap allocation per
   * operation, measured: 16 bytes per get and per set), and so is a double merged with one.
   */
  #readClock(): void {
    const coarse = this.#coarse;
    // Two stores, not one of a conditional: the two readings are represented differently, and
    // merging them boxes the double.
    if (coarse !== undefined && coarse.fresh()) this.#numbers[NOW] = coarse.reading[0]!;
    else this.#numbers[NOW] = this.#clock.now();
  }

  #setDeadline(slot: number, ttl: number, now: number): void {
    if (ttl === 0 || ttl === Infinity) {
      this.#entries[FIELDS * slot + DEADLINE] = NO_DEADLINE;
      return;
    }
    this.#expires = true;
    // The hard deadline: past the stale window the entry is of no use at all.
    this.#entries[FIELDS * slot + DEADLINE] = now + ttl + this.#numbers[STALE_WINDOW]!;
  }

  /** Evicts the policy's victims until the cache is within its bounds. */
  #evictForSize(): void {
    const policy = this.#policy;
    while (this.#index.size > this.#numbers[MAX_SIZE]! || this.#numbers[WEIGHT]! > this.#numbers[MAX_WEIGHT]!) {
      const victim = policy.nextVictim();
      if (victim === NONE) break;
      this.#release(victim, SIZE);
    }
    policy.settle();
  }

  /**
   * The cheap sweep: scans the next share of slots (an eighth of the capacity, at least 1,024)
   * from where the last sweep stopped, so every slot is looked at within eight sweeps, and
   * each sweep's work is bounded whatever the cache's size.
   */
  #sweep(now: number): void {
    this.#numbers[NEXT_SWEEP] = now + SWEEP_EVERY;
    if (!this.#expires) return;
    this.#scan(now, Math.max(1024, this.#capacity >>> 3));
    if (this.#pending.length !== 0) this.#deliver();
  }

  /** Removes expired entries among the next `count` slots from the sweep hand. */
  #scan(now: number, count: number): void {
    const inUse = this.#slotsInUse;
    if (inUse === 0) return;
    const entries = this.#entries;
    let hand = this.#sweepHand % inUse;
    for (let i = Math.min(count, inUse); i > 0; i--) {
      if (entries[FIELDS * hand + DEADLINE]! <= now) this.#removeSlot(hand, EXPIRED);
      if (++hand === inUse) hand = 0;
    }
    this.#sweepHand = hand;
  }

  #startSweepTimer(interval: number): void {
    // The timer holds the cache weakly: an abandoned cache is still collected.
    const self = new WeakRef<BoundedCache<K, V>>(this);
    const timer = setInterval(() => {
      const cache = self.deref();
      if (cache === undefined) clearInterval(timer);
      else cache.#sweep(cache.#clock.now());
    }, interval);
    timer.unref();
    this.#sweepTimer = timer;
  }

  #allocateSlot(): number {
    if (this.#freeCount > 0) return this.#freeSlots[--this.#freeCount]!;
    if (this.#slotsInUse === this.#capacity) this.#grow();
    return this.#slotsInUse++;
  }

  #grow(): void {
    // One slot beyond the bound: an insert is stored before the policy evicts.
    const capacity = Math.min(this.#capacity * 2, this.#maxSlots + 1);
    const entries = newEntries(capacity);
    entries.set(this.#entries);
    this.#entries = entries;
    const free = new Int32Array(capacity);
    free.set(this.#freeSlots);
    this.#freeSlots = free;
    this.#policy.grow(capacity);
    this.#capacity = capacity;
  }

  #removeSlot(slot: number, cause: number): void {
    this.#policy.remove(slot);
    this.#release(slot, cause);
  }

  /** Frees a slot the policy no longer holds, and records why it went. */
  #release(slot: number, cause: number): void {
    const key = this.#keys[slot] as K;
    if (this.#notifying) this.#pending.push({ key, value: cause === COLLECTED ? undefined : this.#valueAt(slot), cause: REMOVAL_CAUSES[cause]! });
    if (this.#weak) this.#registry!.unregister(this.#values[slot] as WeakRef<object>);
    this.#index.delete(key, slot, this.#policy.needsHash ? this.#policy.hashOf(slot) : undefined);
    if (this.#weigher !== undefined) this.#numbers[WEIGHT]! -= this.#policy.weightOf(slot);
    else this.#numbers[WEIGHT]!--;
    this.#entries[FIELDS * slot + DEADLINE] = NO_DEADLINE;
    this.#keys[slot] = undefined;
    this.#values[slot] = undefined;
    this.#freeSlots[this.#freeCount++] = slot;
    this.#removals[cause]!++;
  }

  #removeAndNotify(slot: number, cause: number): void {
    this.#removeSlot(slot, cause);
    this.#deliver();
  }

  #unregister(slot: number): void {
    if (this.#weak) this.#registry!.unregister(this.#values[slot] as WeakRef<object>);
  }

  #onCollected(key: K, ref: WeakRef<object>): void {
    const slot = this.#index.get(key);
    if (slot !== NONE && this.#values[slot] === ref) this.#removeAndNotify(slot, COLLECTED);
  }

  #queueRemoval(key: K, value: V | undefined, cause: RemovalCause): void {
    if (this.#notifying) this.#pending.push({ key, value, cause });
  }

  /** Runs callbacks after the cache is consistent; a callback may use the cache again. */
  #deliver(): void {
    if (this.#pending.length === 0 || this.#delivering) return;
    this.#deliverPending();
  }

  #deliverPending(): void {
    this.#delivering = true;
    try {
      for (let i = 0; i < this.#pending.length; i++) {
        const event = this.#pending[i]!;
        if (this.#dispose !== undefined) this.#safely(this.#dispose, event.value, event.key, event.cause);
        for (const listener of this.#listeners) this.#safely(listener, event);
      }
    } finally {
      this.#pending.length = 0;
      this.#delivering = false;
    }
  }

  #safely<A extends unknown[]>(callback: (...args: A) => void, ...args: A): void {
    try {
      callback(...args);
    } catch (error) {
      this.#onCallbackError(error);
    }
  }

  #load(key: K, loader: Loader<K, V>, staleValue: V | undefined, ttl: number | undefined, signal: AbortSignal | undefined): Promise<V> {
    return this.#flights.run(key, async (flightSignal) => {
      const started = performance.now();
      try {
        const value = await loader(key, { signal: flightSignal, staleValue });
        if (flightSignal.aborted) throw flightSignal.reason;
        if (this.#flights.isCurrent(key, flightSignal)) {
          this.#flights.settle(key, flightSignal);
          // set() may refuse the value (a bad weight, a primitive in weak mode): then the load
          // failed, and is counted once, as a failure.
          this.set(key, value, ttl === undefined ? undefined : { ttl });
        }
        this.#loadSuccesses++;
        return value;
      } catch (error) {
        if (flightSignal.aborted) this.#loadCancellations++;
        else this.#loadFailures++;
        throw error;
      } finally {
        this.#numbers[LOAD_TIME]! += performance.now() - started;
        this.#flights.settle(key, flightSignal);
      }
    }, signal);
  }
}

function isBound(n: number): boolean {
  return n === Infinity || (Number.isInteger(n) && n > 0);
}

function isDuration(n: unknown): n is number {
  return typeof n === 'number' && n >= 0;
}

/** Records for `slots` free slots: no deadline, nothing else yet. */
function newEntries(slots: number): Float64Array {
  const entries = new Float64Array(FIELDS * slots);
  for (let at = DEADLINE; at < entries.length; at += FIELDS) entries[at] = NO_DEADLINE;
  return entries;
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean') return String(key);
  return Object.prototype.toString.call(key);
}

function warnCallbackError(error: unknown): void {
  // Node ignores the options when given an Error object, so pass its parts.
  const failure = error instanceof Error ? error : new Error(String(error));
  process.emitWarning(`a cache callback threw: ${failure.message}`, {
    type: failure.name,
    code: 'TENURE_CACHE_CALLBACK',
    ...(failure.stack === undefined ? {} : { detail: failure.stack }),
  });
}

function ignore(): void {
  // A background refresh's failure is counted in loadFailures; nobody awaits it.
}
