import { describe, expect, it } from 'vitest';
import { BoundedCache, CacheOptionError, type LoadContext } from '../../src/cache/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { deferred, recordRemovals, settle, sleep, type Deferred } from './helpers.js';

interface Quote {
  readonly symbol: string;
  readonly version: number;
}

/** A loader whose calls the test finishes by hand, one Deferred per call. */
function manualLoader() {
  const calls: { key: string; context: LoadContext<Quote>; result: Deferred<Quote> }[] = [];
  const loader = (key: string, context: LoadContext<Quote>): Promise<Quote> => {
    const result = deferred<Quote>();
    calls.push({ key, context, result });
    return result.promise;
  };
  return { calls, loader };
}

function call<T>(calls: readonly T[], index: number): T {
  const found = calls[index];
  if (found === undefined) throw new Error(`no loader call #${index}`);
  return found;
}

describe('single-flight loading', () => {
  it('runs one load for 50 concurrent misses on a key, and gives every caller the same value', async () => {
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, loader });
    const waiting = Array.from({ length: 50 }, (_, i) =>
      // Some callers bring a signal of their own: they still share the one load.
      cache.fetch('EURUSD', i % 5 === 0 ? { signal: new AbortController().signal } : undefined),
    );
    await settle();
    expect(calls).toHaveLength(1);
    expect(call(calls, 0).key).toBe('EURUSD');

    const value = { symbol: 'EURUSD', version: 1 };
    call(calls, 0).result.resolve(value);
    const results = await Promise.all(waiting);
    expect(results.every((result) => result === value)).toBe(true);
    expect(cache.get('EURUSD')).toBe(value);
    const stats = cache.stats();
    expect(stats.loadSuccesses).toBe(1);
    expect(stats.loadFailures).toBe(0);
    expect(stats.misses).toBe(50);
    expect(stats.hits).toBe(1);

    // A later fetch is a hit: no load.
    await expect(cache.fetch('EURUSD')).resolves.toBe(value);
    expect(calls).toHaveLength(1);
    expect(cache.stats().hits).toBe(2);
  });

  it('loads different keys independently, in whatever order they complete', async () => {
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, loader });
    const a = [cache.fetch('A'), cache.fetch('A')];
    const b = [cache.fetch('B'), cache.fetch('B')];
    await settle();
    expect(calls.map((c) => c.key)).toEqual(['A', 'B']);
    call(calls, 1).result.resolve({ symbol: 'B', version: 1 });
    expect((await Promise.all(b)).map((q) => q.symbol)).toEqual(['B', 'B']);
    expect(cache.has('A')).toBe(false);
    call(calls, 0).result.resolve({ symbol: 'A', version: 1 });
    expect((await Promise.all(a)).map((q) => q.symbol)).toEqual(['A', 'A']);
    expect(cache.get('A')?.symbol).toBe('A');
    expect(cache.get('B')?.symbol).toBe('B');
    expect(cache.stats().loadSuccesses).toBe(2);
  });

  it('accepts a synchronous loader and a per-call loader that overrides the cache one', async () => {
    const cache = new BoundedCache<string, string>({ maxSize: 10, loader: (key) => `cache:${key}` });
    await expect(cache.fetch('a')).resolves.toBe('cache:a');
    await expect(cache.fetch('b', { loader: (key) => `call:${key}` })).resolves.toBe('call:b');
    expect(cache.get('a')).toBe('cache:a');
    expect(cache.get('b')).toBe('call:b');
  });

  it('rejects a fetch without any loader with a CacheOptionError', async () => {
    const cache = new BoundedCache<string, string>({ maxSize: 10 });
    await expect(cache.fetch('a')).rejects.toBeInstanceOf(CacheOptionError);
    await expect(cache.fetch('a')).rejects.toMatchObject({ option: 'loader' });
  });

  it('does not cache a failed load: every waiter gets the error, and the next fetch loads again', async () => {
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, loader });
    const controller = new AbortController();
    const waiting = [cache.fetch('X'), cache.fetch('X'), cache.fetch('X', { signal: controller.signal })];
    await settle();
    const failure = new Error('feed down');
    call(calls, 0).result.reject(failure);
    const outcomes = await Promise.allSettled(waiting);
    // The very same error object for every waiter, with or without a signal of its own.
    expect(outcomes.map((o) => o.status === 'rejected' && o.reason === failure)).toEqual([true, true, true]);
    expect(cache.has('X')).toBe(false);
    expect(cache.size).toBe(0);
    let stats = cache.stats();
    expect(stats.loadFailures).toBe(1);
    expect(stats.loadSuccesses).toBe(0);

    const retry = cache.fetch('X');
    await settle();
    expect(calls).toHaveLength(2);
    call(calls, 1).result.resolve({ symbol: 'X', version: 2 });
    await expect(retry).resolves.toEqual({ symbol: 'X', version: 2 });
    stats = cache.stats();
    expect(stats.loadFailures).toBe(1);
    expect(stats.loadSuccesses).toBe(1);
  });

  it('turns a loader that throws synchronously into a rejected fetch', async () => {
    const cache = new BoundedCache<string, string>({ maxSize: 10 });
    const failure = new Error('sync');
    let promise: Promise<string> | undefined;
    expect(() => {
      promise = cache.fetch('a', {
        loader: () => {
          throw failure;
        },
      });
    }).not.toThrow();
    await expect(promise).rejects.toBe(failure);
    expect(cache.stats().loadFailures).toBe(1);
    expect(cache.has('a')).toBe(false);
  });

  it('adds up load time over successful and failed loads', async () => {
    const cache = new BoundedCache<string, string>({ maxSize: 10 });
    const slow = async (key: string): Promise<string> => {
      await sleep(5);
      if (key === 'bad') throw new Error('bad key');
      return key;
    };
    await cache.fetch('good', { loader: slow });
    const afterOne = cache.stats();
    expect(afterOne.loadSuccesses).toBe(1);
    expect(afterOne.totalLoadTime).toBeGreaterThan(0);
    expect(afterOne.averageLoadPenalty).toBe(afterOne.totalLoadTime);

    await expect(cache.fetch('bad', { loader: slow })).rejects.toThrow('bad key');
    const afterTwo = cache.stats();
    expect(afterTwo.loadFailures).toBe(1);
    expect(afterTwo.totalLoadTime).toBeGreaterThan(afterOne.totalLoadTime);
    expect(afterTwo.averageLoadPenalty).toBeCloseTo(afterTwo.totalLoadTime / 2, 10);
  });

  it('stores a loaded value with the cache ttl, or the ttl given to fetch()', async () => {
    const clock = new ManualClock();
    const cache = new BoundedCache<string, string>({ maxSize: 10, ttl: 1000, clock, loader: (key) => key.toUpperCase() });
    await cache.fetch('a');
    await cache.fetch('b', { ttl: 200 });
    await cache.fetch('c', { ttl: 0 });
    clock.advance(200);
    expect(cache.peek('a')).toBe('A');
    expect(cache.peek('b')).toBeUndefined();
    clock.advance(800);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('c')).toBe('C');
  });
});

