/**
 * What the service tests share: the example catalog (the real YAML files in examples/), an app
 * scope watched by a leak sentinel, and the eight override sets the isolation tests run.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRootScope, defaultLifetimes, LeakSentinel, ProviderRegistry } from '../../../src/lifetime/index.js';
import { loadTradingCatalog } from '../../../src/trading/blueprint/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const EXAMPLES = resolve(HERE, '../../../examples');
export const MARKET_DATA = resolve(HERE, '../../../../shared/data/market');

export function exampleCatalog() {
  return loadTradingCatalog({ blueprintsDir: resolve(EXAMPLES, 'trading/blueprints'), environmentsDir: resolve(EXAMPLES, 'trading/environments') });
}

export function appScope(name = 'test app') {
  const gc = (globalThis as { gc?: () => void }).gc;
  const sentinel = new LeakSentinel(gc === undefined ? {} : { gc });
  return createRootScope({ providers: new ProviderRegistry(defaultLifetimes), name, leakSentinel: sentinel });
}

/** Ten days of BTC minutes (about 13,000 bars) keep each run well under a second. */
const TEN_DAYS = { 'environment.to': '2022-01-10' };

/** Eight requests that differ in parameters, account and costs. */
export const EIGHT_OVERRIDES: readonly Record<string, unknown>[] = [
  { ...TEN_DAYS },
  { ...TEN_DAYS, 'blueprint.workers.fast.params.period': 5 },
  { ...TEN_DAYS, 'blueprint.workers.fast.params.period': 20, 'blueprint.workers.slow.params.period': 60 },
  { ...TEN_DAYS, 'environment.cash': 25_000 },
  { ...TEN_DAYS, 'environment.commission': 0.001, 'environment.slippage': 0.0005 },
  { ...TEN_DAYS, 'blueprint.workers.sizing.params.fraction': 0.5 },
  { ...TEN_DAYS, 'blueprint.workers.cross.params.allowShort': true, 'environment.allowShort': true },
  { ...TEN_DAYS, 'blueprint.workers.fast.params': { period: 8, source: 'hl2' }, 'blueprint.workers.sizing.params.stop': { kind: 'percent', value: 0.01 } },
];
