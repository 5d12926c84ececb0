import type { Clock } from '../clock/clock.js';
import type { DefaultLifetime, Scope } from '../lifetime/index.js';
import { DeltaTracker, type DeltaDecision, type DeltaIteration } from '../session/index.js';
import type { MarketData } from '../valuation/market/market-data.js';
import { readPortfolio, type Portfolio } from '../valuation/portfolio/index.js';
import { loadModelRegistry, type PrepaymentModelRegistry } from '../valuation/prepayment/index.js';
import { diff, resolveParameters, ValuationWorkflow, WorkflowInputError, WorkflowParameterError, type RunDifference, type WorkflowRun } from '../valuation/workflow/index.js';
import { locateInputError } from './error-mapping.js';
import { HttpError } from './http-error.js';
import { MarketDataCache, type MarketSource } from './market-data-cache.js';

/** Prepayment model parameters of one iteration: `{ [model]: { [parameter]: number } }`. */
export type ModelParameters = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** A portfolio named by a request: a file (already resolved to a real path in a data directory) or positions sent inline. */
export type PortfolioSource = { readonly file: string } | { readonly inline: Portfolio };

/** What a session is opened with, every path already checked. */
export interface SessionInit {
  readonly portfolio: PortfolioSource;
  readonly market: MarketSource;
  /** Directory of prepayment model files (a real path in a data directory). */
  readonly models: string;
}

/**
 * What one iteration asks for: parameters, and optionally other inputs (which make it a full
 * run). A market without a file keeps the session's market file and changes only the date.
 */
export interface IterationRequest {
  readonly parameters: ModelParameters;
  readonly portfolio?: PortfolioSource;
  readonly market?: { readonly file?: string; readonly date: string };
}

export interface SessionSettings {
  readonly clock: Clock;
  /** Market data is read again after this long. */
  readonly marketDataTtlMs: number;
  /** Reads market data (default: from the file); the shared tier's loader when one is configured. */
  readonly loadMarketData?: (file: string, date: string) => Promise<MarketData> | MarketData;
}

/** One finished iteration, as the session keeps it (the latest, and the baseline). */
export interface IterationRecord {
  readonly iteration: number;
  /** The delta tracker's decision: `full` when the structure (portfolio, market) changed or on the first run. */
  readonly executionType: DeltaDecision['type'];
  readonly reason: string;
  readonly changedParameters: readonly string[];
  readonly portfolio: { readonly id: string; readonly positions: number; readonly sourceHash: string };
  readonly market: { readonly file: string; readonly date: string; readonly sourceHash: string };
  readonly run: WorkflowRun;
}

/**
 * The inputs a workflow was built for, and the workflow. Replaced as a whole when a full run
 * brings another portfolio or market, so the old portfolio, instruments and graph go together.
 */
interface Generation {
  readonly portfolioSource: PortfolioSource;
  readonly portfolio: Portfolio;
  readonly market: MarketSource;
  readonly marketData: MarketData;
  /** The structure fingerprint input this generation was built for. */
  readonly structureKey: string;
  readonly workflow: ValuationWorkflow;
}

/**
 * Rough memory of one position in a session: the instrument with its schedules, the graph
 * node, and its valuation in the latest run and the baseline. For the session manager's
 * memory budget, which needs an order of magnitude, not a measurement.
 */
const ESTIMATED_BYTES_PER_POSITION = 8 * 1024;

/**
 * The state of one model-development session, built inside its session scope: the portfolio,
 * the market data (on the `ttl` lifetime, reloaded when it expires), the prepayment models,
 * the valuation workflow with its incremental graph, the delta tracker, the baseline (the
 * first iteration) and the latest iteration.
 *
 * Iterations run one at a time. Each runs in an `iteration` scope that owns its record and
 * stays open while that record is the latest, so the results of a superseded iteration are
 * released (and the leak sentinel can prove it) as soon as the next one finishes. The
 * baseline is owned by the session scope: it lives as long as the session.
 */
