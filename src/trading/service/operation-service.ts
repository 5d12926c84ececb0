import type { LazyRegistry } from '../../lifetime/lazy-registry.js';
import type { DefaultLifetime } from '../../lifetime/default-lifetimes.js';
import type { Scope } from '../../lifetime/scope.js';
import { TenureError } from '../../errors/tenure-error.js';
import type { LoadedOperation, StrategyLink } from '../blueprint/operation-file.js';
import { resolveRunConfig } from '../blueprint/run-config.js';
import type { BacktestResult } from '../engine/backtest-result.js';
import { runBacktest } from '../engine/run-backtest.js';
import { runLive } from '../engine/run-live.js';
import { connectFeed, type FeedBar } from '../feed/websocket-feed.js';
import { BarSeriesCache } from '../market/bar-series-cache.js';
import type { WorkerDefinition } from '../workers/trading-worker.js';
import { workerCatalog } from '../workers/worker-catalog.js';
import { backtestSpecOf, liveSpecOf } from './run-specs.js';

export type StrategyStatus = 'running' | 'finished' | 'stopped' | 'failed';

/** One strategy of the operation, as `status()` reports it. */
export interface StrategyState {
  readonly id: string;
  readonly blueprint: string;
  readonly environment: string;
  readonly mode: 'backtest' | 'live';
  readonly status: StrategyStatus;
  readonly error?: string;
  readonly result?: BacktestResult;
}

export interface OperationServiceOptions {
  readonly operation: LoadedOperation;
  /** The app scope; each strategy runs in a child scope of lifetime `strategy`. */
  readonly scope: Scope<DefaultLifetime>;
  readonly bars?: BarSeriesCache;
  readonly workers?: LazyRegistry<WorkerDefinition>;
  /** How live strategies reach their feed (default: the websocket feed, with a few retries). */
  readonly connect?: (url: string, signal: AbortSignal) => AsyncIterable<FeedBar>;
  /** Use this feed address for every live strategy instead of its environment's (a local simulator). */
  readonly feedOverride?: string;
}

/** start/stop named a strategy link the operation does not have, or one already in that state. */
export class StrategyLinkError extends TenureError {
  readonly code = 'BAD_STRATEGY_LINK';
}

interface Active {
  state: StrategyState;
  readonly scope: Scope<DefaultLifetime>;
  readonly abort: AbortController;
  ended?: Promise<StrategyState>;
}

/**
 * Runs the strategies of an operation at once, each on its own: its own strategy scope, its
 * own TradingContextProvider and workforce, its own components, its own bars (a backtest's
 * file, or a live feed). Strategies start and stop independently; a strategy that throws is
 * marked failed and its scope closed, and the others go on. A stopped or ended strategy's
 * scope is closed, so a leak check of it proves nothing of it stayed reachable.
 */
export class OperationService {
  readonly #loaded: LoadedOperation;
  readonly #scope: Scope<DefaultLifetime>;
  readonly #bars: BarSeriesCache;
  readonly #workers: LazyRegistry<WorkerDefinition>;
  readonly #connect: (url: string, signal: AbortSignal) => AsyncIterable<FeedBar>;
  readonly #feedOverride: string | undefined;
  readonly #active = new Map<string, Active>();
  /** Scopes of strategies that have ended: what a leak check looks at. */
  readonly closedScopes: Scope<DefaultLifetime>[] = [];

  constructor(options: OperationServiceOptions) {
    this.#loaded = options.operation;
    this.#scope = options.scope;
    this.#bars = options.bars ?? new BarSeriesCache();
    this.#workers = options.workers ?? workerCatalog();
    this.#feedOverride = options.feedOverride;
    this.#connect = options.connect ?? ((url, signal) => connectFeed(url, { signal, reconnect: { attempts: 5, delayMs: 200 } }));
  }

  get links(): readonly StrategyLink[] {
    return this.#loaded.operation.strategyLinks;
  }

  /** Starts every active link; returns when all have started (not finished). */
  async startAll(): Promise<void> {
    for (const link of this.links) if (link.isActive) await this.start(link.id);
  }

  /**
   * Starts one strategy. Its run config, components and workforce are built before this
   * returns, so bad blueprints fail here, for this strategy only.
   */
  async start(linkId: string): Promise<void> {
    const link = this.links.find((l) => l.id === linkId);
    if (link === undefined) throw new StrategyLinkError(`operation "${this.#loaded.operation.id}" has no strategy link "${linkId}"; links: ${this.links.map((l) => l.id).join(', ')}`);
    if (this.#active.get(linkId)?.state.status === 'running') throw new StrategyLinkError(`strategy "${linkId}" is already running`);
    const config = resolveRunConfig(this.#loaded.catalog, link.blueprintId, link.environmentId);
    const mode = config.environment.kind;
    const scope = this.#scope.child('strategy', { name: linkId });
    const abort = new AbortController();
    const active: Active = {
      state: { id: linkId, blueprint: link.blueprintId, environment: link.environmentId, mode, status: 'running' },
      scope,
      abort,
    };
    this.#active.set(linkId, active);
    let run: Promise<BacktestResult>;
    try {
      if (mode === 'backtest') {
        const { spec, environment } = backtestSpecOf(config, link.environmentId);
        const series = await this.#bars.load(environment.data, environment.asset);
        run = runBacktest(spec, series, { scope, catalog: this.#workers, signal: abort.signal });
      } else {
        const { spec, environment } = liveSpecOf(config, link.environmentId);
        run = runLive(spec, this.#connect(this.#feedOverride ?? environment.feed, abort.signal), { scope, catalog: this.#workers, signal: abort.signal });
      }
    } catch (error) {
      await this.#end(active, 'failed', undefined, error);
      throw error;
    }
    active.ended = run.then(
      (result) => this.#end(active, abort.signal.aborted ? 'stopped' : 'finished', result),
      (error: unknown) => this.#end(active, abort.signal.aborted ? 'stopped' : 'failed', undefined, error),
    );
  }

  /** Stops one strategy: its run ends at the next bar, its scope closes. */
  async stop(linkId: string): Promise<StrategyState> {
    const active = this.#active.get(linkId);
    if (active === undefined) throw new StrategyLinkError(`strategy "${linkId}" was never started`);
    active.abort.abort();
    return active.ended ?? active.state;
  }

  async stopAll(): Promise<StrategyState[]> {
    return Promise.all([...this.#active.keys()].map((id) => this.stop(id)));
  }

  /** Waits until every started strategy has ended on its own (backtests done, feeds ended). */
  async settled(): Promise<StrategyState[]> {
    return Promise.all([...this.#active.values()].map((a) => a.ended ?? Promise.resolve(a.state)));
  }

  status(): StrategyState[] {
    return [...this.#active.values()].map((a) => a.state);
  }

  async #end(active: Active, status: StrategyStatus, result?: BacktestResult, error?: unknown): Promise<StrategyState> {
    active.state = {
      ...active.state,
      status,
      ...(result === undefined ? {} : { result }),
      ...(error === undefined || status === 'stopped' ? {} : { error: describeError(error) }),
    };
    await active.scope.close();
    this.closedScopes.push(active.scope);
    return active.state;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
}
