/**
 * A worker's loaded inputs of the run it is working on. Every partition of a run needs the
 * same portfolio, market data, models and scenario curves, so a worker loads them once per run
 * (attempt) and shares them between that run's partitions (a CSV portfolio is read and
 * hash-checked once, then parsed a partition at a time: see eod-portfolio-slices). They are
 * run-lifetime objects held by an app-lifetime process, so the hold is bounded three ways: at
 * most two runs (a job of another run drops the others), a TTL since they were loaded (a run
 * that outlasts it loads them again), and the models registry is disposed when its run leaves —
 * but never under a partition still valuing with it (leases are counted).
 */
import { BoundedCache } from '../../cache/bounded-cache.js';
import { TenureError } from '../../errors/tenure-error.js';
import { loadMarketAndModels, parseEffectiveDate, type EodInputs, type PortfolioSource } from '../eod-inputs.js';
import { buildScenarioCurves, type ScenarioCurves } from '../../valuation/suite/scenario-curves.js';
import type { EodPartitionJob } from './eod-partitions.js';
import { openPortfolioSlices, type PortfolioSlices } from './eod-portfolio-slices.js';

/** The worker read other bytes than the coordinator did (a file changed since the run started). */
export class EodInputsChangedError extends TenureError {
  readonly code = 'EOD_INPUTS_CHANGED';

  constructor(readonly runId: string, problem: string) {
    super(`run ${runId}: ${problem}; the worker refuses to value inputs other than the ones the run started with`);
  }
}

/** A run's inputs with its scenario curves, ready for any of its partitions. */
export interface RunInputs extends Omit<EodInputs, 'portfolio'> {
  /** The portfolio, one partition at a time. */
  readonly portfolio: PortfolioSlices;
  readonly scenarios: ScenarioCurves;
}

/** The inputs of one run, held until released. */
export interface InputLease {
  readonly inputs: RunInputs;
  /** Whether this call loaded them (else another partition of the run had). */
  readonly loaded: boolean;
  release(): void;
}

interface Entry {
  readonly inputs: RunInputs;
  leases: number;
  /** Left the cache: dispose when the last lease goes. */
  evicted: boolean;
}

export interface EodInputCacheOptions {
  /** Drop a run's inputs this long after they were loaded (default one hour). */
  readonly ttlMs?: number;
}

export class EodInputCache implements Disposable {
  readonly #cache: BoundedCache<string, Entry>;

  constructor(options: EodInputCacheOptions = {}) {
    this.#cache = new BoundedCache<string, Entry>({
      name: 'eod run inputs',
      // Two: a worker with concurrency > 1 may finish one run while the next one starts.
      maxSize: 2,
      policy: 'lru',
      ttl: options.ttlMs ?? 60 * 60_000,
      dispose: (entry) => {
        if (entry === undefined) return;
        entry.evicted = true;
        if (entry.leases === 0) entry.inputs.models[Symbol.dispose]();
      },
    });
  }

  /** Runs whose inputs are held now. */
  get size(): number {
    return this.#cache.size;
  }

  /**
   * The inputs of the job's run: from the cache, or loaded (once, however many partitions ask
   * at the same time) and checked against the hashes the coordinator recorded. Inputs of other
   * runs are dropped first: a worker moves on to the next run, it does not go back.
   */
  async acquire(job: EodPartitionJob, database: PortfolioSource): Promise<InputLease> {
    const key = `${job.runId}|${job.startedAt}`;
    for (const other of this.#keys()) if (other !== key) this.#cache.delete(other);
    let loaded = false;
    const entry = await this.#cache.fetch(key, {
      loader: async () => {
        loaded = true;
        return { inputs: await loadRunInputs(job, database), leases: 0, evicted: false };
      },
    });
    entry.leases++;
    let released = false;
    return {
      inputs: entry.inputs,
      loaded,
      release: () => {
        if (released) return;
        released = true;
        entry.leases--;
        if (entry.leases === 0 && entry.evicted) entry.inputs.models[Symbol.dispose]();
      },
    };
  }

  clear(): void {
    this.#cache.clear();
  }

  [Symbol.dispose](): void {
    this.#cache.clear();
  }

  #keys(): string[] {
    return [...this.#cache.keys()];
  }
}

async function loadRunInputs(job: EodPartitionJob, database: PortfolioSource): Promise<RunInputs> {
  const owned: Disposable[] = [];
  try {
    const effectiveDay = parseEffectiveDate(job.inputs.effectiveDate);
    const portfolio = await openPortfolioSlices(job.inputs.portfolio, database);
    const { market, models, inputHashes } = loadMarketAndModels(job.inputs, effectiveDay, (part) => {
      if (Symbol.dispose in part) owned.push(part as Disposable);
      return part;
    });
    const hashes: Record<string, string> = { portfolio: portfolio.sourceHash, ...inputHashes };
    for (const [name, expected] of Object.entries(job.inputHashes)) {
      const actual = hashes[name];
      if (actual !== expected) throw new EodInputsChangedError(job.runId, `${name} (${describeSource(name, job)}) hashes to ${actual ?? 'nothing'} here, but to ${expected} when the run started`);
    }
    if (portfolio.length !== job.positions) {
      throw new EodInputsChangedError(job.runId, `the portfolio holds ${portfolio.length} positions here, ${job.positions} when the run started`);
    }
    return { effectiveDay, portfolio, market, models, inputHashes: hashes, scenarios: buildScenarioCurves(market.curve) };
  } catch (error) {
    for (const part of owned) part[Symbol.dispose]();
    throw error;
  }
}

function describeSource(name: string, job: EodPartitionJob): string {
  switch (name) {
    case 'portfolio': return job.inputs.portfolio;
    case 'market': return job.inputs.market;
    case 'models': return job.inputs.models;
    default: return name;
  }
}
