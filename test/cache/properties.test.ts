import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedCache, type CacheStats, type RemovalCause } from '../../src/cache/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { DAY, HOUR, sortedEntries } from './helpers.js';

type Removals = Record<RemovalCause, number>;

function noRemovals(): Removals {
  return { expired: 0, size: 0, collected: 0, explicit: 0, replaced: 0 };
}

/** Operations on a cache of number keys; values are numbers too. */
type Op =
  | { readonly kind: 'set'; readonly key: number; readonly value: number; readonly ttl: number | undefined }
  | { readonly kind: 'get' | 'peek' | 'has' | 'delete'; readonly key: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'clear' };

const TTLS = [undefined, undefined, 0, 1, 300, 1000, 1024, 2500, 65_536, HOUR, 3 * DAY];

function opArbitrary(keys: number, values: number, clearWeight = 1): fc.Arbitrary<Op> {
  const key = fc.integer({ min: 0, max: keys - 1 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.integer({ min: 0, max: values - 1 }), ttl: fc.constantFrom(...TTLS) }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('get' as const), key }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('peek' as const, 'has' as const), key }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('advance' as const),
        ms: fc.oneof(fc.integer({ min: 0, max: 1500 }), fc.constantFrom(1024, 65_536, HOUR, DAY, 4 * DAY)),
      }),
    },
    { weight: clearWeight, arbitrary: fc.constant({ kind: 'clear' as const }) },
  );
}

interface ModelEntry {
  readonly value: number;
  readonly deadline: number;
  readonly weight: number;
}

/**
 * The reference: LRU with TTL, as simply as it can be written. A Map keeps recency order
 * (oldest first; a use re-inserts at the end); expired entries are dropped when the clock
 * moves; a write over either bound evicts from the old end.
 */
class ReferenceLru {
  readonly entries = new Map<number, ModelEntry>();
  readonly removals = noRemovals();
  hits = 0;
  misses = 0;
  now: number;

  constructor(
    readonly maxSize: number,
    readonly maxWeight: number,
    readonly defaultTtl: number,
    readonly weigh: (value: number) => number,
    start: number,
  ) {
    this.now = start;
  }

  get weight(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.weight;
    return total;
  }

  set(key: number, value: number, ttl: number | undefined): void {
    const effective = ttl ?? this.defaultTtl;
    const deadline = effective === 0 ? Infinity : this.now + effective;
    const weight = this.weigh(value);
    const old = this.entries.get(key);
    if (weight > this.maxWeight) {
      if (old !== undefined) {
        this.entries.delete(key);
        this.removals.replaced++;
      }
      this.removals.size++;
      return;
    }
    if (old !== undefined) {
      if (old.value !== value) this.removals.replaced++;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, deadline, weight });
    while (this.entries.size > this.maxSize || this.weight > this.maxWeight) {
      const [oldest] = this.entries.keys();
      this.entries.delete(oldest!);
      this.removals.size++;
    }
  }

  get(key: number): number | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  peek(key: number): number | undefined {
    return this.entries.get(key)?.value;
  }

  delete(key: number): boolean {
    if (!this.entries.delete(key)) return false;
    this.removals.explicit++;
    return true;
  }

  clear(): void {
    this.removals.explicit += this.entries.size;
    this.entries.clear();
  }

  /** Moves the clock; returns how many entries expired. */
  advance(ms: number): number {
    this.now += ms;
    let expired = 0;
    for (const [key, entry] of this.entries) {
      if (entry.deadline <= this.now) {
        this.entries.delete(key);
        expired++;
      }
    }
    this.removals.expired += expired;
    return expired;
  }
}

function expectRemovals(stats: CacheStats, expected: Removals): void {
  expect(stats.removals).toEqual(expected);
  expect(stats.evictions).toBe(expected.expired + expected.size + expected.collected);
}

