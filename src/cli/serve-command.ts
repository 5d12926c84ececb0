import { once } from 'node:events';
import { InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { DEFAULT_EOD_DATABASE } from '../eod/eod-options.js';
import { InterruptGuard } from '../eod/interrupt-guard.js';
import { formatLeakReport, LeakSentinel } from '../lifetime/index.js';
import { openSharedTier } from '../distributed/shared-tier.js';
import { startServer } from '../server/index.js';
import { openResultsStore } from '../store/index.js';
import { loadTradingCatalog } from '../trading/blueprint/index.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { runtimeGc } from './runtime-gc.js';

export interface ServeCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly idleTimeoutMinutes: number;
  readonly maxSessions?: number;
  readonly adminToken?: string;
  readonly bodyLimit?: number;
  readonly dataDir?: readonly string[];
  /** Directories of the blueprints and environments backtest requests may name. */
  readonly blueprints: string;
  readonly environments: string;
  /** Results database for backtests: a SQLite path or postgres:// URL; default DATABASE_URL, else .tenure/results.db. */
  readonly database?: string;
  /** Shared tier for market data: a redis:// URL; default REDIS_URL; none: each session reads its files. */
  readonly redis?: string;
}

/**
 * `tenure serve`: the model-development server, until SIGTERM or SIGINT. The trading catalog is
 * loaded and the results database opened first, so a bad catalog or an unreachable database is
 * bad input before anything listens. On a signal it stops taking requests, lets the ones in
 * flight finish, cancels the backtests still running (recorded as failed), closes every session
 * through its scope, closes the results database, and checks with the leak sentinel that the
 * sessions and backtests left nothing reachable. Logs (pino JSON) go to
 * stderr, the address and the shutdown summary to stdout. Exit 0 after a clean shutdown, 1 if
 * something was left reachable or a session failed to close.
 */
export async function serveCommand(options: ServeCommandOptions, out: (line: string) => void): Promise<number> {
  const logger = pino({ name: 'tenure-serve', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination({ dest: 2, sync: true }));
  const catalog = loadTradingCatalog({ blueprintsDir: options.blueprints, environmentsDir: options.environments });
  // Disposed when this function returns: after the server has closed and recorded every backtest.
  await using results = await openResultsStore(options.database ?? (process.env.DATABASE_URL || undefined), { defaultSqlitePath: DEFAULT_EOD_DATABASE });
  // Closed after the server (declared before it, disposed after it): sessions read through it until the end.
  await using sharedTier = await openSharedTier({ url: options.redis ?? process.env.REDIS_URL, memoryBytes: 64 * 2 ** 20 });
  using guard = new InterruptGuard();
  const sentinel = new LeakSentinel({ gc: runtimeGc() });
  const { server, url } = await startServer({
    host: options.host,
    port: options.port,
    idleTimeoutMs: options.idleTimeoutMinutes * 60_000,
    ...(options.maxSessions === undefined ? {} : { maxSessions: options.maxSessions }),
    ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimitBytes: options.bodyLimit }),
    ...(options.dataDir === undefined || options.dataDir.length === 0 ? {} : { dataDirectories: options.dataDir }),
    logger,
    leakSentinel: sentinel,
    backtests: { catalog, results },
    sharedTier,
  });
  out(`tenure serve: listening on ${url} (OpenAPI document: ${url}/openapi.json); backtests recorded in ${results.location}; shared tier: ${sharedTier.description}`);

  if (!guard.signal.aborted) await once(guard.signal, 'abort');
  const sessions = server.modelSessions.size;
  out(`tenure serve: ${describeReason(guard.signal.reason)}; closing ${sessions} session${sessions === 1 ? '' : 's'}`);
  try {
    await server.close();
  } catch (error) {
    out(`tenure serve: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILED;
  }
  const leaks = await sentinel.check();
  out(`tenure serve: stopped; ${formatLeakReport(leaks)}`);
  return leaks.status === 'leaked' ? EXIT_FAILED : EXIT_OK;
}

function describeReason(reason: unknown): string {
  return reason instanceof Error ? reason.message : 'stopping';
}

/** A TCP port, 0 to 65535 (0: any free port). */
export function parsePort(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65_535) throw new InvalidArgumentError(`expected a port number 0 to 65535, got "${text}"`);
  return value;
}

/** A positive number (fractions allowed: 0.5 minutes). */
export function parsePositiveNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`expected a positive number, got "${text}"`);
  return value;
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
