import { LazyRegistry } from '../../lifetime/lazy-registry.js';
import { smaWorker } from './context/sma.js';
import { emaWorker } from './context/ema.js';
import { atrWorker } from './context/atr.js';
import { regimeWorker } from './context/regime.js';
import { fairValueGapWorker } from './context/fair-value-gap.js';
import { marketStructureWorker } from './context/market-structure.js';
import { liquidityZonesWorker } from './context/liquidity-zones.js';
import { smaCrossWorker } from './opportunity/sma-cross.js';
import { fvgEntryWorker } from './opportunity/fvg-entry.js';
import { dcaScheduleWorker } from './opportunity/dca-schedule.js';
import { drawdownGuardWorker } from './threat/drawdown-guard.js';
import { volatilitySpikeWorker } from './threat/volatility-spike.js';
import { positionSizingWorker } from './planning/position-sizing.js';
import { marketExecutionWorker } from './execution/market-execution.js';
import { limitExecutionWorker } from './execution/limit-execution.js';
import type { WorkerDefinition } from './trading-worker.js';

/**
 * Every worker type a blueprint may name. A definition (the worker's "class": its params schema
 * and factory) is taken into the process's registry on first use and cached there by the
 * core's LazyRegistry; instances are made per strategy scope from the cached definition. The
 * modules are imported statically: a worker thread running a sweep from TypeScript source
 * resolves static imports through its loader but not dynamic ones.
 */
const WORKER_DEFINITIONS = {
  sma: () => smaWorker,
  ema: () => emaWorker,
  atr: () => atrWorker,
  regime: () => regimeWorker,
  fair_value_gap: () => fairValueGapWorker,
  market_structure: () => marketStructureWorker,
  liquidity_zones: () => liquidityZonesWorker,
  sma_cross: () => smaCrossWorker,
  fvg_entry: () => fvgEntryWorker,
  dca_schedule: () => dcaScheduleWorker,
  drawdown_guard: () => drawdownGuardWorker,
  volatility_spike: () => volatilitySpikeWorker,
  position_sizing: () => positionSizingWorker,
  market_execution: () => marketExecutionWorker,
  limit_execution: () => limitExecutionWorker,
} satisfies Record<string, () => WorkerDefinition>;

export type WorkerType = keyof typeof WORKER_DEFINITIONS;

/** The worker types a blueprint may name. */
export const WORKER_TYPES: readonly WorkerType[] = Object.freeze(Object.keys(WORKER_DEFINITIONS) as WorkerType[]);

export function isWorkerType(name: string): name is WorkerType {
  return Object.hasOwn(WORKER_DEFINITIONS, name);
}

/** A registry of worker definitions; one per process is enough (definitions hold no state). */
export function createWorkerCatalog(): LazyRegistry<WorkerDefinition> {
  const registry = new LazyRegistry<WorkerDefinition>({ name: 'trading workers', maxSize: WORKER_TYPES.length });
  for (const type of WORKER_TYPES) {
    registry.register(type, () => WORKER_DEFINITIONS[type]());
  }
  return registry;
}

let shared: LazyRegistry<WorkerDefinition> | undefined;

/** The process's catalog: definitions are immutable, so every strategy and request may share it. */
export function workerCatalog(): LazyRegistry<WorkerDefinition> {
  shared ??= createWorkerCatalog();
  return shared;
}
