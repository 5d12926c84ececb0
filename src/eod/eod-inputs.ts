/**
 * The inputs of an EOD run (portfolio, market data for the effective date, prepayment models),
 * loaded and checked the one way every path uses: the single-process run, the coordinator of
 * a distributed run, and each worker valuing a partition of it. So they all reject the same bad
 * input with the same message, and all derive the same run id from the same bytes.
 */
import { createHash } from 'node:crypto';
import { parseDay, type Day } from '../valuation/dates/day.js';
import { loadMarketData, type MarketData } from '../valuation/market/market-data.js';
import { portfolioOf, readPortfolio, type Portfolio } from '../valuation/portfolio/index.js';
import type { Position } from '../valuation/portfolio/position.js';
import { loadModelRegistry, modelNameOfFile, readModelFile, type ModelDefinition, type PrepaymentModelRegistry } from '../valuation/prepayment/index.js';
import { EodInputError } from './eod-input-error.js';
import { DATABASE_PORTFOLIO_PREFIX } from './eod-options.js';
import { hashDirectory } from './hash-directory.js';

/** Where a run's inputs come from, as the user named them. */
export interface EodInputSources {
  /** A portfolio file (.csv or .json), or `db:<portfolio id>`. */
  readonly portfolio: string;
  readonly market: string;
  readonly effectiveDate: string;
  readonly models: string;
}

/** What loads a `db:<id>` portfolio: the results database (only that method is needed). */
export interface PortfolioSource {
  readonly location: string;
  loadPortfolio(portfolioId: string): Promise<Position[]>;
}

export interface EodInputs {
  readonly effectiveDay: Day;
  readonly portfolio: Portfolio;
  readonly market: MarketData;
  /** Disposable: the caller owns it (a run scope, a worker's input cache). */
  readonly models: PrepaymentModelRegistry;
  /** Input → content hash, for the audit record and the run id. */
  readonly inputHashes: Readonly<Record<string, string>>;
}

/** Parses --date; bad input names the option. */
export function parseEffectiveDate(effectiveDate: string): Day {
  const day = parseDay(effectiveDate);
  if (day === undefined) throw new EodInputError('--date', `must be a date YYYY-MM-DD, got "${effectiveDate}"`);
  return day;
}

/**
 * Loads the portfolio, the market data of the effective date and the model directory. Bad
 * input throws (PortfolioValidationError, MarketDataError, ModelDirectoryError, EodInputError)
 * naming the file and where in it. `adopt` is called with each part as soon as it exists, so
 * a scope can own what was loaded even when a later part fails.
 */
export async function loadEodInputs(sources: EodInputSources, database: PortfolioSource, adopt: Adopt = (part) => part, shared?: SharedInputs): Promise<EodInputs> {
  const effectiveDay = parseEffectiveDate(sources.effectiveDate);
  const portfolio = adopt(await loadPortfolioInput(sources.portfolio, database), 'portfolio');
  const { market, models, inputHashes } = shared === undefined
    ? loadMarketAndModels(sources, effectiveDay, adopt)
    : await loadSharedMarketAndModels(sources, effectiveDay, adopt, shared);
  return { effectiveDay, portfolio, market, models, inputHashes: { portfolio: portfolio.sourceHash, ...inputHashes } };
}

/** Hands a freshly loaded part to its owner (a scope); returns it. */
export type Adopt = <T extends object>(part: T, label: string) => T;

/** The inputs besides the portfolio, with their hashes (`market`, `models`). */
export function loadMarketAndModels(sources: Pick<EodInputSources, 'market' | 'models'>, effectiveDay: Day, adopt: Adopt = (part) => part): Pick<EodInputs, 'market' | 'models' | 'inputHashes'> {
  const market = adopt(loadMarketData(sources.market, effectiveDay), 'market data');
  const models = adopt(loadModelRegistry(sources.models), 'prepayment models');
  return { market, models, inputHashes: { market: market.sourceHash, models: hashDirectory(sources.models) } };
}

/** Where market data and model definitions come from when a shared tier is configured. */
export interface SharedInputs {
  marketData(file: string, date: Day): Promise<MarketData>;
  modelDefinitions(directory: string): Promise<readonly ModelDefinition[]>;
}

/**
 * The same inputs through the shared tier: the market data (with its bootstrapped curve) and
 * the model definitions are decoded from Redis when another process or an earlier run put them
 * there, and read from the files otherwise. The hashes are the files', as without the tier.
 */
export async function loadSharedMarketAndModels(
  sources: Pick<EodInputSources, 'market' | 'models'>,
  effectiveDay: Day,
  adopt: Adopt,
  shared: SharedInputs,
): Promise<Pick<EodInputs, 'market' | 'models' | 'inputHashes'>> {
  const market = adopt(await shared.marketData(sources.market, effectiveDay), 'market data');
  const definitions = new Map((await shared.modelDefinitions(sources.models)).map((definition) => [definition.name, definition]));
  const models = adopt(loadModelRegistry(sources.models, (file) => definitions.get(modelNameOfFile(file)) ?? readModelFile(file)), 'prepayment models');
  return { market, models, inputHashes: { market: market.sourceHash, models: hashDirectory(sources.models) } };
}

/**
 * The part of enrichment's input checking that does not need the instruments built: every
 * pool names a model the directory has (reading and validating that model's file). A
 * coordinator that does not enrich (its workers do) still rejects an unknown model up front,
 * with the same error the enrich stage would give.
 */
export function checkPrepaymentModels(positions: readonly Position[], models: PrepaymentModelRegistry): void {
  const checked = new Set<string>();
  for (const position of positions) {
    if (position.kind !== 'mbs' || checked.has(position.model)) continue;
    models.get(position.model);
    checked.add(position.model);
  }
}

/** A portfolio file, or `db:<id>` from the database; its sourceHash identifies what was read. */
export async function loadPortfolioInput(reference: string, database: PortfolioSource): Promise<Portfolio> {
  if (!reference.startsWith(DATABASE_PORTFOLIO_PREFIX)) return readPortfolio(reference);
  const id = reference.slice(DATABASE_PORTFOLIO_PREFIX.length);
  const positions = await database.loadPortfolio(id);
  if (positions.length === 0) throw new EodInputError('--portfolio', `no portfolio "${id}" in the results database ${database.location}`);
  return portfolioOf(id, positions, createHash('sha256').update(JSON.stringify(positions)).digest('hex'));
}

/** The same date and the same inputs give the same run id: re-running is idempotent. */
export function deriveRunId(effectiveDate: string, hashes: Readonly<Record<string, string>>): string {
  const digest = createHash('sha256').update(JSON.stringify(hashes)).digest('hex').slice(0, 12);
  return `eod-${effectiveDate}-${digest}`;
}
