import { join } from 'node:path';
import type { Logger } from 'pino';
import { createRootScope, defaultLifetimes, LeakSentinel, ProviderRegistry, type DefaultLifetime, type LeakReport, type Scope } from '../lifetime/index.js';
import { SharedValuationCaches } from '../distributed/shared-valuation-caches.js';
import type { SharedTier } from '../distributed/shared-tier.js';
import { openResultsStore, type ResultsStore } from '../store/index.js';
import { buildScenarioCurves, KEY_RATE_TENORS } from '../valuation/suite/scenario-curves.js';
import { enrichPortfolio } from '../valuation/suite/enrich.js';
import { deriveRunId, loadEodInputs } from './eod-inputs.js';
import { DEFAULT_EOD_DATABASE, DEFAULT_REPORTS_DIR, type EodOptions } from './eod-options.js';
import type { Progress } from './progress.js';
import { resultsCsv } from './report-csv.js';
import { summarise, type RunSummary } from './run-summary.js';
import { StageTimer } from './stage-timer.js';
import { valueInstruments } from './value-positions.js';
import { writeReports } from './write-reports.js';

export interface EodDependencies {
  readonly logger: Logger;
  readonly progress: Progress;
  /** Aborts the run (SIGTERM, SIGINT): it fails cleanly, with nothing committed. */
  readonly signal: AbortSignal;
  /** Forces a full GC for the leak check. */
  readonly gc: () => void;
  readonly versions: Readonly<Record<string, string>>;
  /**
   * The shared tier (Redis), when configured: market data and model definitions are read
   * through it, so a date bootstrapped by one process is decoded by the next.
   */
  readonly sharedTier?: SharedTier;
}

/** The run's view of the shared tier: owned by the run scope, so its L1 is released with the run. */
export function sharedInputsFor(run: Scope<DefaultLifetime>, tier: SharedTier | undefined): SharedValuationCaches | undefined {
  if (tier === undefined) return undefined;
  return run.own(new SharedValuationCaches(tier), { label: 'shared inputs', dispose: (caches) => caches.close() });
}

export type EodOutcome =
  | { readonly status: 'succeeded'; readonly runId: string; readonly summary: RunSummary; readonly timings: Readonly<Record<string, number>>;
    readonly reportFiles: readonly string[]; readonly database: string; readonly leaks: LeakReport; readonly positions: number;
    /** A distributed run: how many partitions the workers valued. */
    readonly partitions?: number }
  | { readonly status: 'already-succeeded'; readonly runId: string; readonly database: string }
  | { readonly status: 'failed'; readonly runId: string; readonly reason: string; readonly database: string; readonly timings: Readonly<Record<string, number>> };

/**
 * One end-of-day run, in one run scope: load → enrich → model → value → aggregate → persist
 * (results and audit in one transaction) → report; then the scope closes and the leak sentinel
 * checks that nothing the run created is still reachable.
 *
 * Bad input (a malformed portfolio, an unknown model, a date missing from the market file)
 * throws before anything is written: earlier runs are untouched. A failure or an interrupt
 * after the run has started leaves its audit record saying "failed" and why, and no results.
 */
export async function runEod(options: EodOptions, deps: EodDependencies): Promise<EodOutcome> {
  const sentinel = new LeakSentinel({ gc: deps.gc });
  const app = createRootScope({ providers: new ProviderRegistry(defaultLifetimes), name: 'eod', leakSentinel: sentinel });
  const timer = new StageTimer();
  try {
    const store = app.own(await openResultsStore(options.database, { defaultSqlitePath: DEFAULT_EOD_DATABASE, ...(options.databaseSchema === undefined ? {} : { schema: options.databaseSchema }) }), { label: 'results store', dispose: (s) => s.close() });
    const outcome = await runInScope(app.child('run', { name: 'eod-run' }), store, options, deps, timer);
    if (outcome.status !== 'succeeded') return outcome;
    // The run scope is closed: whatever it created must now be collectable.
    const leaks = await sentinel.check();
    if (leaks.status !== 'clean') deps.logger.error({ leaks }, 'the run left objects reachable after its scope closed');
    return { ...outcome, leaks };
  } finally {
    await app.close();
  }
}

