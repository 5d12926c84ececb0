import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { InterruptGuard } from '../eod/interrupt-guard.js';
import { createRootScope, defaultLifetimes, expectScopeCollected, LeakSentinel, ProviderRegistry, ScopeLeakError } from '../lifetime/index.js';
import { loadOperation } from '../trading/blueprint/index.js';
import { OperationService, type StrategyState } from '../trading/service/operation-service.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { runtimeGc } from './runtime-gc.js';
import { statisticsLines } from './statistics-lines.js';

export interface OperateCommandOptions {
  readonly feed?: string;
  /** Stop every strategy after this many seconds (default: when all have ended, or on SIGINT/SIGTERM). */
  readonly duration?: number;
}

/**
 * `tenure operate <operation.yaml>`: runs every active strategy link at once, backtests and
 * live (paper) strategies side by side, each in its own strategy scope with its own context
 * provider. Ends when every strategy has ended (backtests done, feeds closed), after
 * --duration, or on SIGINT/SIGTERM (every strategy is stopped). Then each strategy's scope is
 * leak-checked. Exit 0 when every strategy finished or was stopped and nothing leaked; 1 when
 * a strategy failed or something stayed reachable; 2 for a bad operation file.
 */
export async function operateCommand(file: string, options: OperateCommandOptions, out: (line: string) => void): Promise<number> {
  const loaded = loadOperation(file);
  const logger = pino({ name: 'tenure-operate', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination({ dest: 2, sync: true }));
  using guard = new InterruptGuard();
  const sentinel = new LeakSentinel({ gc: runtimeGc() });
  const app = createRootScope({ providers: new ProviderRegistry(defaultLifetimes), name: `operate ${loaded.operation.id}`, leakSentinel: sentinel });
  const service = new OperationService({ operation: loaded, scope: app, ...(options.feed === undefined ? {} : { feedOverride: options.feed }) });
  let states: StrategyState[];
  try {
    await service.startAll();
    for (const state of service.status()) logger.info({ strategy: state.id, mode: state.mode, blueprint: state.blueprint }, 'strategy started');
    const waits: Promise<unknown>[] = [service.settled(), new Promise((resolve) => { guard.signal.addEventListener('abort', resolve, { once: true }); })];
    if (options.duration !== undefined) waits.push(sleep(options.duration * 1000, undefined, { ref: false }));
    await Promise.race(waits);
  } finally {
    // Whatever ended the wait (or a strategy that failed to start): every strategy is stopped.
    states = await service.stopAll();
  }
  let failed = false;
  for (const state of states) {
    out(`strategy ${state.id} (${state.mode}: ${state.blueprint} × ${state.environment}): ${state.status}${state.error === undefined ? '' : ` — ${state.error}`}`);
    if (state.result !== undefined) {
      out(`  ${state.result.bars} bars of ${state.result.asset}`);
      for (const line of statisticsLines(state.result.statistics)) out(line);
    }
    if (state.status === 'failed') failed = true;
  }
  await app.close();
  for (const scope of service.closedScopes) {
    try {
      await expectScopeCollected(scope);
    } catch (error) {
      if (!(error instanceof ScopeLeakError)) throw error;
      out(`leak check FAILED for ${scope.path}: ${error.message}`);
      failed = true;
    }
  }
  if (!failed) out(`leak check: ${service.closedScopes.length} strategy scopes closed, nothing reachable`);
  return failed ? EXIT_FAILED : EXIT_OK;
}
