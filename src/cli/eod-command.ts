import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { runDistributedEod } from '../eod/distributed/eod-coordinator.js';
import { resolveRedisUrl } from '../distributed/queue-connection.js';
import { openSharedTier } from '../distributed/shared-tier.js';
import { runEod, type EodOutcome } from '../eod/eod-run.js';
import type { EodOptions } from '../eod/eod-options.js';
import { InterruptGuard } from '../eod/interrupt-guard.js';
import { createProgress } from '../eod/progress.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { runtimeGc } from './runtime-gc.js';

/** The example inputs shipped with the package: `tenure eod` with no flags values these. */
export const EXAMPLE_INPUTS = {
  portfolio: fileURLToPath(new URL('../../examples/portfolios/example-10000.csv', import.meta.url)),
  market: fileURLToPath(new URL('../../examples/market/ust-par-yields-2023.csv', import.meta.url)),
  models: fileURLToPath(new URL('../../examples/models', import.meta.url)),
  date: '2023-12-29',
} as const;

export interface EodCommandOptions {
  readonly portfolio: string;
  readonly market: string;
  readonly date: string;
  readonly models: string;
  readonly database?: string;
  readonly databaseSchema?: string;
  readonly runId?: string;
  readonly reportDir?: string;
  readonly force?: boolean;
  readonly progress?: boolean;
  /** Value the partitions on `tenure worker` processes through the Redis queue. */
  readonly distributed?: boolean;
  readonly redis?: string;
  readonly queuePrefix?: string;
  readonly partitionSize?: number;
  /** Seconds to wait for every partition before failing the run. */
  readonly waitTimeout?: number;
}

/**
 * `tenure eod`: one end-of-day run in this process, or with --distributed its coordinator
 * (partitions valued by `tenure worker` processes). Progress goes to stderr (a bar on a
 * terminal, JSON log lines otherwise), the summary to stdout. SIGTERM and SIGINT fail the run
 * cleanly. Returns the exit code: 0 ok, 1 the run failed (or left objects reachable), and bad
 * input throws (exit 2) before anything is written.
 */
export async function eodCommand(options: EodCommandOptions, versions: Readonly<Record<string, string>>, out: (line: string) => void): Promise<number> {
  const logger = pino({ name: 'tenure-eod', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination({ dest: 2, sync: true }));
  // commander sets progress to true unless --no-progress: a bar only on a terminal, never forced.
  const tty = options.progress !== false && process.stderr.isTTY;
  using guard = new InterruptGuard();
  const runOptions: EodOptions = {
    portfolio: options.portfolio,
    market: options.market,
    effectiveDate: options.date,
    models: options.models,
    // An empty DATABASE_URL means unset, as most tools read it.
    database: options.database ?? (process.env.DATABASE_URL || undefined),
    ...(options.databaseSchema === undefined ? {} : { databaseSchema: options.databaseSchema }),
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.reportDir === undefined ? {} : { reportDir: options.reportDir }),
    force: options.force ?? false,
  };
  // The shared tier when Redis is configured (--redis or REDIS_URL): market data and models are
  // read through it. Redis being down is not an error: everything falls back to the files.
  const redisUrl = options.redis ?? (process.env.REDIS_URL || undefined);
  await using sharedTier = redisUrl === undefined ? undefined : await openSharedTier({ url: redisUrl });
  const deps = { logger, progress: createProgress({ tty, logger }), signal: guard.signal, gc: runtimeGc(), versions, ...(sharedTier === undefined ? {} : { sharedTier }) };
  const outcome = options.distributed === true
    ? await runDistributedEod({
      ...runOptions,
      redisUrl: resolveRedisUrl(options.redis),
      ...(options.queuePrefix === undefined ? {} : { queuePrefix: options.queuePrefix }),
      ...(options.partitionSize === undefined ? {} : { partitionSize: options.partitionSize }),
      ...(options.waitTimeout === undefined ? {} : { waitTimeoutMs: options.waitTimeout * 1000 }),
    }, deps)
    : await runEod(runOptions, deps);
  for (const line of describeOutcome(outcome)) out(line);
  if (outcome.status === 'failed') return EXIT_FAILED;
  if (outcome.status === 'succeeded' && outcome.leaks.status !== 'clean') return EXIT_FAILED;
  return EXIT_OK;
}

function describeOutcome(outcome: EodOutcome): string[] {
  switch (outcome.status) {
    case 'already-succeeded':
      return [`eod ${outcome.runId}: already succeeded in ${outcome.database}; nothing to do (use --force to value again)`];
    case 'failed':
      return [`eod ${outcome.runId}: FAILED: ${outcome.reason}`, `  database: ${outcome.database} (audit record says failed; no results kept)`];
    case 'succeeded': {
      const { summary, timings } = outcome;
      const money = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
      const totalMs = Object.values(timings).reduce((a, b) => a + b, 0);
      return [
        `eod ${outcome.runId}: succeeded, ${outcome.positions} positions in ${(totalMs / 1000).toFixed(2)} s${outcome.partitions === undefined ? '' : ` (${outcome.partitions} partitions on workers)`}`,
        `  NPV       ${money(summary.total.npv)} (bonds ${money(summary.byKind.bond.npv)}, MBS ${money(summary.byKind.mbs.npv)}, swaps ${money(summary.byKind.swap.npv)})`,
        `  DV01      ${money(summary.total.dv01)}; +100 bp ${money(summary.total.shockUp100)}, -100 bp ${money(summary.total.shockDown100)}`,
        `  stages    ${Object.entries(timings).map(([stage, ms]) => `${stage} ${ms.toFixed(0)} ms`).join(', ')}`,
        `  leaks     ${outcome.leaks.status}`,
        `  database  ${outcome.database}`,
        `  reports   ${outcome.reportFiles.join(', ')}`,
      ];
    }
  }
}
