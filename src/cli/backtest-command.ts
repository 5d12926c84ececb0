import { writeFileSync } from 'node:fs';
import { LeakSentinel, createRootScope, defaultLifetimes, ProviderRegistry } from '../lifetime/index.js';
import { openResultsStore } from '../store/index.js';
import { DEFAULT_EOD_DATABASE } from '../eod/eod-options.js';
import { loadTradingCatalog } from '../trading/blueprint/index.js';
import { equityCsv } from '../trading/engine/equity-csv.js';
import { BacktestService } from '../trading/service/backtest-service.js';
import { runSweep } from '../trading/sweep/run-sweep.js';
import { resolveRedisUrl } from '../distributed/queue-connection.js';
import { runDistributedSweep } from '../distributed/sweep-jobs.js';
import { BarSeriesCache } from '../trading/market/bar-series-cache.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { statisticsLines } from './statistics-lines.js';
import { runtimeGc } from './runtime-gc.js';

export interface BacktestCommandOptions {
  readonly blueprint: string;
  readonly environment: string;
  readonly blueprints: string;
  readonly environments: string;
  readonly set?: Record<string, unknown>;
  readonly sweep?: Record<string, unknown>;
  readonly threads?: number;
  readonly database?: string;
  readonly databaseSchema?: string;
  readonly equityCsv?: string;
  readonly json?: boolean;
  /** With --sweep: queue the variants on Redis for `tenure worker`s instead of local threads. */
  readonly distributed?: boolean;
  readonly redis?: string;
  readonly queuePrefix?: string;
}

/**
 * `tenure backtest`: one backtest request through the BacktestService (the same path as the
 * server's), saved to the results database; or, with --sweep, a parameter sweep over worker
 * threads (statistics printed, not saved). Bad input (unknown ids, override keys, data
 * errors) throws before anything is saved: exit 2.
 */
export async function backtestCommand(options: BacktestCommandOptions, out: (line: string) => void): Promise<number> {
  const catalog = loadTradingCatalog({ blueprintsDir: options.blueprints, environmentsDir: options.environments });
  const sentinel = new LeakSentinel({ gc: runtimeGc() });
  await using app = createRootScope({ providers: new ProviderRegistry(defaultLifetimes), name: 'backtest', leakSentinel: sentinel });
  const bars = new BarSeriesCache();

  if (options.sweep !== undefined && Object.keys(options.sweep).length > 0) {
    const service = new BacktestService({ catalog, scope: app, bars });
    const variants = sweepVariants(options.sweep).map((variant) => ({ ...(options.set ?? {}), ...variant }));
    const prepared = variants.map((overrides) => service.prepare({ blueprint: options.blueprint, environment: options.environment, overrides }));
    const first = prepared[0]!;
    const series = await bars.load(first.data, first.asset);
    const started = performance.now();
    const specs = prepared.map((p) => p.spec);
    const outcomes = options.distributed === true
      ? await runDistributedSweep(specs, first.data, first.asset, {
        redis: resolveRedisUrl(options.redis),
        ...(options.queuePrefix === undefined ? {} : { prefix: options.queuePrefix }),
      })
      : await runSweep(specs, series, { ...(options.threads === undefined ? {} : { threads: options.threads }) });
    const seconds = (performance.now() - started) / 1000;
    outcomes.forEach((outcome, i) => {
      const s = outcome.statistics;
      out(`${JSON.stringify(variants[i])}  return ${(s.totalReturn * 100).toFixed(2)}%  sharpe ${s.sharpeRatio.toFixed(3)}  maxDD ${(s.maxDrawdown * 100).toFixed(2)}%  trades ${s.numberOfTrades}`);
    });
    out(`sweep: ${outcomes.length} backtests of ${outcomes[0]?.bars ?? 0} bars of ${series.asset} in ${seconds.toFixed(2)} s`);
    return EXIT_OK;
  }

  const store = app.own(
    await openResultsStore(options.database ?? (process.env.DATABASE_URL || undefined), {
      defaultSqlitePath: DEFAULT_EOD_DATABASE,
      ...(options.databaseSchema === undefined ? {} : { schema: options.databaseSchema }),
    }),
    { label: 'results store', dispose: (s) => s.close() },
  );
  const service = new BacktestService({ catalog, scope: app, results: store, bars });
  const run = await service.run({ blueprint: options.blueprint, environment: options.environment, overrides: options.set ?? {} });
  if (run.status !== 'succeeded' || run.result === undefined) {
    out(`backtest ${run.id}: FAILED: ${run.error ?? 'unknown reason'}`);
    return EXIT_FAILED;
  }
  const result = run.result;
  if (options.equityCsv !== undefined) writeFileSync(options.equityCsv, equityCsv(result.equity));
  if (options.json === true) {
    out(JSON.stringify({ id: run.id, blueprint: result.blueprint, asset: result.asset, statistics: result.statistics }));
  } else {
    out(`backtest ${run.id}: ${result.blueprint} on ${result.asset}, ${new Date(result.startTime).toISOString()} to ${new Date(result.endTime).toISOString()}`);
    for (const line of statisticsLines(result.statistics)) out(line);
    out(`  saved to ${store.location}${options.equityCsv === undefined ? '' : `; equity curve in ${options.equityCsv}`}`);
  }
  return result.reconciliation.ok ? EXIT_OK : EXIT_FAILED;
}

/** `{ a: [1, 2], b: [3, 4] }` → the four combinations. A value that is not an array is one choice. */
export function sweepVariants(sweep: Record<string, unknown>): Record<string, unknown>[] {
  let variants: Record<string, unknown>[] = [{}];
  for (const [path, values] of Object.entries(sweep)) {
    const choices = Array.isArray(values) ? values : [values];
    variants = variants.flatMap((variant) => choices.map((choice: unknown) => ({ ...variant, [path]: choice })));
  }
  return variants;
}
