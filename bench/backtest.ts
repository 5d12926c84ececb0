/**
 * npm run bench:backtest
 *
 * The SMA cross (examples/trading/blueprints/sma_cross.yaml) on BTC-PERP-1m-2022-01 (45,031
 * one-minute bars), three ways:
 *
 * 1. Throughput: the month replayed 23 times back to back (1,035,713 bars) through the full
 *    component pipeline (fills, marking, the strategy's five workers, exposure, the equity
 *    curve), after a warm-up. B = bars per second, median of 3.
 * 2. Memory: 100 consecutive backtest requests through the BacktestService in this one process
 *    (each in its own request scope, with fresh components). M = growth of the resident set,
 *    after a full GC, from the end of request 1 to the end of request 100, in MB.
 * 3. Parallelism: a sweep of 48 parameter variants (fast/slow periods) on 1 and on 2 worker
 *    threads, the bars shared between threads; threads warmed up first, then 9 rounds alternating
 *    between the two pools. P = median t(1) / median t(2).
 *
 * Last line:
 * {"bench":"backtest","barsPerSecond":B,"rssGrowthMBOver100Runs":M,"parallelSpeedup2Threads":P}
 */
import { fileURLToPath } from 'node:url';
import { createRootScope, defaultLifetimes, ProviderRegistry } from '../src/lifetime/index.js';
import { loadTradingCatalog } from '../src/trading/blueprint/index.js';
import { runBacktest } from '../src/trading/engine/run-backtest.js';
import { BarSeriesCache } from '../src/trading/market/bar-series-cache.js';
import { BacktestService } from '../src/trading/service/backtest-service.js';
import { SweepPool } from '../src/trading/sweep/run-sweep.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc (npm run bench:backtest does)');
const examples = (path: string): string => fileURLToPath(new URL(`../examples/${path}`, import.meta.url));
const catalog = loadTradingCatalog({ blueprintsDir: examples('trading/blueprints'), environmentsDir: examples('trading/environments') });
const request = { blueprint: 'sma_cross', environment: 'backtest_btc_2022_01' };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rssMB = (): number => {
  gc();
  gc();
  return process.memoryUsage().rss / 2 ** 20;
};

await using app = createRootScope({ providers: new ProviderRegistry(defaultLifetimes), name: 'bench' });
const bars = new BarSeriesCache();
const service = new BacktestService({ catalog, scope: app, bars, keepFinished: 1 });
const prepared = service.prepare(request);
const series = await bars.load(prepared.data, prepared.asset);

// 1. Throughput.
const REPEAT = Math.ceil(1_000_000 / series.length);
await runBacktest(prepared.spec, series, { repeat: 3 });
const rates: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  const result = await runBacktest(prepared.spec, series, { repeat: REPEAT });
  const seconds = (performance.now() - started) / 1000;
  rates.push(result.bars / seconds);
  console.log(`throughput: ${result.bars} bars in ${seconds.toFixed(3)} s = ${Math.round(result.bars / seconds)} bars/s (${result.trades.length} trades)`);
}
const barsPerSecond = Math.round(median(rates));

// 2. 100 consecutive requests.
let rssAfterFirst = 0;
let finalEquity = Number.NaN;
for (let i = 1; i <= 100; i++) {
  const run = await service.run(request);
  if (run.status !== 'succeeded') throw new Error(`request ${i} failed: ${run.error ?? ''}`);
  if (i === 1) finalEquity = run.result!.statistics.finalEquity;
  else if (run.result!.statistics.finalEquity !== finalEquity) throw new Error(`request ${i} gave a different result: state leaked between requests`);
  if (i === 1) rssAfterFirst = rssMB();
  if (i % 25 === 0) console.log(`requests: ${i} done, rss ${rssMB().toFixed(1)} MB`);
}
const rssGrowth = rssMB() - rssAfterFirst;
console.log(`memory: rss after request 1 ${rssAfterFirst.toFixed(1)} MB, growth to request 100 ${rssGrowth.toFixed(2)} MB`);

// 3. A sweep on 1 and 2 threads.
const variants = [5, 8, 10, 12, 15, 20, 25, 30].flatMap((fast) => [40, 50, 60, 80, 100, 120].map((slow) => ({ fast, slow })));
const specs = variants.map(({ fast, slow }) =>
  service.prepare({ ...request, overrides: { 'blueprint.workers.fast.params.period': fast, 'blueprint.workers.slow.params.period': slow } }).spec,
);
// Both pools started and warmed first, then rounds alternate between them, so that a neighbour's
// burst of load on this shared machine falls on both measurements alike.
await using onePool = new SweepPool(1);
await using twoPool = new SweepPool(2);
// A whole sweep on each first: every thread compiles its hot code (on this 2-core machine a
// thread still compiling competes with the other for a core).
await onePool.run(specs, series);
await twoPool.run(specs, series);
const samples = new Map<number, number[]>([[1, []], [2, []]]);
for (let round = 0; round < 9; round++) {
  for (const [threads, pool] of [[1, onePool], [2, twoPool]] as const) {
    const started = performance.now();
    const outcomes = await pool.run(specs, series);
    samples.get(threads)!.push((performance.now() - started) / 1000);
    if (outcomes.length !== specs.length) throw new Error('a sweep lost runs');
  }
}
const sweepSeconds = new Map([...samples].map(([threads, xs]) => [threads, median(xs)]));
for (const [threads, seconds] of sweepSeconds) {
  console.log(`sweep: ${specs.length} backtests of ${series.length} bars on ${threads} thread(s): ${seconds.toFixed(3)} s (median of 9 alternating rounds)`);
}
const speedup = sweepSeconds.get(1)! / sweepSeconds.get(2)!;

console.log(
  JSON.stringify({
    bench: 'backtest',
    barsPerSecond,
    rssGrowthMBOver100Runs: Number(rssGrowth.toFixed(2)),
    parallelSpeedup2Threads: Number(speedup.toFixed(2)),
  }),
);
