import { randomUUID } from 'node:crypto';
import type { LazyRegistry } from '../../lifetime/lazy-registry.js';
import type { DefaultLifetime } from '../../lifetime/default-lifetimes.js';
import type { Scope } from '../../lifetime/scope.js';
import { TenureError } from '../../errors/tenure-error.js';
import type { ConfigOverrides } from '../../config/index.js';
import { resolveRunConfig, type RunConfig } from '../blueprint/run-config.js';
import type { TradingCatalogConfig } from '../blueprint/trading-catalog.js';
import type { BacktestResult } from '../engine/backtest-result.js';
import { runBacktest, type BacktestSpec } from '../engine/run-backtest.js';
import { BarSeriesCache } from '../market/bar-series-cache.js';
import type { WorkerDefinition } from '../workers/trading-worker.js';
import { workerCatalog } from '../workers/worker-catalog.js';
import type { BacktestResultSink } from './backtest-result-sink.js';
import { backtestSpecOf } from './run-specs.js';

/** One backtest request: which strategy, in which environment, with which changes. */
export interface BacktestRequest {
  readonly blueprint: string;
  readonly environment: string;
  /** Dotted paths relative to the run config: `blueprint.workers.fast.params.period`, `environment.cash`. */
  readonly overrides?: ConfigOverrides;
}

export type BacktestStatus = 'running' | 'succeeded' | 'failed';

/** A request this process ran or is running. */
export interface BacktestRun {
  readonly id: string;
  readonly request: BacktestRequest;
  readonly status: BacktestStatus;
  /** The asset of the bars it runs on (known at submission). */
  readonly asset: string;
  readonly submittedAt: Date;
  readonly finishedAt?: Date;
  readonly error?: string;
  readonly result?: BacktestResult;
}

export interface BacktestServiceOptions {
  /** The validated, frozen catalog of blueprints and environments (app lifetime). */
  readonly catalog: TradingCatalogConfig;
  /** The app scope: each request runs in a child scope of lifetime `request`. */
  readonly scope: Scope<DefaultLifetime>;
  /** Where results go; none keeps them in memory only. */
  readonly results?: BacktestResultSink;
  /** Loaded bars, shared by requests (app lifetime); a new one by default. */
  readonly bars?: BarSeriesCache;
  readonly workers?: LazyRegistry<WorkerDefinition>;
  /** Finished runs kept in memory for status queries (default 100; older ones are in the database). */
  readonly keepFinished?: number;
  readonly clock?: () => Date;
}

/** No run with this id in this process. */
export class UnknownBacktestError extends TenureError {
  readonly code = 'TRADING_UNKNOWN_BACKTEST';

  constructor(readonly id: string) {
    super(`no backtest "${id}" in this process`);
  }
}

interface Running {
  run: BacktestRun;
  readonly abort: AbortController;
  /** Settles when the run has been saved; set right after the run starts. */
  done?: Promise<BacktestRun>;
}

/**
 * The backtest service of the request isolation pattern. The catalog was validated and frozen
 * at start-up and is never changed; each request gets its own run config (a fresh slice of the
 * catalog with the request's overrides, validated), its own data provider (its range over the
 * shared, read-only bars) and its own components, all in a request scope that closes when the
 * request ends. Requests run interleaved in this process; none can see another's state.
 */
export class BacktestService {
  readonly #catalog: TradingCatalogConfig;
  readonly #scope: Scope<DefaultLifetime>;
  readonly #results: BacktestResultSink | undefined;
  readonly #bars: BarSeriesCache;
  readonly #workers: LazyRegistry<WorkerDefinition>;
  readonly #keepFinished: number;
  readonly #clock: () => Date;
  readonly #runs = new Map<string, Running>();

  constructor(options: BacktestServiceOptions) {
    this.#catalog = options.catalog;
    this.#scope = options.scope;
    this.#results = options.results;
    this.#bars = options.bars ?? new BarSeriesCache();
    this.#workers = options.workers ?? workerCatalog();
    this.#keepFinished = options.keepFinished ?? 100;
    this.#clock = options.clock ?? (() => new Date());
  }

  get catalog(): TradingCatalogConfig {
    return this.#catalog;
  }

