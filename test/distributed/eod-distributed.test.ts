/**
 * `tenure eod --distributed` against real `tenure worker` processes, the local Redis and the
 * local PostgreSQL: results identical to a single-process run, a worker killed with SIGKILL in
 * the middle of a partition, a partition that cannot be valued, a run nobody works on.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../../src/cli/exit-codes.js';
import { runDistributedEod } from '../../src/eod/distributed/eod-coordinator.js';
import { queueConnection } from '../../src/distributed/queue-connection.js';
import { EOD_QUEUE } from '../../src/distributed/queue-names.js';
import { runEod } from '../../src/eod/eod-run.js';
import type { Progress } from '../../src/eod/progress.js';
import { openResultsStore, type ResultsStore } from '../../src/store/index.js';
import { EFFECTIVE_DATE, eodDeps, MARKET_FILE, MODELS_DIR, portfolioFile, tempDir } from '../eod/eod-fixtures.js';
import {
  dropSchema,
  obliterateQueues,
  POSTGRES_TEST_URL,
  REDIS_TEST_URL,
  skipDistributed,
  skipNote,
  uniqueQueuePrefix,
  uniqueSchemaName,
} from './queue-test-services.js';
import { startWorkers, type LogLine, type WorkerProcess } from './worker-processes.js';

// The in-process coordinator (through main) logs to stderr; the workers keep logging at info.
process.env.LOG_LEVEL = 'warn';

interface TestSetup {
  readonly prefix: string;
  readonly schema: string;
  readonly dir: string;
}

const setups: TestSetup[] = [];
const workers: WorkerProcess[] = [];
const stores: ResultsStore[] = [];

function newSetup(label: string): TestSetup {
  const setup = { prefix: uniqueQueuePrefix(label), schema: uniqueSchemaName(`dist_${label}`), dir: tempDir(`distributed-${label}`) };
  setups.push(setup);
  return setup;
}

async function spawnWorkers(count: number, setup: TestSetup, lockDurationMs?: number): Promise<WorkerProcess[]> {
  const started = await startWorkers(count, { ...setup, ...(lockDurationMs === undefined ? {} : { lockDurationMs }) });
  workers.push(...started);
  return started;
}

async function storeOf(setup: TestSetup): Promise<ResultsStore> {
  const store = await openResultsStore(POSTGRES_TEST_URL, { schema: setup.schema });
  stores.push(store);
  return store;
}

/** The same inputs valued by one process (the reference), into the test's schema under run id "single". */
async function singleProcessRun(setup: TestSetup, portfolio: string): Promise<string> {
  const outcome = await runEod({
    portfolio, market: MARKET_FILE, models: MODELS_DIR, effectiveDate: EFFECTIVE_DATE,
    database: POSTGRES_TEST_URL, databaseSchema: setup.schema, runId: 'single', reportDir: join(setup.dir, 'single'),
  }, eodDeps());
  expect(outcome.status).toBe('succeeded');
  return 'single';
}

function distributedOptions(setup: TestSetup, portfolio: string, extra: { partitionSize?: number; waitTimeoutMs?: number } = {}) {
  return {
    portfolio, market: MARKET_FILE, models: MODELS_DIR, effectiveDate: EFFECTIVE_DATE,
    database: POSTGRES_TEST_URL, databaseSchema: setup.schema, runId: 'distributed', reportDir: join(setup.dir, 'distributed'),
    redisUrl: REDIS_TEST_URL, queuePrefix: setup.prefix, ...extra,
  };
}

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  for (const store of stores) await store.close();
  for (const setup of setups) {
    await obliterateQueues(setup.prefix);
    await dropSchema(setup.schema);
    rmSync(setup.dir, { recursive: true, force: true });
  }
}, 30_000);

