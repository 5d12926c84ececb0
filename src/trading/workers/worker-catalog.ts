import { LazyRegistry } from '../../lifetime/lazy-registry.js';
import type { WorkerDefinition } from './trading-worker.js';

/**
 * Every worker type a blueprint may name, and where its code is. Modules are imported on first
 * use and the definition (the "class") is then cached for the process by the core's
 * LazyRegistry; instances are made per strategy scope from the cached definition.
 */
const WORKER_MODULES = {
  // context
  sma: () => import('./context/sma.js').then((m) => m.smaWorker),
  ema: () => import('./context/ema.js').then((m) => m.emaWorker),
  atr: () => import('./context/atr.js').then((m) => m.atrWorker),
  regime: () => import('./context/regime.js').then((m) => m.regimeWorker),
  fair_value_gap: () => import('./context/fair-value-gap.js').then((m) => m.fairValueGapWorker),
  market_structure: () => import('./context/market-structure.js').then((m) => m.marketStructureWorker),
  liquidity_zones: () => import('./context/liquidity-zones.js').then((m) => m.liquidityZonesWorker),
  // opportunity
  sma_cross: () => import('./opportunity/sma-cross.js').then((m) => m.smaCrossWorker),
  fvg_entry: () => import('./opportunity/fvg-entry.js').then((m) => m.fvgEntryWorker),
  dca_schedule: () => import('./opportunity/dca-schedule.js').then((m) => m.dcaScheduleWorker),
  // threat
  drawdown_guard: () => import('./threat/drawdown-guard.js').then((m) => m.drawdownGuardWorker),
  volatility_spike: () => import('./threat/volatility-spike.js').then((m) => m.volatilitySpikeWorker),
  // planning
  position_sizing: () => import('./planning/position-sizing.js').then((m) => m.positionSizingWorker),
  // execution
  market_execution: () => import('./execution/market-execution.js').then((m) => m.marketExecutionWorker),
  limit_execution: () => import('./execution/limit-execution.js').then((m) => m.limitExecutionWorker),
} satisfies Record<string, () => Promise<WorkerDefinition>>;

export type WorkerType = keyof typeof WORKER_MODULES;

/** The worker types a blueprint may name. */
export const WORKER_TYPES: readonly WorkerType[] = Object.freeze(Object.keys(WORKER_MODULES) as WorkerType[]);

export function isWorkerType(name: string): name is WorkerType {
  return Object.hasOwn(WORKER_MODULES, name);
}

/** A registry of worker definitions; one per process is enough (definitions hold no state). */
export function createWorkerCatalog(): LazyRegistry<WorkerDefinition> {
  const registry = new LazyRegistry<WorkerDefinition>({ name: 'trading workers', maxSize: WORKER_TYPES.length });
  for (const type of WORKER_TYPES) {
    registry.register(type, () => WORKER_MODULES[type]());
  }
  return registry;
}

let shared: LazyRegistry<WorkerDefinition> | undefined;

/** The process's catalog: definitions are immutable, so every strategy and request may share it. */
export function workerCatalog(): LazyRegistry<WorkerDefinition> {
  shared ??= createWorkerCatalog();
  return shared;
}
