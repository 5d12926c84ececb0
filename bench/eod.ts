/**
 * npm run bench:eod
 *
 * Generates a 100,000-position portfolio (seeded), then runs the full EOD workflow on it ten
 * times in this one process (load → enrich → model → value → aggregate → persist → report,
 * into a SQLite file), and prints the time per stage and, as its last line:
 * {"bench":"eod","positions":100000,"seconds":T,"positionsPerSecond":P,"rssGrowthPctOver10Runs":G}
 * T is the median run's wall time, P = positions / T, and G the growth of the resident set
 * (after a full GC) from the end of the 1st run to the end of the 10th.
 *
 * Options (environment): BENCH_POSITIONS (default 100000), BENCH_RUNS (default 10).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { runEod } from '../src/eod/eod-run.js';
import { EOD_STAGES } from '../src/eod/stage-timer.js';
import { parseDay } from '../src/valuation/dates/day.js';
import { generatePortfolio } from '../src/valuation/portfolio/generate-portfolio.js';
import { formatPortfolioCsv } from '../src/valuation/portfolio/write-portfolio.js';

const POSITIONS = Number(process.env.BENCH_POSITIONS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc (npm run bench:eod does)');

const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-eod-'));
const portfolio = join(dir, `portfolio-${POSITIONS}.csv`);
writeFileSync(portfolio, formatPortfolioCsv(generatePortfolio({ positions: POSITIONS, seed: 2023_12_29, effectiveDate: parseDay('2023-12-29')! })));
const examples = (path: string): string => fileURLToPath(new URL(`../examples/${path}`, import.meta.url));

const seconds: number[] = [];
const stageSamples = new Map<string, number[]>();
const rss: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const started = performance.now();
  const outcome = await runEod({
    portfolio,
    market: examples('market/ust-par-yields-2023.csv'),
    models: examples('models'),
    effectiveDate: '2023-12-29',
    database: join(dir, 'results.sqlite'),
    reportDir: join(dir, 'reports'),
    force: true,
  }, { logger: pino({ level: 'silent' }), progress: { stage() {}, advance() {}, finish() {} }, signal: new AbortController().signal, gc, versions: {} });
  const elapsed = (performance.now() - started) / 1000;
  if (outcome.status !== 'succeeded') throw new Error(`run ${run} did not succeed: ${JSON.stringify(outcome)}`);
  if (outcome.leaks.status !== 'clean') throw new Error(`run ${run} left objects reachable: ${JSON.stringify(outcome.leaks)}`);
  seconds.push(elapsed);
  for (const [stage, ms] of Object.entries(outcome.timings)) stageSamples.set(stage, [...(stageSamples.get(stage) ?? []), ms]);
  gc();
  rss.push(process.memoryUsage().rss);
  console.log(`run ${String(run).padStart(2)}: ${elapsed.toFixed(2)} s, ${Math.round(POSITIONS / elapsed)} positions/s, RSS ${(rss.at(-1)! / 2 ** 20).toFixed(0)} MiB`);
}
rmSync(dir, { recursive: true, force: true });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

console.log(`\nTime per stage, median of ${RUNS} runs (ms), ${POSITIONS} positions`);
for (const stage of EOD_STAGES) {
  const samples = stageSamples.get(stage);
  if (samples !== undefined) console.log(`${stage.padStart(10)}  ${median(samples).toFixed(1).padStart(9)}`);
}
const typical = median(seconds);
console.log(JSON.stringify({
  bench: 'eod',
  positions: POSITIONS,
  seconds: Math.round(typical * 1000) / 1000,
  positionsPerSecond: Math.round(POSITIONS / typical),
  rssGrowthPctOver10Runs: Math.round((10_000 * (rss.at(-1)! - rss[0]!)) / rss[0]!) / 100,
}));
