/**
 * JSON schemas of the backtest routes: what Fastify validates requests against, what the
 * serializer writes, and what /openapi.json publishes.
 */
import type { BacktestStatistics } from '../trading/statistics/backtest-statistics.js';

/** The names of a backtest's statistics, in the order responses list them. */
export const STATISTICS_FIELDS = [
  'initialEquity',
  'finalEquity',
  'totalReturn',
  'annualisedReturn',
  'annualisedVolatility',
  'sharpeRatio',
  'maxDrawdown',
  'winRate',
  'profitFactor',
  'numberOfTrades',
  'exposureTime',
  'bars',
  'periodsPerYear',
  'riskFreeRate',
] as const satisfies readonly (keyof BacktestStatistics)[];

/** How JSON, which has no NaN or Infinity, carries them: as these strings. */
export const NON_FINITE_NUMBERS = ['NaN', 'Infinity', '-Infinity'] as const;

/** A statistic: a number, or one of the strings standing for a non-finite one. */
const statisticValue = {
  anyOf: [{ type: 'number' }, { type: 'string', enum: [...NON_FINITE_NUMBERS] }],
} as const;

export const statisticsSchema = {
  type: 'object',
  description: 'Summary statistics (pyfolio/QuantStats definitions). JSON has no NaN or Infinity: such a value is sent as the string "NaN", "Infinity" or "-Infinity" (e.g. sharpeRatio of a flat curve, profitFactor with no losing trade).',
  required: [...STATISTICS_FIELDS],
  properties: Object.fromEntries(STATISTICS_FIELDS.map((field) => [field, statisticValue])),
} as const;

const ID = { type: 'string', minLength: 1, maxLength: 64 } as const;
const CATALOG_ID = { type: 'string', minLength: 1, maxLength: 200 } as const;
const DATE_TIME = { type: 'string', format: 'date-time' } as const;

export const backtestIdParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: ID },
} as const;

export const submitBacktestBody = {
  type: 'object',
  required: ['blueprint', 'environment'],
  additionalProperties: false,
  properties: {
    blueprint: { ...CATALOG_ID, description: 'id of a strategy blueprint of the server\'s catalog (sma_cross)' },
    environment: { ...CATALOG_ID, description: 'id of a backtest environment of the server\'s catalog (backtest_btc_2022_01)' },
    overrides: {
      type: 'object',
      additionalProperties: true,
      description: 'Changes to the run config, checked against its schema: dotted paths ("blueprint.workers.fast.params.period": 12, "environment.cash": 50000) or nested objects. Only this request sees them.',
    },
  },
} as const;

export interface SubmitBacktestBody {
  readonly blueprint: string;
  readonly environment: string;
  readonly overrides?: Readonly<Record<string, unknown>>;
}

export const listBacktestsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'string', pattern: '^\\d{1,9}$', description: 'most backtests to return, newest first (default 100)' } },
} as const;

export interface ListBacktestsQuery {
  readonly limit?: string;
}

const linksSchema = {
  type: 'object',
  required: ['self', 'trades', 'equity'],
  properties: { self: { type: 'string' }, trades: { type: 'string' }, equity: { type: 'string', description: 'the equity curve as CSV' } },
} as const;

const STATUS = { type: 'string', enum: ['running', 'succeeded', 'failed'] } as const;

/** The answer to a submission or a cancellation: the run goes on (or stops) in the background. */
export const acceptedBacktestSchema = {
  type: 'object',
  required: ['id', 'status', 'links'],
  properties: { id: { type: 'string' }, status: STATUS, links: linksSchema },
} as const;

export const backtestSchema = {
  type: 'object',
  required: ['id', 'status', 'blueprint', 'environment', 'asset', 'overrides', 'submittedAt', 'links'],
  properties: {
    id: { type: 'string' },
    status: { ...STATUS, description: 'running, succeeded, or failed (bad worker params, an empty date range, cancelled, …: see error)' },
    blueprint: { type: 'string' },
    environment: { type: 'string' },
    asset: { type: 'string' },
    overrides: { type: 'object', additionalProperties: true, description: 'the overrides the request gave' },
    submittedAt: DATE_TIME,
    finishedAt: { ...DATE_TIME, description: 'absent while running' },
    error: { type: 'string', description: 'why it failed (failed only)' },
    bars: { type: 'integer', description: 'bars processed (succeeded only)' },
    statistics: { ...statisticsSchema, description: `${statisticsSchema.description} Succeeded only.` },
    links: linksSchema,
  },
} as const;

export const backtestListSchema = {
  type: 'object',
  required: ['backtests'],
  properties: { backtests: { type: 'array', items: backtestSchema, description: 'newest first' } },
} as const;

const tradeSchema = {
  type: 'object',
  required: ['asset', 'direction', 'entryTime', 'exitTime', 'entryPrice', 'exitPrice', 'quantity', 'pnl', 'commission', 'bars', 'openAtEnd', 'entryReason', 'exitReason'],
  properties: {
    asset: { type: 'string' },
    direction: { type: 'string', enum: ['long', 'short'] },
    entryTime: DATE_TIME,
    exitTime: DATE_TIME,
    entryPrice: { type: 'number', description: 'quantity-weighted average, after slippage' },
    exitPrice: { type: 'number' },
    quantity: { type: 'number', description: 'largest absolute position held' },
    pnl: { type: 'number', description: 'net of commissions' },
    commission: { type: 'number' },
    bars: { type: 'integer', description: 'bars from entry fill to exit fill' },
    openAtEnd: { type: 'boolean', description: 'still open when the run ended, marked at the last price' },
    entryReason: { type: 'string' },
    exitReason: { type: 'string' },
  },
} as const;

export const tradesSchema = {
  type: 'object',
  required: ['id', 'trades'],
  properties: { id: { type: 'string' }, trades: { type: 'array', items: tradeSchema, description: 'round trips, in the order they closed' } },
} as const;

/** The equity curve route's success body, published as text/csv. */
export const equityCsvResponse = {
  description: 'The equity curve: a header `time,equity`, then one line per bar (ISO-8601 UTC time, equity as the shortest exact decimal).',
  content: { 'text/csv': { schema: { type: 'string' } } },
} as const;
