/**
 * The model-development server (`tenure serve`): sessions that keep a portfolio, its market
 * data and prepayment models loaded between iterations, and backtest requests run in the
 * background and recorded in the results database, over HTTP with OpenAPI.
 */
export { buildServer, startServer, type ModelServer, type StartedServer } from './build-server.js';
export { resolveServerOptions, SERVER_DEFAULTS, type BacktestServerOptions, type ResolvedServerOptions, type ServerOptions } from './server-options.js';
export { ModelSession, type IterationRecord, type IterationRequest, type ModelParameters, type PortfolioSource, type SessionInit } from './model-session.js';
export { HttpError, type ErrorBody } from './http-error.js';
export { toHttpError } from './error-mapping.js';
export type { ModelSessionManager } from './session-routes.js';
