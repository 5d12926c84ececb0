/**
 * Backtest parameter sweeps on the job queue, run by real `tenure worker` processes: the
 * outcomes equal an in-process sweep's, in the order of the specs.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runDistributedSweep, SweepSpecError } from '../../src/distributed/sweep-jobs.js';
import { BarSeriesCache } from '../../src/trading/market/bar-series-cache.js';
import { BacktestService } from '../../src/trading/service/backtest-service.js';
import { runSweep } from '../../src/trading/sweep/run-sweep.js';
import { tempDir } from '../eod/eod-fixtures.js';
import { appScope, EIGHT_OVERRIDES, exampleCatalog } from '../trading/service/service-fixtures.js';
import { dropSchema, obliterateQueues, REDIS_TEST_URL, skipDistributed, skipNote, uniqueQueuePrefix, uniqueSchemaName } from './queue-test-services.js';
import { startWorkers, type WorkerProcess } from './worker-processes.js';

const prefix = uniqueQueuePrefix('sweep');
const schema = uniqueSchemaName('dist_sweep');
const dir = tempDir('distributed-sweep');
const app = appScope('sweep test');
let workers: WorkerProcess[] = [];

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await obliterateQueues(prefix);
  await dropSchema(schema);
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe.skipIf(skipDistributed)(`distributed backtest sweeps on ${REDIS_TEST_URL}${skipNote}`, () => {
  it('two worker processes give the outcomes of an in-process sweep, in the order of the specs', async () => {
    workers = await startWorkers(2, { prefix, schema });
    const bars = new BarSeriesCache();
    const service = new BacktestService({ catalog: exampleCatalog(), scope: app, bars });
    const prepared = EIGHT_OVERRIDES.map((overrides) => service.prepare({ blueprint: 'sma_cross', environment: 'backtest_btc_2022_01', overrides }));
    const specs = prepared.map((p) => p.spec);
    const { data, asset } = prepared[0]!;

    const distributed = await runDistributedSweep(specs, data, asset, { redis: REDIS_TEST_URL, prefix, timeoutMs: 40_000 });
    const inProcess = await runSweep(specs, await bars.load(data, asset), { threads: 0 });
    expect(distributed).toHaveLength(EIGHT_OVERRIDES.length);
    expect(distributed).toEqual(inProcess);
    // The variants differ, so the order really was kept.
    expect(new Set(distributed.map((outcome) => outcome.statistics.finalEquity)).size).toBe(EIGHT_OVERRIDES.length);
    // Each variant ran once, on one of the workers.
    const started = workers.flatMap((worker) => worker.lines.filter((line) => line.msg === 'sweep variant started'));
    expect(started).toHaveLength(EIGHT_OVERRIDES.length);
    await service.close();
  }, 60_000);

  it('refuses a spec that JSON would change, before queueing anything', async () => {
    const spec = { blueprint: 'x', workers: [], settings: { cash: Number.POSITIVE_INFINITY, commission: 0, slippage: 0 } };
    await expect(runDistributedSweep([spec], 'bars.csv', 'BTC', { redis: REDIS_TEST_URL, prefix })).rejects.toThrow(SweepSpecError);
  });

  it('`tenure backtest --sweep … --distributed` sends the variants to the same workers', async () => {
    const out: string[] = [];
    const code = await main(
      ['node', 'tenure', 'backtest', '--blueprint', 'sma_cross', '--environment', 'backtest_btc_2022_01', '--set', 'environment.to=2022-01-03',
        '--sweep', 'blueprint.workers.fast.params.period=[5,10,20]', '--distributed', '--redis', REDIS_TEST_URL, '--queue-prefix', prefix],
      (line) => out.push(line),
      (line) => out.push(line),
    );
    expect(code).toBe(0);
    expect(out.filter((line) => line.startsWith('{') && line.includes('"blueprint.workers.fast.params.period"'))).toHaveLength(3);
    expect(out.at(-1)).toMatch(/^sweep: 3 backtests of \d+ bars of BTC-PERP in /);
  }, 60_000);
});
