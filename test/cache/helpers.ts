import type { RemovalCause } from '../../src/cache/index.js';

/** One removal as a dispose callback saw it. */
export interface Removal<K, V> {
  readonly key: K;
  readonly value: V | undefined;
  readonly cause: RemovalCause;
}

/** A dispose callback that records every call, for assertions on causes and order. */
export interface DisposeRecorder<K, V> {
  readonly events: Removal<K, V>[];
  readonly dispose: (value: V | undefined, key: K, cause: RemovalCause) => void;
  /** The causes seen for `key`, in order. */
  causesOf(key: K): RemovalCause[];
}

export function recordRemovals<K, V>(): DisposeRecorder<K, V> {
  const events: Removal<K, V>[] = [];
  return {
    events,
    dispose: (value, key, cause) => {
      events.push({ key, value, cause });
    },
    causesOf: (key) => events.filter((event) => event.key === key).map((event) => event.cause),
  };
}

/** A promise with its resolve and reject in hand, for loaders the test finishes by hand. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued microtask and the callbacks of settled promises run. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export function sleep(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs full garbage collections, each in its own macrotask (a WeakRef target is kept until the
 * end of the job that created or dereferenced it, and FinalizationRegistry callbacks run in a
 * later task), until `done()` holds or `rounds` collections have run.
 */
export async function collectGarbage(done: () => boolean, rounds = 40): Promise<void> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('these tests need node --expose-gc (see vitest.config.ts)');
  for (let i = 0; i < rounds && !done(); i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    gc();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Sorts [key, value] pairs by key, for comparing cache contents with a model's. */
export function sortedEntries<V>(entries: Iterable<[number, V]>): [number, V][] {
  return [...entries].sort((a, b) => a[0] - b[0]);
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