describe('aborting a wait', () => {
  it("rejects only the caller whose signal fired; the others still get the value", async () => {
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, loader });
    const leaving = new AbortController();
    const staying = new AbortController();
    const gone = cache.fetch('K', { signal: leaving.signal });
    const withSignal = cache.fetch('K', { signal: staying.signal });
    const plain = cache.fetch('K');
    await settle();
    const reason = new Error('user navigated away');
    leaving.abort(reason);
    await expect(gone).rejects.toBe(reason);
    expect(call(calls, 0).context.signal.aborted).toBe(false);

    const value = { symbol: 'K', version: 1 };
    call(calls, 0).result.resolve(value);
    await expect(withSignal).resolves.toBe(value);
    await expect(plain).resolves.toBe(value);
    expect(cache.get('K')).toBe(value);
    expect(cache.stats().loadCancellations).toBe(0);
    expect(cache.stats().loadSuccesses).toBe(1);
  });

  it('rejects with an AbortError when the signal gives no Error reason, and at once for an aborted signal', async () => {
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, loader });
    const controller = new AbortController();
    const keep = cache.fetch('K');
    const waiting = cache.fetch('K', { signal: controller.signal });
    controller.abort('not an error');
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await expect(cache.fetch('K', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(cache.fetch('other', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    // The already-aborted caller did not start a load of its own.
    expect(calls.map((c) => c.key)).toEqual(['K']);
    call(calls, 0).result.resolve({ symbol: 'K', version: 1 });
    await expect(keep).resolves.toEqual({ symbol: 'K', version: 1 });
  });

  it("aborts the loader's own signal when every caller left, and counts a cancellation", async () => {
    const cache = new BoundedCache<string, Quote>({ maxSize: 10 });
    let loaderSignal: AbortSignal | undefined;
    let started = 0;
    const loader = (key: string, { signal }: LoadContext<Quote>): Promise<Quote> => {
      started++;
      loaderSignal = signal;
      // A well-behaved loader stops when told to.
      return new Promise<Quote>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error(`load of ${key} aborted`)), { once: true });
        setTimeout(() => resolve({ symbol: key, version: started }), 60_000).unref();
      });
    };
    const first = new AbortController();
    const second = new AbortController();
    const waits = Promise.allSettled([cache.fetch('K', { signal: first.signal, loader }), cache.fetch('K', { signal: second.signal, loader })]);
    await settle();
    first.abort();
    await settle();
    expect(loaderSignal?.aborted).toBe(false);
    second.abort();
    expect(loaderSignal?.aborted).toBe(true);
    const outcomes = await waits;
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await settle();
    const stats = cache.stats();
    expect(stats.loadCancellations).toBe(1);
    expect(stats.loadFailures).toBe(0);
    expect(stats.loadSuccesses).toBe(0);
    expect(cache.has('K')).toBe(false);

    // The abandoned flight is gone: the next fetch starts a new load.
    const retry = cache.fetch('K', { loader: (key) => ({ symbol: key, version: 99 }) });
    await expect(retry).resolves.toEqual({ symbol: 'K', version: 99 });
  });

  it('does not store the result of a loader that ignored the abort, and counts it as cancelled', async () => {
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, loader });
    const controller = new AbortController();
    const waiting = cache.fetch('K', { signal: controller.signal });
    await settle();
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    call(calls, 0).result.resolve({ symbol: 'K', version: 1 });
    await settle();
    expect(cache.has('K')).toBe(false);
    expect(cache.stats().loadCancellations).toBe(1);
    expect(cache.stats().loadSuccesses).toBe(0);
  });
});

