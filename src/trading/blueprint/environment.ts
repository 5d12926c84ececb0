/**
 * Execution environments as the trading domain uses them: where bars come from (a data file
 * for a backtest, a websocket feed for live paper trading) and the account and fill settings
 * a run starts with. This is the validated, camelCase form; {@link ./environment-file.ts}
 * reads the YAML form into it. Times are epoch milliseconds, UTC.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { catalogIdSchema } from './catalog-id.js';
import { instantSchema } from './utc-instant.js';

export const ENVIRONMENT_KINDS = ['backtest', 'live'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

/** Only simulated fills are supported live: no order ever reaches an exchange. */
export const paperExecutionSchema = z.literal('paper', {
  error: (issue) => `only "paper" execution is supported (fills are simulated; no order reaches an exchange), not ${JSON.stringify(issue.input)}`,
});

export const feedAddressSchema = z.string().superRefine((address, ctx) => {
  let protocol: string | undefined;
  try {
    protocol = new URL(address).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'ws:' && protocol !== 'wss:') {
    ctx.addIssue({ code: 'custom', message: `"${address}" is not a websocket address; expected e.g. ws://127.0.0.1:8765` });
  }
});

/** The account and fill settings both kinds share, with their rules. */
export const tradingSettingsShape = {
  asset: z.string().min(1),
  cash: z.number().positive(),
  /** Fraction of notional per fill. */
  commission: z.number().min(0).lt(1),
  /** Fraction of price, against the trader. */
  slippage: z.number().min(0).lt(1),
  /** Periods per year for annualising statistics; `auto` infers it from the bar spacing. */
  periodsPerYear: z.union([z.literal('auto'), z.number().positive()]).default('auto'),
  /** Annual risk-free rate for the Sharpe ratio, as a fraction. */
  riskFreeRate: z.number().gt(-1).lt(1).default(0),
  /** Most |position × price| / equity; the engine's default (1, no leverage) when absent. */
  maxLeverage: z.number().positive().optional(),
  /** Whether the risk monitor lets the strategy go short; the engine's default (no) when absent. */
  allowShort: z.boolean().optional(),
};

const absolutePathSchema = z.string().min(1).refine(isAbsolute, {
  error: 'must be an absolute path (relative data paths are resolved only when read from an environment file)',
});

const backtestShape = {
  kind: z.literal('backtest'),
  /** The market data file (absolute). */
  data: absolutePathSchema,
  /** First bar at or after this time (epoch ms); from the start of the data when absent. */
  from: instantSchema.optional(),
  /** Bars before this time (epoch ms, exclusive); to the end of the data when absent. */
  to: instantSchema.optional(),
  ...tradingSettingsShape,
};

const liveShape = {
  kind: z.literal('live'),
  /** The websocket feed's address. */
  feed: feedAddressSchema,
  execution: paperExecutionSchema.default('paper'),
  ...tradingSettingsShape,
};

/** An unknown `kind` is reported once, with the kinds there are, rather than as a mismatch with every option. */
export function unknownKindMessage(input: unknown): string {
  const kind = typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
  const expected = ENVIRONMENT_KINDS.map((name) => `"${name}"`).join(' or ');
  return kind === undefined ? `missing environment kind; expected ${expected}` : `unknown environment kind ${JSON.stringify(kind)}; expected ${expected}`;
}

/**
 * The error for a union on `kind`. zod types the issue as invalid_union only, but a value that
 * is not a mapping at all arrives here as invalid_type, and keeps zod's own message.
 */
export function environmentKindError(issue: { readonly code: string; readonly input?: unknown }): string | undefined {
  return issue.code === 'invalid_union' ? unknownKindMessage(issue.input) : undefined;
}

/** `to` must come after `from` when both are given. */
export function checkRange(range: { from?: number | undefined; to?: number | undefined }, ctx: z.RefinementCtx): void {
  if (range.from !== undefined && range.to !== undefined && range.to <= range.from) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `"to" (${new Date(range.to).toISOString()}) must be after "from" (${new Date(range.from).toISOString()}); "to" is exclusive`,
    });
  }
}

function environmentUnion<B extends z.ZodObject, L extends z.ZodObject>(backtest: B, live: L) {
  return z
    .discriminatedUnion('kind', [backtest, live], { error: environmentKindError })
    .superRefine((environment, ctx) => {
      if (environment.kind === 'backtest') checkRange(environment, ctx);
    });
}

export const environmentSchema = environmentUnion(
  z.strictObject({ id: catalogIdSchema, ...backtestShape }),
  z.strictObject({ id: catalogIdSchema, ...liveShape }),
);

/** An environment without its id: the part of a run config that overrides may change. */
export const environmentSettingsSchema = environmentUnion(z.strictObject(backtestShape), z.strictObject(liveShape));

export type Environment = z.output<typeof environmentSchema>;
export type BacktestEnvironment = Extract<Environment, { kind: 'backtest' }>;
export type LiveEnvironment = Extract<Environment, { kind: 'live' }>;