export class ModelSession {
  readonly #scope: Scope<DefaultLifetime>;
  readonly #models: PrepaymentModelRegistry;
  readonly #marketData: MarketDataCache;
  readonly #tracker: DeltaTracker<ModelParameters>;
  #generation: Generation;
  #baseline: IterationRecord | undefined;
  #latest: { readonly record: IterationRecord; readonly scope: Scope<DefaultLifetime> | undefined } | undefined;
  /** The iteration running now, if any: the next one waits for it. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(scope: Scope<DefaultLifetime>, models: PrepaymentModelRegistry, marketData: MarketDataCache, generation: Generation, clock: Clock) {
    this.#scope = scope;
    this.#models = models;
    this.#marketData = marketData;
    this.#generation = generation;
    this.#tracker = new DeltaTracker<ModelParameters>({ clock });
  }

  /**
   * Loads everything a session needs, owned by `scope`: the models (all read now, so a bad
   * model file fails here), the portfolio, the market data and the workflow built on them.
   * Bad input comes back as a 400 naming the part of the request that was wrong.
   */
  static async open(init: SessionInit, scope: Scope<DefaultLifetime>, settings: SessionSettings): Promise<ModelSession> {
    const models = scope.own(inputStep('body.models', () => loadModelRegistry(init.models)), { label: 'prepayment models' });
    inputStep('body.models', () => models.loadAll());
    const marketData = scope.own(new MarketDataCache({ ttlMs: settings.marketDataTtlMs, clock: settings.clock, name: scope.label, ...(settings.loadMarketData === undefined ? {} : { load: settings.loadMarketData }) }), { label: 'market data' });
    const generation = await buildGeneration(init.portfolio, init.market, models, marketData);
    return scope.own(new ModelSession(scope, models, marketData, generation, settings.clock), { label: 'model session' });
  }

  /** The first iteration, the reference every later one is compared with. */
  get baseline(): IterationRecord | undefined {
    return this.#baseline;
  }

  /** The last iteration that succeeded. */
  get latest(): IterationRecord | undefined {
    return this.#latest?.record;
  }

  /** Committed iterations' parameters, oldest first. */
  get history(): readonly DeltaIteration<ModelParameters>[] {
    return this.#tracker.history;
  }

  /** Parameters of the baseline iteration. */
  get baselineParameters(): ModelParameters | undefined {
    return this.#tracker.baseline;
  }

  /** What the session manager counts against its memory budget. */
  get estimatedBytes(): number {
    return this.#generation.portfolio.positions.length * ESTIMATED_BYTES_PER_POSITION;
  }

  /** The latest iteration against the baseline; undefined before the first iteration. */
  baselineDiff(): RunDifference | undefined {
    const baseline = this.#baseline;
    const latest = this.#latest?.record;
    return baseline === undefined || latest === undefined ? undefined : diff(baseline.run, latest.run);
  }