describe('LRU with TTL against a reference model', () => {
  // Each clock move is followed by evictExpired(), so that the cache holds no expired entry
  // when it chooses a victim, exactly as the model. (Without it, an expired entry that no sweep
  // has reached yet still takes a place in the LRU order, which is legitimate but is not this
  // model; the lazy path is the next property's subject.)
  function runAgainstModel(config: { maxSize: number; maxWeight: number; weigh?: (value: number) => number; defaultTtl: number; start: number }, ops: readonly Op[]): void {
    const clock = new ManualClock(config.start);
    const weigh = config.weigh;
    const cache = new BoundedCache<number, number>({
      maxSize: config.maxSize,
      ...(weigh === undefined ? {} : { maxWeight: config.maxWeight, weigher: weigh }),
      ttl: config.defaultTtl,
      clock,
      policy: 'lru',
    });
    const model = new ReferenceLru(config.maxSize, config.maxWeight, config.defaultTtl, weigh ?? (() => 1), config.start);

    for (const op of ops) {
      switch (op.kind) {
        case 'set':
          cache.set(op.key, op.value, op.ttl === undefined ? undefined : { ttl: op.ttl });
          model.set(op.key, op.value, op.ttl);
          break;
        case 'get':
          expect(cache.get(op.key)).toBe(model.get(op.key));
          break;
        case 'peek':
          expect(cache.peek(op.key)).toBe(model.peek(op.key));
          break;
        case 'has':
          expect(cache.has(op.key)).toBe(model.peek(op.key) !== undefined);
          break;
        case 'delete':
          expect(cache.delete(op.key)).toBe(model.delete(op.key));
          break;
        case 'advance':
          clock.advance(op.ms);
          expect(cache.evictExpired()).toBe(model.advance(op.ms));
          break;
        case 'clear':
          cache.clear();
          model.clear();
          break;
      }
      expect(sortedEntries(cache.entries())).toEqual(sortedEntries([...model.entries].map(([key, entry]) => [key, entry.value])));
      expect(cache.size).toBe(model.entries.size);
      expect(cache.size).toBeLessThanOrEqual(config.maxSize);
      expect(cache.weight).toBe(weigh === undefined ? model.entries.size : model.weight);
      expect(cache.weight).toBeLessThanOrEqual(config.maxWeight);
      const stats = cache.stats();
      expect(stats.hits).toBe(model.hits);
      expect(stats.misses).toBe(model.misses);
      expectRemovals(stats, model.removals);
    }
    // Every remaining entry still has the ttl the model expects.
    for (const [key, entry] of model.entries) {
      expect(cache.entryStats(key)?.expiresIn).toBe(entry.deadline === Infinity ? Infinity : entry.deadline - model.now);
    }
  }

  it('matches the model on contents, results, size and statistics (count bound)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(0, 1000, 2500),
        fc.constantFrom(0, 999_999, 2 ** 36),
        fc.array(opArbitrary(8, 4), { maxLength: 120, size: 'max' }),
        (maxSize, defaultTtl, start, ops) => runAgainstModel({ maxSize, maxWeight: Infinity, defaultTtl, start }, ops),
      ),
      { numRuns: 400 },
    );
  });

  it('matches the model with a weight bound as well (including entries too heavy to store)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 4, max: 10 }),
        fc.array(opArbitrary(8, 13), { maxLength: 120, size: 'max' }),
        (maxSize, maxWeight, ops) => runAgainstModel({ maxSize, maxWeight, weigh: (value) => value, defaultTtl: 2500, start: 0 }, ops),
      ),
      { numRuns: 400 },
    );
  });

  it('serves reads correctly with lazy expiry only (no evictExpired(), no size pressure)', () => {
    // Keys never outnumber maxSize, so no entry is evicted for size, and which expired entries
    // the sweeps have reclaimed yet cannot change any visible result.
    const keys = 6;
    fc.assert(
      fc.property(fc.array(opArbitrary(keys, 4, 0), { maxLength: 150, size: 'max' }), (ops) => {
        const clock = new ManualClock();
        const present = new Set<number>();
        const cache = new BoundedCache<number, number>({ maxSize: keys, ttl: 1000, clock, policy: 'lru' });
        /** The key a set() is writing: an "expired" event for it is the old value leaving. */
        let writing: number | undefined;
        cache.onRemoval((event) => {
          if (event.cause === 'replaced' || (event.cause === 'expired' && event.key === writing)) return;
          present.delete(event.key);
        });
        const model = new Map<number, { value: number; deadline: number }>();
        const fresh = (key: number): number | undefined => {
          const entry = model.get(key);
          return entry !== undefined && entry.deadline > clock.now() ? entry.value : undefined;
        };
        let gets = 0;
        let returned = 0;
        for (const op of ops) {
          switch (op.kind) {
            case 'set': {
              const ttl = op.ttl ?? 1000;
              present.add(op.key);
              writing = op.key;
              cache.set(op.key, op.value, op.ttl === undefined ? undefined : { ttl });
              writing = undefined;
              model.set(op.key, { value: op.value, deadline: ttl === 0 ? Infinity : clock.now() + ttl });
              break;
            }
            case 'get': {
              gets++;
              const expected = fresh(op.key);
              if (expected !== undefined) returned++;
              expect(cache.get(op.key)).toBe(expected);
              break;
            }
            case 'peek':
              expect(cache.peek(op.key)).toBe(fresh(op.key));
              break;
            case 'has':
              expect(cache.has(op.key)).toBe(fresh(op.key) !== undefined);
              break;
            case 'delete': {
              const deleted = cache.delete(op.key);
              // An expired entry may or may not have been swept already.
              if (fresh(op.key) !== undefined) expect(deleted).toBe(true);
              if (!model.has(op.key)) expect(deleted).toBe(false);
              model.delete(op.key);
              break;
            }
            case 'advance':
              clock.advance(op.ms);
              break;
            case 'clear':
              break;
          }
          const visible = [...model].filter(([key]) => fresh(key) !== undefined).map(([key, entry]): [number, number] => [key, entry.value]);
          expect(sortedEntries(cache.entries())).toEqual(sortedEntries(visible));
          // Entries expired but not yet swept still count in size, never beyond the bound.
          expect(cache.size).toBeGreaterThanOrEqual(visible.length);
          expect(cache.size).toBeLessThanOrEqual(keys);
          // Removals add up: every entry that went was reported, with a cause.
          expect(cache.size).toBe(present.size);
          const stats = cache.stats();
          expect(stats.hits).toBe(returned);
          expect(stats.hits + stats.misses).toBe(gets);
          expect(stats.removals.size).toBe(0);
          expect(stats.removals.collected).toBe(0);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('W-TinyLFU invariants', () => {
  interface Blob {
    readonly id: number;
    readonly weight: number;
  }

  type TinyOp =
    | { readonly kind: 'set'; readonly key: number; readonly weight: number; readonly ttl: number | undefined }
    | { readonly kind: 'setSame' | 'get' | 'peek' | 'delete'; readonly key: number }
    | { readonly kind: 'advance'; readonly ms: number }
    | { readonly kind: 'clear' };

  function tinyOps(keys: number, maxWeight: number): fc.Arbitrary<TinyOp[]> {
    // Skewed keys, so that some are frequent and admission decisions matter.
    const key = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: keys - 1 }) });
    return fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key, weight: fc.integer({ min: 0, max: maxWeight + 2 }), ttl: fc.constantFrom(...TTLS) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('setSame' as const), key }) },
        { weight: 7, arbitrary: fc.record({ kind: fc.constant('get' as const), key }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('peek' as const), key }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 1500 }), fc.constantFrom(HOUR, DAY)) }) },
        { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
      ),
      { maxLength: 250, size: 'max' },
    );
  }

  /**
   * With `sweepOnAdvance`, every clock move is followed by evictExpired(), so the cache holds no
   * expired entry between steps; without it, expiry is lazy and by the periodic sweep only.
   */
  function run(config: { maxSize: number; maxWeight: number; weighted: boolean; sweepOnAdvance: boolean }, ops: readonly TinyOp[]): void {
    const clock = new ManualClock();
    const byCause = noRemovals();
    /** What the cache holds according to its removal events: key -> weight of its value. */
    const present = new Map<number, number>();
    const wrongRemovals: string[] = [];
    /** Every value ever written under each key. */
    const written = new Map<number, Set<Blob>>();
    /** The last value written for each key and its deadline; absent once deleted or expired. */
    const last = new Map<number, { value: Blob; deadline: number }>();
    const cache = new BoundedCache<number, Blob>({
      maxSize: config.maxSize,
      ...(config.weighted ? { maxWeight: config.maxWeight, weigher: (blob: Blob) => blob.weight } : {}),
      ttl: 2500,
      clock,
    });
    /** The key a set() is writing: an "expired" event for it is the old value leaving. */
    let writing: number | undefined;
    cache.onRemoval(({ key, value, cause }) => {
      byCause[cause]++;
      if (cause !== 'replaced' && !(cause === 'expired' && key === writing)) present.delete(key);
      // Only a value that was written under that key can leave it (no assertions in here:
      // the cache reports a listener's exceptions to onCallbackError).
      if (value === undefined || !written.get(key)?.has(value)) wrongRemovals.push(`${key}:${cause}`);
    });
    let nextId = 0;
    let gets = 0;
    let returned = 0;

    const fits = (blob: Blob): boolean => !config.weighted || blob.weight <= config.maxWeight;
    const write = (key: number, value: Blob, ttl: number | undefined): void => {
      const effective = ttl ?? 2500;
      let values = written.get(key);
      if (values === undefined) written.set(key, (values = new Set()));
      values.add(value);
      if (fits(value)) present.set(key, config.weighted ? value.weight : 1);
      writing = key;
      cache.set(key, value, ttl === undefined ? undefined : { ttl });
      writing = undefined;
      if (!fits(value)) present.delete(key);
      if (fits(value)) last.set(key, { value, deadline: effective === 0 ? Infinity : clock.now() + effective });
      else last.delete(key);
    };

    for (const op of ops) {
      switch (op.kind) {
        case 'set':
          write(op.key, { id: nextId++, weight: op.weight }, op.ttl);
          break;
        case 'setSame': {
          const current = cache.peek(op.key);
          if (current !== undefined) write(op.key, current, undefined);
          break;
        }
        case 'get':
        case 'peek': {
          const value = op.kind === 'get' ? cache.get(op.key) : cache.peek(op.key);
          if (op.kind === 'get') gets++;
          if (value !== undefined) {
            if (op.kind === 'get') returned++;
            const expected = last.get(op.key);
            // The last value written, and not expired; never a deleted or older one.
            expect(value).toBe(expected?.value);
            expect(expected!.deadline).toBeGreaterThan(clock.now());
          }
          break;
        }
        case 'delete':
          cache.delete(op.key);
          last.delete(op.key);
          break;
        case 'advance': {
          clock.advance(op.ms);
          for (const [key, entry] of last) if (entry.deadline <= clock.now()) last.delete(key);
          if (config.sweepOnAdvance) cache.evictExpired();
          break;
        }
        case 'clear':
          cache.clear();
          last.clear();
          break;
      }
      expect(cache.size).toBeLessThanOrEqual(config.maxSize);
      const held = [...cache.entries()];
      // After evictExpired() nothing expired is left, so entries() sees the whole cache.
      if (config.sweepOnAdvance) expect(held).toHaveLength(cache.size);
      for (const [key, value] of held) {
        expect(value).toBe(last.get(key)?.value);
        expect(present.has(key)).toBe(true);
      }
      // Removals add up: size and weight are what was written less what was reported removed.
      expect(cache.size).toBe(present.size);
      expect(cache.weight).toBe([...present.values()].reduce((sum, weight) => sum + weight, 0));
      if (config.weighted) expect(cache.weight).toBeLessThanOrEqual(config.maxWeight);
      const stats = cache.stats();
      expect(stats.hits).toBe(returned);
      expect(stats.hits + stats.misses).toBe(gets);
      expect(stats.removals).toEqual(byCause);
      expect(stats.evictions).toBe(byCause.expired + byCause.size + byCause.collected);
      expect(stats.size).toBe(cache.size);
      expect(stats.weight).toBe(cache.weight);
    }
    expect(wrongRemovals).toEqual([]);
  }

  for (const sweepOnAdvance of [true, false]) {
    const expiry = sweepOnAdvance ? 'evictExpired() after each clock move' : 'lazy expiry';

    it(`keeps the count bound and returns only the last, unexpired value written (${expiry})`, () => {
      const scenario = fc.integer({ min: 4, max: 24 }).chain((keys) => fc.tuple(fc.constantFrom(1, 2, 3, 5, 8), tinyOps(keys, 0)));
      fc.assert(
        fc.property(scenario, ([maxSize, ops]) => run({ maxSize, maxWeight: Infinity, weighted: false, sweepOnAdvance }, ops)),
        { numRuns: 250 },
      );
    });

    it(`keeps the count and weight bounds together, refusing entries that are too heavy (${expiry})`, () => {
      const scenario = fc
        .tuple(fc.integer({ min: 4, max: 24 }), fc.constantFrom(5, 10, 20))
        .chain(([keys, maxWeight]) => fc.tuple(fc.constantFrom(2, 4, 8, 100), fc.constant(maxWeight), tinyOps(keys, maxWeight)));
      fc.assert(
        fc.property(scenario, ([maxSize, maxWeight, ops]) => run({ maxSize, maxWeight, weighted: true, sweepOnAdvance }, ops)),
        { numRuns: 250 },
      );
    });
  }

  it('keeps its bound under a long skewed workload (frequency sketch ageing, window resizing)', () => {
    // Long enough for the sketch to halve its counters and the hill climber to move the window.
    const cache = new BoundedCache<number, number>({ maxSize: 64 });
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    let gets = 0;
    for (let i = 0; i < 60_000; i++) {
      // Zipf-like: small keys are much more frequent; the hot set shifts halfway through.
      const key = Math.floor(1 / (random() + 0.002)) + (i > 30_000 ? 1000 : 0);
      gets++;
      const value = cache.get(key);
      if (value === undefined) cache.set(key, key);
      else expect(value).toBe(key);
      expect(cache.size).toBeLessThanOrEqual(64);
    }
    const stats = cache.stats();
    expect(stats.hits + stats.misses).toBe(gets);
    expect(stats.size).toBe(64);
    expect(stats.removals.size).toBe(stats.misses - 64);
  });
});