describe.skipIf(skipDistributed)(`distributed EOD on ${REDIS_TEST_URL} and ${POSTGRES_TEST_URL}${skipNote}`, () => {
  it('with two worker processes gives every row and every number of a single-process run, and the same report', async () => {
    const setup = newSetup('same');
    const portfolio = portfolioFile(setup.dir, 2000, 21);
    const [spawned] = await Promise.all([spawnWorkers(2, setup), singleProcessRun(setup, portfolio)]);
    const lines: string[] = [];
    const code = await main(['node', 'tenure', 'eod', '--distributed', '--portfolio', portfolio, '--market', MARKET_FILE, '--models', MODELS_DIR,
      '--date', EFFECTIVE_DATE, '--database', POSTGRES_TEST_URL, '--database-schema', setup.schema, '--redis', REDIS_TEST_URL,
      '--queue-prefix', setup.prefix, '--partition-size', '250', '--run-id', 'distributed', '--report-dir', join(setup.dir, 'distributed'), '--no-progress'],
    (line) => { lines.push(line); }, (line) => { lines.push(line); });
    expect(code, lines.join('\n')).toBe(EXIT_OK);
    expect(lines[0]).toContain('succeeded, 2000 positions');
    expect(lines[0]).toContain('8 partitions on workers');

    const store = await storeOf(setup);
    const single = await store.getResults('single');
    const distributed = await store.getResults('distributed');
    expect(distributed).toHaveLength(2000);
    expect(distributed).toEqual(single);
    const run = await store.getRun('distributed');
    expect(run).toMatchObject({ status: 'succeeded', positions: 2000, failureReason: null });
    expect(run?.counts).toMatchObject({ positions: 2000, partitions: 8, partitionAttempts: 8 });
    expect(run?.inputHashes).toEqual((await store.getRun('single'))?.inputHashes);
    // The report is written from the stored rows, in portfolio order: the same file.
    expect(readFileSync(join(setup.dir, 'distributed', 'results.csv'), 'utf8')).toBe(readFileSync(join(setup.dir, 'single', 'results.csv'), 'utf8'));
    // Every partition was valued by one of the two processes, each once.
    const done = spawned.flatMap((worker) => worker.lines.filter((line) => line.msg === 'partition done' && line.runId === 'distributed'));
    expect(done.map((line) => line.partition).sort((a, b) => Number(a) - Number(b))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  }, 60_000);

  it('a worker killed with SIGKILL in the middle of a partition: another retries it, and every position is valued exactly once', async () => {
    const setup = newSetup('kill');
    const portfolio = portfolioFile(setup.dir, 6000, 22);
    // A one-second lock: the dead worker's job is back in the queue within about two seconds.
    const [pair] = await Promise.all([spawnWorkers(2, setup, 1000), singleProcessRun(setup, portfolio)]);
    const [first, second] = pair;
    let victim: WorkerProcess | undefined;
    let killedPartition: unknown;
    for (const worker of [first!, second!]) {
      worker.onLine((line) => {
        // The first partition to start: its worker is loading the run's inputs or valuing, not done.
        if (victim !== undefined || line.msg !== 'partition started') return;
        victim = worker;
        killedPartition = line.partition;
        worker.child.kill('SIGKILL');
      });
    }
    const outcome = await runDistributedEod(distributedOptions(setup, portfolio, { partitionSize: 2000, waitTimeoutMs: 40_000 }), eodDeps());
    expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
    expect(victim).toBeDefined();
    expect(await victim!.exited).toBeNull();
    expect(victim!.child.signalCode).toBe('SIGKILL');
    const isPartition = (msg: string) => (line: LogLine) => line.msg === msg && line.partition === killedPartition;
    // The victim never finished it; the survivor started it again (a later attempt) and finished it.
    expect(victim!.lines.some(isPartition('partition done'))).toBe(false);
    const survivor = victim === first ? second! : first!;
    const retried = survivor.lines.find(isPartition('partition started'));
    expect(retried?.attempt).toBeGreaterThanOrEqual(2);
    expect(survivor.lines.some(isPartition('partition done'))).toBe(true);

    const store = await storeOf(setup);
    const distributed = await store.getResults('distributed');
    expect(distributed).toHaveLength(6000);
    expect(new Set(distributed.map((row) => row.positionId)).size).toBe(6000);
    expect(distributed).toEqual(await store.getResults('single'));
    const run = await store.getRun('distributed');
    expect(run?.status).toBe('succeeded');
    expect(run?.counts.partitions).toBe(3);
    expect(run?.counts.partitionAttempts).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('a partition whose input is gone fails the run with the reason, keeps no results, and withdraws the other jobs', async () => {
    const setup = newSetup('fail');
    const portfolio = portfolioFile(setup.dir, 1200, 23);
    let started: Promise<WorkerProcess[]> | undefined;
    const progress: Progress = {
      // Right after the jobs are queued: the workers will not find the file the coordinator read.
      stage: (name) => {
        if (name !== 'value') return;
        rmSync(portfolio);
        started = spawnWorkers(1, setup);
      },
      advance: () => undefined,
      finish: () => undefined,
    };
    const outcome = await runDistributedEod(distributedOptions(setup, portfolio, { partitionSize: 200, waitTimeoutMs: 30_000 }), eodDeps({ progress }));
    await started;
    expect(outcome.status).toBe('failed');
    const reason = outcome.status === 'failed' ? outcome.reason : '';
    expect(reason).toMatch(/^partition \d of 6 \(positions \d+–\d+\) failed: /);
    expect(reason).toContain(portfolio);
    expect(reason).toContain('cannot read the file');

    const store = await storeOf(setup);
    const run = await store.getRun('distributed');
    expect(run).toMatchObject({ status: 'failed', failureReason: reason });
    expect(await store.getResults('distributed')).toHaveLength(0);
    const queue = new Queue(EOD_QUEUE, { connection: queueConnection(REDIS_TEST_URL), prefix: setup.prefix });
    try {
      const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized');
      expect(counts).toEqual({ waiting: 0, delayed: 0, prioritized: 0 });
    } finally {
      await queue.close();
    }
  }, 60_000);

  it('with no worker listening, the run fails when the wait times out, naming the partitions still pending', async () => {
    const setup = newSetup('timeout');
    const portfolio = portfolioFile(setup.dir, 300, 24);
    const outcome = await runDistributedEod(distributedOptions(setup, portfolio, { partitionSize: 100, waitTimeoutMs: 1500 }), eodDeps());
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' ? outcome.reason : '').toMatch(/^timed out after 1\.5 s waiting for jobs: 0 of 3 done, still pending: /);
    const store = await storeOf(setup);
    expect((await store.getRun('distributed'))?.status).toBe('failed');
  }, 30_000);

  it('an interrupt (SIGTERM, SIGINT) while waiting fails the run with the reason and withdraws its jobs', async () => {
    const setup = newSetup('abort');
    const portfolio = portfolioFile(setup.dir, 400, 26);
    const controller = new AbortController();
    const progress: Progress = {
      stage: (name) => { if (name === 'value') controller.abort(new Error('interrupted by SIGTERM')); },
      advance: () => undefined,
      finish: () => undefined,
    };
    const outcome = await runDistributedEod(distributedOptions(setup, portfolio, { partitionSize: 100 }), eodDeps({ signal: controller.signal, progress }));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'interrupted by SIGTERM' });
    const store = await storeOf(setup);
    expect(await store.getRun('distributed')).toMatchObject({ status: 'failed', failureReason: 'interrupted by SIGTERM' });
    const queue = new Queue(EOD_QUEUE, { connection: queueConnection(REDIS_TEST_URL), prefix: setup.prefix });
    try {
      expect(await queue.count()).toBe(0);
    } finally {
      await queue.close();
    }
  }, 30_000);

  it('bad input exits 2 before anything is written or queued; a SQLite database is refused', async () => {
    const setup = newSetup('bad');
    const bad = join(setup.dir, 'bad.csv');
    writeFileSync(bad, 'kind,id,face\nbond,B1,abc\n');
    const errors: string[] = [];
    const common = ['--market', MARKET_FILE, '--models', MODELS_DIR, '--date', EFFECTIVE_DATE, '--redis', REDIS_TEST_URL, '--queue-prefix', setup.prefix, '--no-progress'];
    expect(await main(['node', 'tenure', 'eod', '--distributed', '--portfolio', bad, '--database', POSTGRES_TEST_URL, '--database-schema', setup.schema, ...common],
      () => undefined, (line) => { errors.push(line); })).toBe(EXIT_BAD_INPUT);
    expect(errors.join('\n')).toMatch(/bad\.csv:2/);
    const store = await storeOf(setup);
    expect(await store.listRuns()).toHaveLength(0);

    errors.length = 0;
    expect(await main(['node', 'tenure', 'eod', '--distributed', '--portfolio', portfolioFile(setup.dir, 10, 25), '--database', join(setup.dir, 'results.sqlite'), ...common],
      () => undefined, (line) => { errors.push(line); })).toBe(EXIT_BAD_INPUT);
    expect(errors.join('\n')).toContain('need a shared database');

    const queue = new Queue(EOD_QUEUE, { connection: queueConnection(REDIS_TEST_URL), prefix: setup.prefix });
    try {
      expect(await queue.count()).toBe(0);
    } finally {
      await queue.close();
    }
  }, 30_000);
});