  /**
   * Runs one iteration, after any iteration already running. The delta tracker compares the
   * request with the last committed iteration: another portfolio or market (or market data
   * whose file changed) makes it a full run on a rebuilt workflow; only parameters, a delta run
   * on the session's graph. A failed iteration changes nothing: the session keeps its inputs,
   * its workflow and its latest results.
   */
  iterate(request: IterationRequest): Promise<IterationRecord> {
    const run = this.#queue.then(() => this.#iterate(request));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #iterate(request: IterationRequest): Promise<IterationRecord> {
    const current = this.#generation;
    // Bad parameters fail before anything is loaded or built for them.
    parametersStep(() => resolveParameters(current.workflow.models, request.parameters));
    const portfolioSource = request.portfolio ?? current.portfolioSource;
    const marketSource: MarketSource = request.market === undefined
      ? current.market
      : { file: request.market.file ?? current.market.file, date: request.market.date };
    const portfolio = request.portfolio === undefined ? current.portfolio : await loadPortfolio(request.portfolio);
    const marketData = await inputStepAsync('body.market', () => this.#marketData.get(marketSource));
    const structure = structureOf(portfolio, marketSource, marketData, this.#models.directory);
    const decision = this.#tracker.decide({ structure, parameters: request.parameters });

    // A full run because the inputs changed gets a new workflow; the first run uses the one built at open.
    const structureKey = JSON.stringify(structure);
    const generation = structureKey === current.structureKey
      ? current
      : await buildGeneration(portfolioSource, marketSource, this.#models, this.#marketData, portfolio, marketData);

    const number = this.#tracker.iterations + 1;
    const scope = this.#scope.child('iteration', { name: String(number) });
    let record: IterationRecord;
    try {
      const run = parametersStep(() => generation.workflow.run(request.parameters));
      this.#tracker.commit(decision, request.parameters);
      record = Object.freeze({
        iteration: number,
        executionType: decision.type,
        reason: decision.reason,
        changedParameters: decision.changedParameters,
        portfolio: { id: portfolio.id, positions: portfolio.positions.length, sourceHash: portfolio.sourceHash },
        market: { file: marketSource.file, date: marketSource.date, sourceHash: marketData.sourceHash },
        run,
      });
    } catch (error) {
      await scope.close();
      throw error;
    }

    this.#generation = generation;
    const previous = this.#latest;
    if (this.#baseline === undefined) {
      // The baseline lives as long as the session; its iteration scope has nothing left to own.
      this.#baseline = this.#scope.own(record, { label: 'baseline iteration' });
      await scope.close();
      this.#latest = { record, scope: undefined };
    } else {
      scope.own(record, { label: 'iteration results' });
      this.#latest = { record, scope };
    }
    await previous?.scope?.close();
    return record;
  }
}

/** What makes a full run when it changes: which portfolio, which market data, which models. */
function structureOf(portfolio: Portfolio, market: MarketSource, marketData: MarketData, models: string): Record<string, unknown> {
  return {
    portfolio: portfolio.sourceHash,
    market: { file: market.file, date: market.date, sourceHash: marketData.sourceHash },
    models,
  };
}

async function buildGeneration(
  portfolioSource: PortfolioSource,
  market: MarketSource,
  models: PrepaymentModelRegistry,
  cache: MarketDataCache,
  loadedPortfolio?: Portfolio,
  loadedMarket?: MarketData,
): Promise<Generation> {
  const portfolio = loadedPortfolio ?? await loadPortfolio(portfolioSource);
  const marketData = loadedMarket ?? await inputStepAsync('body.market', () => cache.get(market));
  const workflow = workflowStep(portfolioSource, () => ValuationWorkflow.create({
    positions: portfolio.positions,
    market: marketData,
    models,
    valuationDate: marketData.effectiveDate,
  }));
  const structureKey = JSON.stringify(structureOf(portfolio, market, marketData, models.directory));
  return { portfolioSource, portfolio, market, marketData, structureKey, workflow };
}

function loadPortfolio(source: PortfolioSource): Promise<Portfolio> {
  return 'inline' in source ? Promise.resolve(source.inline) : readPortfolio(source.file);
}

/** Runs `work`, reporting bad input it throws as a 400 on `field`. */
function inputStep<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw locateInputError(error, field);
  }
}

async function inputStepAsync<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw locateInputError(error, field);
  }
}

/** Building a workflow: a duplicate position id or a position on an unknown model is the portfolio's fault. */
function workflowStep<T>(portfolio: PortfolioSource, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof WorkflowInputError) {
      const positions = /^positions(.*)$/.exec(error.field);
      const field = positions === null ? `body.${error.field}` : 'inline' in portfolio ? `body.portfolio${positions[1] ?? ''}` : 'body.portfolio';
      throw new HttpError(400, { code: error.code, field, message: `${field}: ${error.message}` }, { cause: error });
    }
    throw locateInputError(error, 'body.portfolio');
  }
}

/** A run's parameter errors name the parameter: `body.parameters.refi-fast.sCurveMax`. */
function parametersStep<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof WorkflowParameterError) {
      const field = ['body.parameters', ...error.path].join('.');
      throw new HttpError(400, { code: error.code, field, message: error.message }, { cause: error });
    }
    throw error;
  }
}
