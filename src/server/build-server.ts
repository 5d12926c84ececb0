import { readFileSync } from 'node:fs';
import { fastify, type FastifyInstance } from 'fastify';
import { createRootScope, defaultLifetimes, ProviderRegistry } from '../lifetime/index.js';
import { SharedValuationCaches } from '../distributed/shared-valuation-caches.js';
import { SessionManager } from '../session/index.js';
import { loadMarketData as loadMarketDataFromFile } from '../valuation/market/market-data.js';
import { loadTradingCatalog } from '../trading/blueprint/index.js';
import { BacktestService } from '../trading/service/backtest-service.js';
import { adminRoutes } from './admin-routes.js';
import { backtestRoutes } from './backtest-routes.js';
import { DataDirectories } from './data-directories.js';
import { errorBodySchema } from './error-body-schema.js';
import { toHttpError } from './error-mapping.js';
import { healthRoutes } from './health-routes.js';
import { HttpError } from './http-error.js';
import { ModelSession, type SessionInit } from './model-session.js';
import { registerOpenApi } from './openapi.js';
import { resolveServerOptions, SERVER_DEFAULTS, type ServerOptions } from './server-options.js';
import { sessionRoutes, type ModelSessionManager } from './session-routes.js';

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The model-development server: a Fastify instance, with its session manager and backtest service for operators and tests. */
export type ModelServer = FastifyInstance & {
  /** The server's sessions (to sweep or inspect them); closed when the server closes. */
  readonly modelSessions: ModelSessionManager;
  /** The server's backtests (the routes' service); running ones are cancelled when the server closes. */
  readonly backtests: BacktestService;
};

/**
 * Builds the model-development server, not yet listening: use `inject()` on it, or `listen()`
 * (see {@link startServer}). Everything it holds is its own: an app scope (watched by the
 * given leak sentinel, if any), a session manager whose sessions are child scopes of it, and
 * the routes as encapsulated plugins given what they use, and a backtest service whose requests
 * run in child scopes of it. `close()` finishes the requests in flight, cancels the backtests
 * still running and waits until each has been recorded, then closes every session through its
 * scope, then the app scope.
 */
export function buildServer(options: ServerOptions = {}): ModelServer {
  const settings = resolveServerOptions(options);
  const { clock } = settings;
  const logger = settings.logger;
  const app: FastifyInstance = fastify({
    ...(typeof logger === 'boolean' ? { logger } : { loggerInstance: logger }),
    bodyLimit: settings.bodyLimitBytes,
    // Requests that arrive while closing get the typed 503 below instead of Fastify's own body.
    return503OnClosing: false,
    // Bodies are refused, not trimmed, when they hold unknown properties, and never coerced: a
    // parameter sent as "0.5" is an error a client should see, not a number it gets by luck.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
  });

  const dataDirectories = new DataDirectories(settings.dataDirectories);
  const root = createRootScope({
    providers: new ProviderRegistry(defaultLifetimes),
    name: 'model-server',
    ...(settings.leakSentinel === undefined ? {} : { leakSentinel: settings.leakSentinel }),
  });
  // With a shared tier, sessions read market data through it (decoded, not bootstrapped again).
  // The session factory's closure outlives the app scope (the server object holds it), so it
  // drops its reference when the scope releases the caches: a leak check then finds them gone.
  let sharedInputs = options.sharedTier === undefined
    ? undefined
    : root.own(new SharedValuationCaches(options.sharedTier, { l1MaxTtlMs: settings.marketDataTtlMs }), {
        label: 'shared inputs',
        dispose: (caches) => {
          sharedInputs = undefined;
          return caches.close();
        },
      });
  const loadMarketData = sharedInputs === undefined
    ? {}
    : { loadMarketData: (file: string, date: string) => (sharedInputs === undefined ? loadMarketDataFromFile(file, date) : sharedInputs.marketData(file, date)) };
  const sessions = new SessionManager<ModelSession, SessionInit>({
    root,
    clock,
    idleTimeoutMs: settings.idleTimeoutMs,
    sweepIntervalMs: settings.sweepIntervalMs,
    maxSessions: settings.maxSessions,
    memoryBudgetBytes: settings.memoryBudgetBytes,
    tombstoneTtlMs: settings.tombstoneTtlMs,
    sizeOf: (session) => session.estimatedBytes,
    create: (init, scope) => ModelSession.open(init, scope, { clock, marketDataTtlMs: settings.marketDataTtlMs, ...loadMarketData }),
    onBackgroundError: (error, sessionId) => { app.log.error({ err: error, sessionId }, 'a session did not close cleanly'); },
  });
  app.decorate('modelSessions', sessions);

  const backtestSettings = settings.backtests;
  const backtests = new BacktestService({
    catalog: backtestSettings.catalog ?? loadTradingCatalog({
      blueprintsDir: SERVER_DEFAULTS.tradingBlueprintsDirectory,
      environmentsDir: SERVER_DEFAULTS.tradingEnvironmentsDirectory,
    }),
    scope: root,
    ...(backtestSettings.results === undefined ? {} : { results: backtestSettings.results }),
  });
  app.decorate('backtests', backtests);

  app.addSchema(errorBodySchema);
  app.setErrorHandler((error, request, reply) => {
    const answer = toHttpError(error, clock);
    if (answer.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(answer.statusCode).send(answer.body);
  });
  app.setNotFoundHandler({}, (request, reply) => {
    const answer = new HttpError(404, { code: 'ROUTE_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` });
    return reply.code(404).send(answer.body);
  });

  // A response finished after close() began says `Connection: close`, so its keep-alive
  // connection ends with it instead of holding the shutdown open until the keep-alive timeout;
  // a request that arrives then (on a connection already open) is refused.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, _reply, done) => {
    done(closing ? new HttpError(503, { code: 'SHUTTING_DOWN', message: 'the server is shutting down' }) : undefined);
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  void app.register(async (api) => {
    await registerOpenApi(api, packageVersion);
    await api.register(healthRoutes, { sessions });
    await api.register(adminRoutes, { sessions, adminToken: settings.adminToken, clock });
    await api.register(sessionRoutes, {
      sessions,
      dataDirectories,
      defaultMarketFile: settings.defaultMarketFile,
      defaultModelsDirectory: settings.defaultModelsDirectory,
      clock,
      maxPageSize: settings.maxPageSize,
      beforeIteration: settings.beforeIteration,
    });
    await api.register(backtestRoutes, { service: backtests, results: backtestSettings.results, maxConcurrent: backtestSettings.maxConcurrent });
  });

  // Runs once the requests in flight have been answered: then no lease is held. Backtests still
  // running are cancelled and recorded as failed (the results database stays open until the
  // server has closed: its owner closes it after), every session closes through its scope,
  // then the app scope with anything else it owns (the backtests' request scopes are closed).
  app.addHook('onClose', async () => {
    try {
      await backtests.close();
    } finally {
      try {
        await sessions[Symbol.asyncDispose]();
      } finally {
        await root.close();
      }
    }
  });
  // Decorated above: the instance now carries its session manager and backtest service.
  return app as ModelServer;
}

/** A listening model-development server, and where it listens. */
export interface StartedServer {
  readonly server: ModelServer;
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
}

/** Builds the server and listens on `host` (default 127.0.0.1) and `port` (default 8080; 0 for any free one). */
export async function startServer(options: ServerOptions = {}): Promise<StartedServer> {
  const settings = resolveServerOptions(options);
  const server = buildServer(options);
  try {
    const url = await server.listen({ host: settings.host, port: settings.port });
    return { server, url };
  } catch (error) {
    await server.close();
    throw error;
  }
}
