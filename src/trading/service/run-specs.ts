import type { RunConfig } from '../blueprint/run-config.js';
import type { BacktestEnvironment, Environment, LiveEnvironment } from '../blueprint/environment.js';
import type { TradingSettings } from '../engine/request-components.js';
import type { BacktestSpec } from '../engine/run-backtest.js';
import type { LiveSpec } from '../engine/run-live.js';
import { TenureError } from '../../errors/tenure-error.js';

/** A backtest was asked of a live environment, or the other way round. */
export class EnvironmentKindMismatchError extends TenureError {
  readonly code = 'BAD_ENVIRONMENT_KIND';

  constructor(environment: string, expected: Environment['kind'], actual: Environment['kind']) {
    super(`environment "${environment}" is a ${actual} environment; this needs a ${expected} one`);
  }
}

function settingsOf(environment: Environment): TradingSettings {
  return {
    cash: environment.cash,
    commission: environment.commission,
    slippage: environment.slippage,
    ...(environment.maxLeverage === undefined ? {} : { maxLeverage: environment.maxLeverage }),
    ...(environment.allowShort === undefined ? {} : { allowShort: environment.allowShort }),
  };
}

function workersOf(config: RunConfig): BacktestSpec['workers'] {
  return config.blueprint.workers.map((w) => ({ name: w.name, type: w.type, params: w.params }));
}

/** What the engine needs of a backtest run config (plain data: it crosses thread boundaries). */
export function backtestSpecOf(config: RunConfig, environmentId: string): { spec: BacktestSpec; environment: BacktestEnvironment } {
  const environment = config.environment;
  if (environment.kind !== 'backtest') throw new EnvironmentKindMismatchError(environmentId, 'backtest', environment.kind);
  return {
    environment,
    spec: {
      blueprint: config.blueprint.id,
      workers: workersOf(config),
      settings: settingsOf(environment),
      ...(environment.from === undefined ? {} : { from: environment.from }),
      ...(environment.to === undefined ? {} : { to: environment.to }),
      periodsPerYear: environment.periodsPerYear,
      riskFreeRate: environment.riskFreeRate,
    },
  };
}

export function liveSpecOf(config: RunConfig, environmentId: string): { spec: LiveSpec; environment: LiveEnvironment } {
  const environment = config.environment;
  if (environment.kind !== 'live') throw new EnvironmentKindMismatchError(environmentId, 'live', environment.kind);
  return {
    environment,
    spec: {
      blueprint: config.blueprint.id,
      workers: workersOf(config),
      asset: environment.asset,
      settings: settingsOf(environment),
      periodsPerYear: environment.periodsPerYear,
      riskFreeRate: environment.riskFreeRate,
    },
  };
}