type RunResult = Exclude<EodOutcome, { status: 'succeeded' }> | (Omit<Extract<EodOutcome, { status: 'succeeded' }>, 'leaks'>);

async function runInScope(
  run: Scope<DefaultLifetime>,
  store: ResultsStore,
  options: EodOptions,
  deps: EodDependencies,
  timer: StageTimer,
): Promise<RunResult> {
  const { logger, progress, signal } = deps;
  const startedAt = new Date().toISOString();
  let runId = options.runId ?? '';
  let started = false;
  try {
    // ---- load: bad input stops here, before the database is touched ----
    progress.stage('load');
    const shared = sharedInputsFor(run, deps.sharedTier);
    const inputs = await timer.time('load', () => loadEodInputs(options, store, (part, label) => run.own(part, { label }), shared));
    const { effectiveDay, inputHashes } = inputs;
    runId ||= deriveRunId(options.effectiveDate, inputHashes);
    const audit = { runId, effectiveDate: options.effectiveDate, startedAt, inputHashes, versions: deps.versions, positions: inputs.portfolio.positions.length };

    // ---- enrich + model: everything derived once and shared by every revaluation ----
    progress.stage('enrich');
    const instruments = run.own(await timer.time('enrich', () => enrichPortfolio(inputs.portfolio.positions, inputs.models, effectiveDay)), { label: 'instruments' });
    progress.stage('model');
    const scenarios = run.own(await timer.time('model', () => buildScenarioCurves(inputs.market.curve)), { label: 'scenario curves' });

    // Only now is the run recorded: everything above could still be bad input.
    // With --force a succeeded run id starts again (its old results go); without, it is left alone.
    const start = await store.recordRunStart(audit, { force: options.force === true });
    if (start.outcome === 'already-succeeded') {
      logger.info({ runId }, 'this run id already succeeded: nothing to do');
      return { status: 'already-succeeded', runId, database: store.location };
    }
    started = true;

    // ---- value: in chunks, so a signal is seen and the progress moves ----
    progress.stage('value');
    const valuations = run.own(await timer.time('value', () => valueInstruments(instruments, scenarios, {
      signal,
      onProgress: (done, total) => { progress.advance(done, total); },
    })), { label: 'valuations' });
    progress.finish();

    progress.stage('aggregate');
    const summary = await timer.time('aggregate', () => summarise(valuations));
    signal.throwIfAborted();

    // ---- persist: results and the audit record in one transaction ----
    progress.stage('persist');
    const counts = { positions: valuations.length, ...prefixed('kind.', inputs.portfolio.counts) };
    await timer.time('persist', () => store.commitRun({
      ...audit, counts, timings: timer.snapshot(), peakRssBytes: peakRssBytes(), finishedAt: new Date().toISOString(),
    }, valuations));

    progress.stage('report');
    const reportDir = options.reportDir ?? join(DEFAULT_REPORTS_DIR, runId);
    const reportFiles = await timer.time('report', () => writeReports(reportDir, {
      runId, effectiveDate: options.effectiveDate, csv: resultsCsv(valuations, KEY_RATE_TENORS), topCandidates: valuations, summary, stageMilliseconds: timer.snapshot(),
    }));
    logger.info({ runId, positions: valuations.length, timings: timer.snapshot() }, 'run succeeded');
    return { status: 'succeeded', runId, summary, timings: timer.snapshot(), reportFiles, database: store.location, positions: valuations.length };
  } catch (error) {
    progress.finish();
    if (!started) throw error;
    const reason = signal.aborted ? describe(signal.reason) : describe(error);
    await store.failRun(runId, reason);
    logger.error({ runId, reason }, 'run failed');
    return { status: 'failed', runId, reason, database: store.location, timings: timer.snapshot() };
  } finally {
    await run.close();
  }
}

/** `{ bond: 3 }` → `{ 'kind.bond': 3 }`: the audit's counts keep per-kind figures under a prefix. */
export function prefixed(prefix: string, record: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [prefix + k, v]));
}

export function peakRssBytes(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS * 1024;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