  /**
   * Checks a request and resolves its run config, without running it: unknown blueprint or
   * environment ids, unknown override keys and bad values throw here, naming the input.
   */
  prepare(request: BacktestRequest): { config: RunConfig; spec: BacktestSpec; data: string; asset: string } {
    const config = resolveRunConfig(this.#catalog, request.blueprint, request.environment, request.overrides ?? {});
    const { spec, environment } = backtestSpecOf(config, request.environment);
    return { config, spec, data: environment.data, asset: environment.asset };
  }

  /**
   * Validates the request, records it, and starts it; returns at once with its id. Bad input
   * throws before anything is recorded. `done` settles when the run has been saved (it never
   * rejects: a failed run is a run with status `failed`).
   */
  async submit(request: BacktestRequest): Promise<{ id: string; done: Promise<BacktestRun> }> {
    const prepared = this.prepare(request);
    // The bars are loaded before the run is recorded, so a missing or malformed data file is
    // bad input (nothing saved), not a failed run.
    const series = await this.#bars.load(prepared.data, prepared.asset);
    const id = randomUUID();
    const submittedAt = this.#clock();
    await this.#results?.recordBacktestSubmitted({
      id,
      blueprint: request.blueprint,
      environment: request.environment,
      asset: series.asset,
      request: { overrides: request.overrides ?? {}, config: prepared.config },
      submittedAt,
    });
    const abort = new AbortController();
    const entry: Running = { run: { id, request, status: 'running', asset: series.asset, submittedAt }, abort };
    this.#runs.set(id, entry);
    const done = this.#execute(entry, prepared.spec, series);
    entry.done = done;
    return { id, done };
  }

  /** Submits and waits for the outcome. */
  async run(request: BacktestRequest): Promise<BacktestRun> {
    const { done } = await this.submit(request);
    return done;
  }

  get(id: string): BacktestRun | undefined {
    return this.#runs.get(id)?.run;
  }

  list(): BacktestRun[] {
    return [...this.#runs.values()].map((r) => r.run);
  }

  /** Requests now running. */
  get running(): number {
    let n = 0;
    for (const r of this.#runs.values()) if (r.run.status === 'running') n++;
    return n;
  }

  /** Aborts a running request (it ends as failed: "aborted"). */
  cancel(id: string): void {
    const entry = this.#runs.get(id);
    if (entry === undefined) throw new UnknownBacktestError(id);
    entry.abort.abort();
  }

  /** Aborts every running request and waits until each has been saved. */
  async close(): Promise<void> {
    const pending = [...this.#runs.values()].filter((r) => r.run.status === 'running');
    for (const r of pending) r.abort.abort();
    await Promise.all(pending.map((r) => r.done ?? Promise.resolve(r.run)));
  }

  async #execute(entry: Running, spec: BacktestSpec, series: Parameters<typeof runBacktest>[1]): Promise<BacktestRun> {
    const id = entry.run.id;
    const scope = this.#scope.child('request', { name: `backtest ${id.slice(0, 8)}` });
    // Let submit() return before the first bar.
    await Promise.resolve();
    try {
      const result = await runBacktest(spec, series, { scope, catalog: this.#workers, signal: entry.abort.signal });
      const finishedAt = this.#clock();
      await this.#results?.completeBacktest(id, {
        statistics: result.statistics,
        trades: result.trades,
        equity: result.equity,
        finishedAt,
        bars: result.bars,
        events: { counts: result.eventCounts, reconciliation: result.reconciliation },
      });
      entry.run = { ...entry.run, status: 'succeeded', finishedAt, result };
    } catch (error) {
      const finishedAt = this.#clock();
      const reason = error instanceof Error ? error.message : String(error);
      try {
        await this.#results?.failBacktest(id, reason, finishedAt);
      } catch (saveError) {
        entry.run = { ...entry.run, status: 'failed', finishedAt, error: `${reason}; and saving the failure failed: ${String(saveError)}` };
      }
      if (entry.run.status === 'running') entry.run = { ...entry.run, status: 'failed', finishedAt, error: reason };
    } finally {
      await scope.close();
      this.#forgetOldRuns();
    }
    return entry.run;
  }

  #forgetOldRuns(): void {
    const finished = [...this.#runs.values()].filter((r) => r.run.status !== 'running');
    for (let i = 0; i < finished.length - this.#keepFinished; i++) this.#runs.delete(finished[i]!.run.id);
  }
}
