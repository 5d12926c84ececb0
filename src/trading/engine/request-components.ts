import type { LazyRegistry } from '../../lifetime/lazy-registry.js';
import type { DefaultLifetime } from '../../lifetime/default-lifetimes.js';
import type { Scope } from '../../lifetime/scope.js';
import type { BarHistory } from '../market/bar-history.js';
import type { WorkerDefinition } from '../workers/trading-worker.js';
import { AccountLedgerView } from './account-ledger-view.js';
import { BarClock } from './bar-clock.js';
import { CurrentBar } from './current-bar.js';
import { EventLogger } from './event-logger.js';
import { ExecutionManager } from './execution-manager.js';
import { ExposureMonitor } from './exposure-monitor.js';
import { PnLCalculator, type EquityStorage } from './pnl-calculator.js';
import { PositionMonitor } from './position-monitor.js';
import { Reconciliation } from './reconciliation.js';
import { RiskMonitor } from './risk-monitor.js';
import { StrategyManager } from './strategy-manager.js';
import { TradeTracker } from './trade-tracker.js';
import { buildWorkforce, type WorkerSpec } from './workforce.js';

/** The account and fill settings of one request (from its execution environment plus overrides). */
export interface TradingSettings {
  readonly cash: number;
  /** Fraction of notional per fill. */
  readonly commission: number;
  /** Fraction of price against the trader, market orders. */
  readonly slippage: number;
  /** Most |position × price| / equity (default 1: no leverage). */
  readonly maxLeverage?: number;
  readonly allowShort?: boolean;
}

/**
 * Every stateful part of one request, made fresh for it (the request isolation pattern): no
 * field of one request's components can reach another's. Built by {@link createRequestComponents}.
 */
export interface RequestComponents {
  readonly positions: PositionMonitor;
  readonly exposure: ExposureMonitor;
  readonly risk: RiskMonitor;
  readonly pnl: PnLCalculator;
  readonly trades: TradeTracker;
  readonly execution: ExecutionManager;
  readonly reconciliation: Reconciliation;
  readonly log: EventLogger;
  readonly strategy: StrategyManager;
  readonly account: AccountLedgerView;
  /** The request's one clock: the current bar's time. */
  readonly clock: BarClock;
  /** The bar being processed, read by every component (see CurrentBar). */
  readonly bar: CurrentBar;
}

export interface ComponentOptions {
  readonly blueprint: string;
  readonly workers: readonly WorkerSpec[];
  readonly asset: string;
  readonly settings: TradingSettings;
  readonly history: BarHistory;
  readonly catalog: LazyRegistry<WorkerDefinition>;
  /** Bars expected (sizes the equity curve). */
  readonly expectedBars?: number;
  /** Memory to record the equity curve in (reused across a sweep thread's runs); new arrays by default. */
  readonly equityStorage?: EquityStorage;
  /** Keep event texts (default true); a sweep keeps only counts. */
  readonly keepEvents?: boolean;
}

export async function createRequestComponents(options: ComponentOptions): Promise<RequestComponents> {
  const { settings } = options;
  const log = new EventLogger({ keepEvents: options.keepEvents ?? true });
  const bar = new CurrentBar();
  const clock = new BarClock(bar);
  const positions = new PositionMonitor(settings.cash);
  const pnl = new PnLCalculator(positions, bar, options.expectedBars, options.equityStorage);
  const exposure = new ExposureMonitor(positions, pnl, bar);
  const risk = new RiskMonitor({ maxLeverage: settings.maxLeverage ?? 1, allowShort: settings.allowShort ?? false }, positions, log);
  const trades = new TradeTracker(options.asset);
  const reconciliation = new Reconciliation(positions);
  const execution = new ExecutionManager({ commission: settings.commission, slippage: settings.slippage }, options.asset, {
    positions,
    risk,
    trades,
    reconciliation,
    log,
    bar,
  });
  const account = new AccountLedgerView(positions, pnl);
  const workforce = await buildWorkforce(options.blueprint, options.workers, { bars: options.history, account, orders: execution, clock }, options.catalog);
  const strategy = new StrategyManager(options.asset, workforce.provider, workforce.workers);
  return { positions, exposure, risk, pnl, trades, execution, reconciliation, log, strategy, account, clock, bar };
}

/** Hands a request's components to its scope, so the scope's leak check covers every one of them. */
export function ownComponents(scope: Scope<DefaultLifetime> | undefined, components: RequestComponents): void {
  if (scope === undefined) return;
  for (const [name, part] of Object.entries(components)) scope.own(part as object, { label: name });
}
