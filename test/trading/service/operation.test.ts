import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectScopeCollected } from '../../../src/lifetime/index.js';
import { LazyRegistry } from '../../../src/lifetime/lazy-registry.js';
import { loadOperation, resolveRunConfig } from '../../../src/trading/blueprint/index.js';
import { runBacktest } from '../../../src/trading/engine/run-backtest.js';
import { startFeedSimulator } from '../../../src/trading/feed/feed-simulator.js';
import { readBars } from '../../../src/trading/market/read-bars.js';
import { OperationService } from '../../../src/trading/service/operation-service.js';
import { backtestSpecOf, liveSpecOf } from '../../../src/trading/service/run-specs.js';
import { createWorkerCatalog, WORKER_TYPES } from '../../../src/trading/workers/worker-catalog.js';
import type { WorkerDefinition } from '../../../src/trading/workers/trading-worker.js';
import { appScope, EXAMPLES, MARKET_DATA } from './service-fixtures.js';

const BTC = join(MARKET_DATA, 'BTC-PERP-1m-2022-01.csv');
/** Two days of minutes for the live feed. */
const liveBars = readBars(BTC, { asset: 'BTC-PERP', to: Date.UTC(2022, 0, 2) });

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the multi-strategy operation example', () => {
  it('runs the ICT/SMC strategy live against the simulator and the DCA backtest together, then leaves nothing behind', async () => {
    const simulator = await startFeedSimulator({ series: liveBars, speed: 0 });
    cleanups.push(() => simulator.close());
    const app = appScope('operation');
    const loaded = loadOperation(join(EXAMPLES, 'operations/multi-strategy.yaml'));
    const service = new OperationService({ operation: loaded, scope: app, feedOverride: simulator.url });
    await service.startAll();
    expect(service.status().map((s) => [s.blueprint, s.mode, s.status])).toEqual([
      ['ict_smc_strategy', 'live', 'running'],
      ['smart_dca_btc', 'backtest', 'running'],
    ]);
    const states = await service.settled();
    for (const state of states) {
      expect(state.error).toBeUndefined();
      expect(state.status).toBe('finished');
    }
    const [live, backtest] = states;
    expect(live!.result!.bars).toBe(liveBars.length);
    expect(live!.result!.reconciliation.ok).toBe(true);

    // One kernel for both modes: the live run equals a backtest of the same bars.
    const liveConfig = liveSpecOf(resolveRunConfig(loaded.catalog, 'ict_smc_strategy', 'live_local_btc'), 'live_local_btc').spec;
    const replay = await runBacktest({ blueprint: liveConfig.blueprint, workers: liveConfig.workers, settings: liveConfig.settings }, liveBars);
    expect(live!.result!.statistics).toEqual(replay.statistics);
    expect(live!.result!.trades).toEqual(replay.trades);

    // The backtest beside it equals the same backtest alone.
    const { spec, environment } = backtestSpecOf(resolveRunConfig(loaded.catalog, 'smart_dca_btc', 'backtest_btc_2022_01'), 'backtest_btc_2022_01');
    const alone = await runBacktest(spec, readBars(environment.data, { asset: environment.asset }));
    expect(backtest!.result!.statistics).toEqual(alone.statistics);

    expect(service.closedScopes).toHaveLength(2);
    for (const scope of service.closedScopes) {
      expect(scope.state).toBe('closed');
      const report = await expectScopeCollected(scope);
      expect(report.status).toBe('clean');
    }
    await app.close();
  });

  it('stops one strategy while the other goes on', async () => {
    const simulator = await startFeedSimulator({ series: liveBars, speed: 500 });
    cleanups.push(() => simulator.close());
    const app = appScope('operation stop');
    const service = new OperationService({ operation: loadOperation(join(EXAMPLES, 'operations/multi-strategy.yaml')), scope: app, feedOverride: simulator.url });
    await service.startAll();
    const liveId = service.links[0]!.id;
    const backtestId = service.links[1]!.id;
    await new Promise((r) => setTimeout(r, 300));
    const stopped = await service.stop(liveId);
    expect(stopped.status).toBe('stopped');
    expect(stopped.result!.bars).toBeGreaterThan(0);
    expect(stopped.result!.bars).toBeLessThan(liveBars.length);
    const [, backtest] = await service.settled();
    expect(backtest!.id).toBe(backtestId);
    expect(backtest!.status).toBe('finished');
    for (const scope of service.closedScopes) await expectScopeCollected(scope);
    await app.close();
  });
});

describe('a strategy that throws', () => {
  it('stops alone; the others go on and their results are those of running alone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tenure-operation-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    for (const dir of ['blueprints', 'environments', 'operations']) mkdirSync(join(root, dir));
    const sma = 'workers:\n  - { name: fast, type: sma, params: { period: 10 } }\n  - { name: slow, type: sma, params: { period: 40 } }\n  - { name: cross, type: sma_cross }\n  - { name: sizing, type: position_sizing }\n  - { name: execution, type: market_execution }\n';
    writeFileSync(join(root, 'blueprints/steady.yaml'), sma);
    writeFileSync(join(root, 'blueprints/fragile.yaml'), `${sma}  - { name: guard, type: drawdown_guard, params: { failAtBar: 500 } }\n`);
    writeFileSync(join(root, 'environments/btc.yaml'), `kind: backtest\ndata: ${BTC}\nto: 2022-01-03\ncash: 10000\ncommission: 0\nslippage: 0\n`);
    writeFileSync(
      join(root, 'operations/op.yaml'),
      'blueprints: ../blueprints\nenvironments: ../environments\nstrategy_links:\n  - { strategy_blueprint_id: fragile, execution_environment_id: btc }\n  - { strategy_blueprint_id: steady, execution_environment_id: btc }\n',
    );
    // The drawdown guard of this process throws on its 500th bar: a bug in one strategy's worker.
    const real = createWorkerCatalog();
    const fragile: WorkerDefinition<{ failAtBar: number }> = {
      type: 'drawdown_guard',
      kind: 'threat',
      description: 'throws on a given bar',
      params: z.strictObject({ failAtBar: z.int() }),
      create(name, params) {
        let bars = 0;
        return {
          name,
          kind: 'threat',
          onBar() {
            if (++bars === params.failAtBar) throw new Error('division by zero in the guard');
          },
        };
      },
    };
    const workers = new LazyRegistry<WorkerDefinition>({ name: 'test workers' });
    for (const type of WORKER_TYPES) workers.register(type, type === 'drawdown_guard' ? () => fragile : () => real.get(type));

    const app = appScope('operation failure');
    const loaded = loadOperation(join(root, 'operations/op.yaml'));
    const service = new OperationService({ operation: loaded, scope: app, workers });
    await service.startAll();
    const [failed, steady] = await service.settled();
    expect(failed!.status).toBe('failed');
    expect(failed!.error).toMatch(/worker "guard" failed on the bar of 2022-01-01T.*division by zero in the guard/);
    expect(steady!.status).toBe('finished');
    const { spec, environment } = backtestSpecOf(resolveRunConfig(loaded.catalog, 'steady', 'btc'), 'btc');
    const alone = await runBacktest(spec, readBars(environment.data, { asset: environment.asset }));
    expect(steady!.result!.statistics).toEqual(alone.statistics);
    for (const scope of service.closedScopes) await expectScopeCollected(scope);
    await app.close();
  });
});