describe('writes during a load', () => {
  it('delete() during a load: callers get the value, but it is not stored, and the next fetch loads anew', async () => {
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, loader });
    const waiting = cache.fetch('K');
    await settle();
    expect(cache.delete('K')).toBe(false);
    const late = { symbol: 'K', version: 1 };
    call(calls, 0).result.resolve(late);
    await expect(waiting).resolves.toBe(late);
    expect(cache.has('K')).toBe(false);

    const again = cache.fetch('K');
    await settle();
    expect(calls).toHaveLength(2);
    call(calls, 1).result.resolve({ symbol: 'K', version: 2 });
    await expect(again).resolves.toEqual({ symbol: 'K', version: 2 });
    expect(cache.get('K')?.version).toBe(2);
  });

  it('a load detached by delete() cannot overwrite the newer load that followed it', async () => {
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, loader });
    const old = cache.fetch('K');
    await settle();
    cache.delete('K');
    const fresh = cache.fetch('K');
    await settle();
    expect(calls).toHaveLength(2);
    call(calls, 1).result.resolve({ symbol: 'K', version: 2 });
    await fresh;
    call(calls, 0).result.resolve({ symbol: 'K', version: 1 });
    await expect(old).resolves.toEqual({ symbol: 'K', version: 1 });
    expect(cache.get('K')?.version).toBe(2);
  });

  it('set() and clear() during a load win over the late result', async () => {
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, loader });
    const a = cache.fetch('A');
    const b = cache.fetch('B');
    await settle();
    const written = { symbol: 'A', version: 100 };
    cache.set('A', written);
    cache.clear();
    cache.set('A', written);
    call(calls, 0).result.resolve({ symbol: 'A', version: 1 });
    call(calls, 1).result.resolve({ symbol: 'B', version: 1 });
    await Promise.all([a, b]);
    expect(cache.get('A')).toBe(written);
    expect(cache.has('B')).toBe(false);
  });
});

