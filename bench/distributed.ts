/**
 * npm run bench:distributed
 *
 * The 100,000-position EOD run (generated as in bench:eod) distributed over `tenure worker`
 * processes through BullMQ on the local Redis, results into the local PostgreSQL: with one
 * worker process and with two, against a single-process run of the same inputs. Then the
 * shared-tier hit path: market data (the bootstrapped curve) read from Redis through a
 * TieredCache whose in-process tier has just expired, against loading it from the source (read
 * the par-yield file, bootstrap).
 *
 * Each distributed run is timed whole, as a user waits for it: the coordinator loading and
 * checking the inputs, queueing the partitions, the workers loading the run's inputs, valuing
 * and upserting their partitions, the coordinator completing the run and writing the reports.
 * Workers are started (and warm) before; each configuration runs BENCH_RUNS times (default 3)
 * and the median counts. The last line is
 * {"bench":"distributed","speedup2Workers":S,"identicalToSingleProcess":true|false}
 * with S = median wall time with one worker / with two, and "identical" comparing every row of
 * every distributed run with the single-process run's.
 *
 * Options (environment): BENCH_POSITIONS (default 100000), BENCH_RUNS (default 3),
 * BENCH_PARTITION_SIZE (default 5000), REDIS_URL, TENURE_BENCH_POSTGRES_URL (default
 * postgres://postgres@127.0.0.1:5432/test). The bench drops its own schema and queue keys.
 *
 * `node --import tsx bench/distributed.ts worker …` runs a worker: the bench starts its worker
 * processes that way, on the sources.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { main } from '../src/cli/main.js';
import { runDistributedEod } from '../src/eod/distributed/eod-coordinator.js';
import { queueConnection } from '../src/distributed/queue-connection.js';
import { EOD_QUEUE, SWEEP_QUEUE } from '../src/distributed/queue-names.js';
import { openSharedTier } from '../src/distributed/shared-tier.js';
import { runEod, type EodDependencies } from '../src/eod/eod-run.js';
import { openResultsStore } from '../src/store/index.js';
import { parseDay } from '../src/valuation/dates/day.js';
import { marketDataCodec, MARKET_DATA_CODEC_VERSION } from '../src/valuation/codecs/market-data-codec.js';
import { loadMarketData } from '../src/valuation/market/market-data.js';
import { generatePortfolio } from '../src/valuation/portfolio/generate-portfolio.js';
import { formatPortfolioCsv } from '../src/valuation/portfolio/write-portfolio.js';

async function bench(): Promise<void> {
  const POSITIONS = Number(process.env.BENCH_POSITIONS ?? 100_000);
  const RUNS = Number(process.env.BENCH_RUNS ?? 3);
  const PARTITION_SIZE = Number(process.env.BENCH_PARTITION_SIZE ?? 5000);
  const DATABASE = process.env.TENURE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const REDIS = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (npm run bench:distributed does)');

  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const schema = `bench_distributed_${tag}`;
  const prefix = `tenure-bench-${tag}`;
  const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-distributed-'));
  const examples = (path: string): string => fileURLToPath(new URL(`../examples/${path}`, import.meta.url));
  const inputs = {
    portfolio: join(dir, `portfolio-${POSITIONS}.csv`),
    market: examples('market/ust-par-yields-2023.csv'),
    models: examples('models'),
    effectiveDate: '2023-12-29',
  };
  writeFileSync(inputs.portfolio, formatPortfolioCsv(generatePortfolio({ positions: POSITIONS, seed: 2023_12_29, effectiveDate: parseDay('2023-12-29')! })));
  const deps: EodDependencies = { logger: pino({ level: 'silent' }), progress: { stage() {}, advance() {}, finish() {} }, signal: new AbortController().signal, gc, versions: {} };
  const workers: WorkerProcess[] = [];

  try {
    console.log(`${POSITIONS} positions, partitions of ${PARTITION_SIZE}, PostgreSQL schema ${schema}, queue prefix ${prefix}`);
    let started = performance.now();
    const single = await runEod({ ...inputs, database: DATABASE, databaseSchema: schema, runId: 'single', reportDir: join(dir, 'single') }, deps);
    if (single.status !== 'succeeded') throw new Error(`the single-process run did not succeed: ${JSON.stringify(single)}`);
    const singleSeconds = (performance.now() - started) / 1000;
    console.log(`single process: ${singleSeconds.toFixed(2)} s  (${stages(single.timings)})`);

    await using store = await openResultsStore(DATABASE, { schema });
    const reference = await store.getResults('single');
    let identical = reference.length === POSITIONS;
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: DATABASE, options: `-c search_path=${schema}` });
    await admin.connect();
    const medians = new Map<number, number>();
    let runs = 0;
    for (const count of [1, 2]) {
      const spawned = await startWorkers(count, { redis: REDIS, prefix, database: DATABASE, schema });
      workers.push(...spawned);
      const seconds: number[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const runId = `workers-${count}-run-${run}`;
        started = performance.now();
        const outcome = await runDistributedEod({
          ...inputs, database: DATABASE, databaseSchema: schema, runId, reportDir: join(dir, runId),
          redisUrl: REDIS, queuePrefix: prefix, partitionSize: PARTITION_SIZE, waitTimeoutMs: 600_000,
        }, deps);
        const elapsed = (performance.now() - started) / 1000;
        if (outcome.status !== 'succeeded') throw new Error(`${runId} did not succeed: ${JSON.stringify(outcome)}`);
        seconds.push(elapsed);
        runs++;
        const audit = await store.getRun(runId);
        const workerMs = Object.entries(audit?.timings ?? {}).filter(([key]) => key.startsWith('workers.')).map(([key, ms]) => `${key.slice(8)} ${Math.round(ms)}`).join(', ');
        console.log(`${count} worker${count === 1 ? ' ' : 's'}, run ${run}: ${elapsed.toFixed(2)} s  (${stages(outcome.timings)}; worker ms summed: ${workerMs}; ${audit?.counts.partitionAttempts ?? '?'} partition attempts)`);
        const same = isDeepStrictEqual(await store.getResults(runId), reference);
        if (!same) console.log(`${runId}: results DIFFER from the single-process run`);
        identical &&= same;
        // Every run starts from the same table: the reference run's rows only, vacuumed.
        await admin.query('DELETE FROM results WHERE run_id = $1', [runId]);
        await admin.query('VACUUM (ANALYZE) results');
      }
      medians.set(count, median(seconds));
      await Promise.all(spawned.map((worker) => worker.stop()));
    }
    await admin.end();

    const l2 = await sharedTierHitPath(REDIS, inputs.market, inputs.effectiveDate);

    const one = medians.get(1)!;
    const two = medians.get(2)!;
    const speedup = one / two;
    console.log(`\nmedian of ${RUNS} runs: 1 worker ${one.toFixed(2)} s, 2 workers ${two.toFixed(2)} s, speed-up ${speedup.toFixed(2)}; single process ${singleSeconds.toFixed(2)} s`);
    console.log(`results of all ${runs} distributed runs identical to the single-process run: ${identical}`);
    if (l2 !== undefined) {
      console.log(`market data for ${inputs.effectiveDate}: direct load (read + bootstrap) ${l2.directMs.toFixed(3)} ms, L2 hit (Redis GET + decode) ${l2.l2HitMs.toFixed(3)} ms, ${(l2.directMs / l2.l2HitMs).toFixed(1)}× (medians of ${l2.samples}; ${l2.l2Hits} L2 hits)`);
    }
    console.log(JSON.stringify({ bench: 'distributed', speedup2Workers: Math.round(speedup * 100) / 100, identicalToSingleProcess: identical }));
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await cleanUp(REDIS, prefix, DATABASE, schema);
    rmSync(dir, { recursive: true, force: true });
  }
}

interface L2Figures {
  readonly directMs: number;
  readonly l2HitMs: number;
  readonly samples: number;
  readonly l2Hits: number;
}

/**
 * Market data through the shared tier: loaded once (and written to Redis), then read back with
 * the in-process tier expired before every read, so each fetch is an L2 hit — what a second
 * process (a worker, another session) pays instead of reading and bootstrapping.
 */
