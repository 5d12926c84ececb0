/**
 * npm run bench:cache
 *
 * Replays cache traces (../shared/data/traces: OLTP expanded into keys, the LIRS traces) and a
 * synthetic Zipf workload through tenure's BoundedCache and lru-cache with equivalent options
 * (count bound, TTL on for both), plus quick-lru and mnemonist for reference, in one process,
 * alternating implementations, several rounds. Each access is one operation: get, and set on a
 * miss. Prints tables, then as its last line one JSON object (see the issue for its shape).
 *
 * No full GC is forced between timed replays: it would measure V8 re-optimising code after
 * hidden-class transitions were collected, not the caches (see docs/BENCHMARKS.md).
 *
 * Options (environment): BENCH_ROUNDS (default 7).
 */
import { LRUCache } from 'lru-cache';
import { LRUCache as MnemonistLru } from 'mnemonist';
import QuickLRU from 'quick-lru';
import { BoundedCache } from '../src/cache/index.js';
import { arcHitRate } from './arc-reference.js';
import { loadLirs, loadOltp, type Trace } from './traces.js';
import { zipfKeys } from './zipf.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** Long enough never to expire during a replay: TTL bookkeeping is on, expiry is not the test. */
const TTL_MS = 3_600_000;

interface Replayable {
  get(key: number): number | undefined;
  set(key: number, value: number): unknown;
}

interface Implementation {
  readonly name: string;
  readonly create: (capacity: number) => Replayable;
}

const implementations: readonly Implementation[] = [
  { name: 'tenure', create: (capacity) => new BoundedCache<number, number>({ maxSize: capacity, ttl: TTL_MS }) },
  { name: 'lru-cache', create: (capacity) => new LRUCache<number, number>({ max: capacity, ttl: TTL_MS }) },
  { name: 'quick-lru', create: (capacity) => new QuickLRU<number, number>({ maxSize: capacity, maxAge: TTL_MS }) },
  // mnemonist's LRUCache has no TTL; it is here as a floor for a plain LRU's speed.
  { name: 'mnemonist', create: (capacity) => new MnemonistLru<number, number>(capacity) },
];

interface Replay {
  readonly hits: number;
  readonly seconds: number;
}

function replay(cache: Replayable, keys: Int32Array): Replay {
  let hits = 0;
  const started = performance.now();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (cache.get(key) === undefined) cache.set(key, key);
    else hits++;
  }
  return { hits, seconds: (performance.now() - started) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percent(hits: number, total: number): number {
  return Math.round((10_000 * hits) / total) / 100;
}

/** Hit rates of every implementation (one pass each: replays are deterministic), plus ARC. */
function hitRates(trace: Trace, capacity: number): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const implementation of implementations) {
    rates[implementation.name] = percent(replay(implementation.create(capacity), trace.keys).hits, trace.keys.length);
  }
  rates.arc = Math.round(100 * arcHitRate(trace.keys, capacity)) / 100;
  return rates;
}

/** Median ops/s of every implementation over ROUNDS rounds, implementations alternating. */
function throughput(trace: Trace, capacity: number): Record<string, number> {
  const samples = new Map<string, number[]>(implementations.map((i) => [i.name, []]));
  // One warm-up pass each, so the first round is not the JIT's.
  for (const implementation of implementations) replay(implementation.create(capacity), trace.keys);
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no implementation always runs first or last.
    for (let i = 0; i < implementations.length; i++) {
      const implementation = implementations[(i + round) % implementations.length]!;
      const result = replay(implementation.create(capacity), trace.keys);
      samples.get(implementation.name)!.push(trace.keys.length / result.seconds);
    }
  }
  return Object.fromEntries([...samples].map(([name, values]) => [name, median(values)]));
}

function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]): string => cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

const oltp = loadOltp();
const lirs = ['gli', 'multi2', 'sprite'].map((name) => loadLirs(name, [100, 250, 500, 1000]));
const zipf: Trace = { name: 'Zipf(0.99)', keys: zipfKeys(1_000_000, 100_000, 0.99, 42), capacities: [1000] };

// Throughput first, while every implementation's code is fresh.
// Throughput: OLTP at 1,000 (the figure R is taken from) and Zipf at 1,000.
const speedRows: (string | number)[][] = [];
let ratio = 0;
for (const trace of [oltp, zipf]) {
  const opsPerSecond = throughput(trace, 1000);
  const base = opsPerSecond['lru-cache']!;
  for (const implementation of implementations) {
    const ops = opsPerSecond[implementation.name]!;
    speedRows.push([trace.name, implementation.name, (ops / 1e6).toFixed(2), (ops / base).toFixed(2)]);
  }
  if (trace === oltp) ratio = opsPerSecond.tenure! / base;
}
printTable(`Throughput at capacity 1,000, median of ${ROUNDS} alternating rounds (Mops/s; each op is a get, plus a set on a miss)`,
  ['trace', 'implementation', 'Mops/s', 'vs lru-cache'], speedRows);


// Hit rates: every trace at every capacity, tenure and LRU side by side with ARC for reference.
const hitRows: (string | number)[][] = [];
const reported: { trace: string; capacity: number; tenure: number; lru: number }[] = [];
for (const trace of [oltp, ...lirs, zipf]) {
  for (const capacity of trace.capacities) {
    const rates = hitRates(trace, capacity);
    const tenure = rates.tenure!;
    const lru = rates['lru-cache']!;
    hitRows.push([trace.name, capacity, tenure, lru, (tenure - lru).toFixed(2), rates.arc!, rates['quick-lru']!, rates.mnemonist!]);
    // The JSON line: OLTP at 1,000 and 2,000, each LIRS trace at 100 and 250 (see BENCHMARKS.md).
    const inJson = trace === oltp || (trace !== zipf && (capacity === 100 || capacity === 250));
    if (inJson) reported.push({ trace: trace.name, capacity, tenure, lru });
  }
}
printTable('Hit rate (%), one pass per implementation (replays are deterministic)',
  ['trace', 'capacity', 'tenure', 'lru-cache', 'Δ vs LRU', 'ARC (ref)', 'quick-lru', 'mnemonist'], hitRows);

console.log(JSON.stringify({
  bench: 'cache',
  throughputRatioVsLruCache: Math.round(ratio * 1000) / 1000,
  hitRates: reported,
}));
