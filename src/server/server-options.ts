import type { SharedTier } from '../distributed/shared-tier.js';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { type Clock, systemClock } from '../clock/clock.js';
import type { LeakSentinel } from '../lifetime/index.js';
import type { ResultsStore } from '../store/index.js';
import type { TradingCatalogConfig } from '../trading/blueprint/index.js';

/** The example inputs shipped with the package. */
const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

/** What the backtest routes run with. */
export interface BacktestServerOptions {
  /** The blueprints and environments requests may name: loaded, validated and frozen (app lifetime). */
  readonly catalog: TradingCatalogConfig;
  /** Where backtests are recorded, and read back from when this process no longer holds them. Default: none (memory only). The caller closes it, after the server. */
  readonly results?: ResultsStore;
  /** Backtests running at once; one more answers 503 BACKTEST_LIMIT. Default 8. */
  readonly maxConcurrent?: number;
}

/** Settings of the model-development server; every one has a default. */
export interface ServerOptions {
  /** Interface to listen on. Default 127.0.0.1: the server is for the developer's own machine. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Largest request body accepted, in bytes; larger ones answer 413. Default 1 MiB. */
  readonly bodyLimitBytes?: number;
  /** A session unused for this long expires. Default 30 minutes. */
  readonly idleTimeoutMs?: number;
  /** How often idle sessions are looked for. Default 30 s. */
  readonly sweepIntervalMs?: number;
  /** Sessions open at once; one more answers 503 SESSION_LIMIT. Default 20. */
  readonly maxSessions?: number;
  /** Bound on the estimated memory of all sessions, in bytes. Default: none. */
  readonly memoryBudgetBytes?: number;
  /** How long an ended session is still reported as ended (410) rather than unknown (404). Default 24 h. */
  readonly tombstoneTtlMs?: number;
  /** Token for the admin routes (GET /sessions). Default: TENURE_ADMIN_TOKEN; without one, admin routes answer 401. */
  readonly adminToken?: string;
  /** Directories clients may name files in. Default: the package's examples/ and the working directory. */
  readonly dataDirectories?: readonly string[];
  /** Market file used when a request names none. Default: the example Treasury par yields. */
  readonly defaultMarketFile?: string;
  /** Model directory used when a request names none. Default: the example models. */
  readonly defaultModelsDirectory?: string;
  /** Market data is read again after this long (the `ttl` lifetime). Default 10 minutes. */
  readonly marketDataTtlMs?: number;
  /**
   * The shared tier (Redis, an in-process store): sessions read market data through it, so a
   * date one process or session loaded is decoded from it instead of bootstrapped again. The
   * caller opens and closes it; without one, each session reads its files.
   */
  readonly sharedTier?: SharedTier;
  /** Most position results one response carries. Default 10,000. */
  readonly maxPageSize?: number;
  /** Source of time for session expiry and market data TTL. Default: the monotonic process clock. */
  readonly clock?: Clock;
  /** Watches every session scope, so tests (and operators) can prove ended sessions left nothing behind. */
  readonly leakSentinel?: LeakSentinel;
  /** A pino logger, or true for Fastify's default one. Default: no logging. */
  readonly logger?: FastifyBaseLogger | boolean;
  /**
   * Called inside each iteration's session lease, before the valuation runs: for
   * instrumentation, and for tests that need a request to stay in flight.
   */
  readonly beforeIteration?: (sessionId: string) => void | Promise<void>;
  /** The backtest routes' catalog and results database. Default: the example catalog, results in memory only. */
  readonly backtests?: BacktestServerOptions;
}

/** {@link ServerOptions} with every default applied. */
export interface ResolvedServerOptions {
  readonly host: string;
  readonly port: number;
  readonly bodyLimitBytes: number;
  readonly idleTimeoutMs: number;
  readonly sweepIntervalMs: number;
  readonly maxSessions: number;
  readonly memoryBudgetBytes: number;
  readonly tombstoneTtlMs: number;
  readonly adminToken: string | undefined;
  readonly dataDirectories: readonly string[];
  readonly defaultMarketFile: string;
  readonly defaultModelsDirectory: string;
  readonly marketDataTtlMs: number;
  readonly maxPageSize: number;
  readonly clock: Clock;
  readonly leakSentinel: LeakSentinel | undefined;
  readonly logger: FastifyBaseLogger | boolean;
  readonly beforeIteration: ((sessionId: string) => void | Promise<void>) | undefined;
  readonly backtests: {
    /** Undefined: the server loads the example catalog when it is built. */
    readonly catalog: TradingCatalogConfig | undefined;
    readonly results: ResultsStore | undefined;
    readonly maxConcurrent: number;
  };
}

export const SERVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  bodyLimitBytes: 1024 * 1024,
  idleTimeoutMs: 30 * 60_000,
  sweepIntervalMs: 30_000,
  maxSessions: 20,
  tombstoneTtlMs: 24 * 60 * 60_000,
  marketDataTtlMs: 10 * 60_000,
  maxPageSize: 10_000,
  marketFile: `${EXAMPLES}/market/ust-par-yields-2023.csv`,
  modelsDirectory: `${EXAMPLES}/models`,
  examplesDirectory: EXAMPLES,
  tradingBlueprintsDirectory: `${EXAMPLES}/trading/blueprints`,
  tradingEnvironmentsDirectory: `${EXAMPLES}/trading/environments`,
  maxConcurrentBacktests: 8,
} as const;

/** Applies the defaults; an empty admin token counts as none. */
export function resolveServerOptions(options: ServerOptions, env: NodeJS.ProcessEnv = process.env): ResolvedServerOptions {
  const adminToken = options.adminToken ?? env.TENURE_ADMIN_TOKEN;
  return {
    host: options.host ?? SERVER_DEFAULTS.host,
    port: options.port ?? SERVER_DEFAULTS.port,
    bodyLimitBytes: options.bodyLimitBytes ?? SERVER_DEFAULTS.bodyLimitBytes,
    idleTimeoutMs: options.idleTimeoutMs ?? SERVER_DEFAULTS.idleTimeoutMs,
    sweepIntervalMs: options.sweepIntervalMs ?? SERVER_DEFAULTS.sweepIntervalMs,
    maxSessions: options.maxSessions ?? SERVER_DEFAULTS.maxSessions,
    memoryBudgetBytes: options.memoryBudgetBytes ?? Number.POSITIVE_INFINITY,
    tombstoneTtlMs: options.tombstoneTtlMs ?? SERVER_DEFAULTS.tombstoneTtlMs,
    adminToken: adminToken === '' ? undefined : adminToken,
    dataDirectories: options.dataDirectories ?? [SERVER_DEFAULTS.examplesDirectory, process.cwd()],
    defaultMarketFile: options.defaultMarketFile ?? SERVER_DEFAULTS.marketFile,
    defaultModelsDirectory: options.defaultModelsDirectory ?? SERVER_DEFAULTS.modelsDirectory,
    marketDataTtlMs: options.marketDataTtlMs ?? SERVER_DEFAULTS.marketDataTtlMs,
    maxPageSize: options.maxPageSize ?? SERVER_DEFAULTS.maxPageSize,
    clock: options.clock ?? systemClock,
    leakSentinel: options.leakSentinel,
    logger: options.logger ?? false,
    beforeIteration: options.beforeIteration,
    backtests: {
      catalog: options.backtests?.catalog,
      results: options.backtests?.results,
      maxConcurrent: options.backtests?.maxConcurrent ?? SERVER_DEFAULTS.maxConcurrentBacktests,
    },
  };
}