async function sharedTierHitPath(redis: string, file: string, date: string, samples = 200): Promise<L2Figures | undefined> {
  const direct: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    loadMarketData(file, date);
    direct.push(performance.now() - started);
  }
  await using tier = await openSharedTier({ url: redis, prefix: `tenure-bench-${process.pid}:` });
  if (tier.redis === undefined) {
    console.log('shared tier: no Redis connection, L2 hit path not measured');
    return undefined;
  }
  const key = `${file}|${date}|${randomBytes(4).toString('hex')}`;
  await using cache = tier.cache({
    namespace: 'bench-market-data', version: MARKET_DATA_CODEC_VERSION, codec: marketDataCodec, ttlMs: 60_000,
    // The in-process tier keeps an entry 1 ms: every fetch below goes to Redis.
    l1: { maxSize: 8 }, l1MaxTtlMs: 1, loader: () => loadMarketData(file, date),
  });
  await cache.fetch(key);
  const hits: number[] = [];
  for (let i = 0; i < samples; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    const started = performance.now();
    await cache.fetch(key);
    hits.push(performance.now() - started);
  }
  const stats = cache.stats() as unknown as { l2Hits?: number };
  await cache.invalidate(key);
  return { directMs: median(direct), l2HitMs: median(hits), samples, l2Hits: stats.l2Hits ?? Number.NaN };
}

class WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  #log = '';

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'worker', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
    this.child.stderr!.on('data', (chunk: Buffer) => { this.#log += chunk.toString(); });
    this.exited = new Promise((resolve) => { this.child.on('close', () => { resolve(); }); });
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#log.includes('"msg":"worker ready"')) {
      if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`worker ${this.child.pid} did not start:\n${this.#log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

async function startWorkers(count: number, setup: { redis: string; prefix: string; database: string; schema: string }): Promise<WorkerProcess[]> {
  const args = ['--redis', setup.redis, '--queue-prefix', setup.prefix, '--database', setup.database, '--database-schema', setup.schema];
  const workers = Array.from({ length: count }, () => new WorkerProcess(args));
  await Promise.all(workers.map((worker) => worker.ready()));
  return workers;
}

async function cleanUp(redis: string, prefix: string, database: string, schema: string): Promise<void> {
  for (const name of [EOD_QUEUE, SWEEP_QUEUE]) {
    const queue = new Queue(name, { connection: queueConnection(redis), prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

function stages(timings: Readonly<Record<string, number>>): string {
  return Object.entries(timings).map(([stage, ms]) => `${stage} ${Math.round(ms)} ms`).join(', ');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// Last, so that the classes above are initialised before either path runs.
if (process.argv[2] === 'worker') {
  process.exitCode = await main(process.argv);
} else {
  await bench();
}