describe('stale-while-revalidate', () => {
  function swrCache() {
    const clock = new ManualClock();
    const { calls, loader } = manualLoader();
    const cache = new BoundedCache<string, Quote>({ maxSize: 10, ttl: 1000, staleWhileRevalidate: 500, clock, loader });
    return { clock, calls, cache };
  }

  it('serves the stale value at once, refreshes it with exactly one background load, then serves the new value', async () => {
    const { clock, calls, cache } = swrCache();
    const first = cache.fetch('Q');
    await settle();
    const v1 = { symbol: 'Q', version: 1 };
    call(calls, 0).result.resolve(v1);
    await expect(first).resolves.toBe(v1);
    expect(cache.entryStats('Q')?.expiresIn).toBe(1000);

    clock.advance(1000);
    // get() never returns a stale value; has() and peek() do not see it either.
    expect(cache.get('Q')).toBeUndefined();
    expect(cache.has('Q')).toBe(false);
    expect(cache.peek('Q')).toBeUndefined();
    expect(cache.entryStats('Q')?.expiresIn).toBe(0);

    await expect(cache.fetch('Q')).resolves.toBe(v1);
    await expect(cache.fetch('Q')).resolves.toBe(v1);
    await expect(cache.fetch('Q')).resolves.toBe(v1);
    expect(calls).toHaveLength(2);
    expect(call(calls, 1).context.staleValue).toBe(v1);
    expect(cache.get('Q')).toBeUndefined();

    const v2 = { symbol: 'Q', version: 2 };
    call(calls, 1).result.resolve(v2);
    await settle();
    await expect(cache.fetch('Q')).resolves.toBe(v2);
    expect(cache.get('Q')).toBe(v2);
    expect(calls).toHaveLength(2);
    expect(cache.entryStats('Q')?.expiresIn).toBe(1000);
    expect(cache.stats().loadSuccesses).toBe(2);
  });

  it('waits for a fresh load once the stale window has passed too', async () => {
    const { clock, calls, cache } = swrCache();
    cache.set('Q', { symbol: 'Q', version: 1 });
    clock.advance(1500);
    const waiting = cache.fetch('Q');
    let settled = false;
    void waiting.then(() => (settled = true));
    await settle();
    expect(settled).toBe(false);
    expect(calls).toHaveLength(1);
    expect(call(calls, 0).context.staleValue).toBeUndefined();
    call(calls, 0).result.resolve({ symbol: 'Q', version: 2 });
    await expect(waiting).resolves.toEqual({ symbol: 'Q', version: 2 });
  });

  it('keeps serving the stale value when a background refresh fails, and counts the failure', async () => {
    const { clock, calls, cache } = swrCache();
    const v1 = { symbol: 'Q', version: 1 };
    cache.set('Q', v1);
    clock.advance(1200);
    await expect(cache.fetch('Q')).resolves.toBe(v1);
    call(calls, 0).result.reject(new Error('refresh failed'));
    await settle();
    expect(cache.stats().loadFailures).toBe(1);
    // Still inside the stale window: served again, and another refresh is tried.
    await expect(cache.fetch('Q')).resolves.toBe(v1);
    expect(calls).toHaveLength(2);
    call(calls, 1).result.resolve({ symbol: 'Q', version: 2 });
    await settle();
    expect(cache.get('Q')?.version).toBe(2);
  });
});

describe('expiry and load accounting (regressions)', () => {
  // fetch() or set() over an entry past its deadline that no sweep removed yet: the old value
  // expired, and is reported so, not as replaced by the caller.
  it('fetch() of an expired key removes the old entry with cause "expired"', async () => {
    const clock = new ManualClock();
    const removals = recordRemovals<string, string>();
    const cache = new BoundedCache<string, string>({ maxSize: 10, ttl: 1000, clock, dispose: removals.dispose });
    cache.set('a', 'old');
    clock.advance(1500);
    await expect(cache.fetch('a', { loader: () => 'new' })).resolves.toBe('new');
    expect(removals.events).toEqual([{ key: 'a', value: 'old', cause: 'expired' }]);
    expect(cache.stats().removals.expired).toBe(1);
  });

  // A loader that succeeds with a value set() refuses (a primitive in weak-value mode) is one
  // failed load, not a success and a failure.
  it('counts a load whose value the cache refuses once, as a failure', async () => {
    const cache = new BoundedCache<string, unknown>({ maxSize: 10, weakValues: true });
    await expect(cache.fetch('a', { loader: () => 42 })).rejects.toBeInstanceOf(CacheOptionError);
    const stats = cache.stats();
    expect(stats.loadSuccesses + stats.loadFailures + stats.loadCancellations).toBe(1);
    expect(stats.loadFailures).toBe(1);
  });
});
