import type { FastifyPluginCallback } from 'fastify';
import type { Clock } from '../clock/clock.js';
import { ScopeClosedError } from '../lifetime/index.js';
import type { Lease, SessionInfo, SessionManager } from '../session/index.js';
import { bearerToken } from './bearer-token.js';
import type { DataDirectories } from './data-directories.js';
import { responses } from './error-body-schema.js';
import { HttpError } from './http-error.js';
import { inlinePortfolio } from './inline-portfolio.js';
import { baselineDiffResponse, historyResponse, iterationResponse } from './iteration-response.js';
import type { IterationRequest, ModelSession, PortfolioSource, SessionInit } from './model-session.js';
import { pageRequestOf } from './result-page.js';
import {
  authorizationHeader,
  baselineDiffSchema,
  createdSessionSchema,
  createSessionBody,
  historySchema,
  idParams,
  iterationBody,
  iterationResponseSchema,
  pageQuery,
  sessionInfoSchema,
  type CreateSessionBody,
  type IterationBody,
  type PageQuery,
} from './session-schemas.js';
import { wallTimeOf } from './wall-time.js';

/** The sessions of a model-development server: its manager holds them, this plugin serves them. */
export type ModelSessionManager = SessionManager<ModelSession, SessionInit>;

export interface SessionRoutesOptions {
  readonly sessions: ModelSessionManager;
  readonly dataDirectories: DataDirectories;
  readonly defaultMarketFile: string;
  readonly defaultModelsDirectory: string;
  readonly clock: Clock;
  readonly maxPageSize: number;
  readonly beforeIteration: ((sessionId: string) => void | Promise<void>) | undefined;
}

const SESSION_SECURITY = [{ sessionToken: [] }];
const TAGS = ['sessions'];

/**
 * The session routes, as an encapsulated plugin: everything they use comes in its options, so
 * two servers in one process share nothing. Every request on a session holds a lease on it
 * for the whole request, so the session cannot expire under a running iteration; its idle
 * time starts again when the response is ready.
 */
export const sessionRoutes: FastifyPluginCallback<SessionRoutesOptions> = (app, options, done) => {
  const { sessions, dataDirectories, clock, maxPageSize } = options;

  const portfolioSourceOf = async (value: string | readonly unknown[], field: string): Promise<PortfolioSource> =>
    typeof value === 'string' ? { file: await dataDirectories.resolve(value, field, 'file') } : { inline: inlinePortfolio(value, field) };

  /** The real path of a market file a request names, or undefined when it names none. */
  const marketFileOf = async (file: string | undefined, field: string): Promise<string | undefined> =>
    file === undefined ? undefined : dataDirectories.resolve(file, field, 'file');

  const iterationMarketOf = async (market: { readonly file?: string; readonly date: string }): Promise<{ file?: string; date: string }> => {
    const file = await marketFileOf(market.file, 'body.market.file');
    return file === undefined ? { date: market.date } : { file, date: market.date };
  };

  app.post<{ Body: CreateSessionBody }>('/sessions', {
    schema: {
      tags: TAGS,
      summary: 'Open a session: load the portfolio, market data and models once, for every iteration to reuse',
      body: createSessionBody,
      response: responses({ 201: createdSessionSchema }, [503]),
    },
  }, async (request, reply) => {
    const body = request.body;
    const init: SessionInit = {
      portfolio: await portfolioSourceOf(body.portfolio, 'body.portfolio'),
      market: { file: await marketFileOf(body.market.file, 'body.market.file') ?? options.defaultMarketFile, date: body.market.date },
      models: body.models === undefined ? options.defaultModelsDirectory : await dataDirectories.resolve(body.models, 'body.models', 'directory'),
    };
    const created = await sessions.create(init);
    request.log.info({ sessionId: created.id }, 'session created');
    return reply.code(201).send({ id: created.id, token: created.token, expiresAt: expiryOf(created.info, clock) });
  });

  app.get<{ Params: { id: string } }>('/sessions/:id', {
    schema: {
      tags: TAGS,
      summary: 'A session\'s state: when it expires, whether a request holds it (reading it does not count as activity)',
      params: idParams,
      headers: authorizationHeader,
      security: SESSION_SECURITY,
      response: responses({ 200: sessionInfoSchema }, [404, 410, 503]),
    },
  }, (request) => infoResponse(sessions.info(request.params.id, bearerToken(request.headers.authorization)), clock));

  app.post<{ Params: { id: string }; Body: IterationBody; Querystring: PageQuery }>('/sessions/:id/iterations', {
    schema: {
      tags: TAGS,
      summary: 'Run an iteration: only parameters changed → delta run; another portfolio or market → full run',
      params: idParams,
      headers: authorizationHeader,
      querystring: pageQuery,
      body: iterationBody,
      security: SESSION_SECURITY,
      response: responses({ 200: iterationResponseSchema }, [404, 410, 503]),
    },
  }, async (request) => {
    using lease = sessions.lease(request.params.id, bearerToken(request.headers.authorization));
    const page = pageRequestOf(request.query, maxPageSize);
    const body = request.body;
    const change: IterationRequest = {
      parameters: body.parameters ?? {},
      ...(body.portfolio === undefined ? {} : { portfolio: await portfolioSourceOf(body.portfolio, 'body.portfolio') }),
      // Without a file, the session keeps its market file and changes the date.
      ...(body.market === undefined ? {} : { market: await iterationMarketOf(body.market) }),
    };
    await options.beforeIteration?.(lease.id);
    // Awaited here, so the lease is held until the iteration is done, not just until it started.
    return await whileOpen(lease, async (session) => {
      const record = await session.iterate(change);
      const baseline = session.baseline!;
      const difference = session.baselineDiff()!;
      request.log.info({ sessionId: lease.id, iteration: record.iteration, executionType: record.executionType, nodesRecomputed: record.run.nodesRecomputed }, 'iteration');
      return iterationResponse(record, baseline, difference, page);
    });
  });

  app.get<{ Params: { id: string } }>('/sessions/:id/parameters', {
    schema: {
      tags: TAGS,
      summary: 'The parameters of every iteration, and of the baseline',
      params: idParams,
      headers: authorizationHeader,
      security: SESSION_SECURITY,
      response: responses({ 200: historySchema }, [404, 410, 503]),
    },
  }, (request) => {
    using lease = sessions.lease(request.params.id, bearerToken(request.headers.authorization));
    const session = lease.state;
    return historyResponse(session.baselineParameters, session.history, clock);
  });

  app.get<{ Params: { id: string }; Querystring: PageQuery }>('/sessions/:id/baseline-diff', {
    schema: {
      tags: TAGS,
      summary: 'The last iteration against the baseline (the first iteration)',
      params: idParams,
      headers: authorizationHeader,
      querystring: pageQuery,
      security: SESSION_SECURITY,
      response: responses({ 200: baselineDiffSchema }, [404, 409, 410, 503]),
    },
  }, (request) => {
    using lease = sessions.lease(request.params.id, bearerToken(request.headers.authorization));
    const page = pageRequestOf(request.query, maxPageSize);
    const session = lease.state;
    const baseline = session.baseline;
    const latest = session.latest;
    const difference = session.baselineDiff();
    if (baseline === undefined || latest === undefined || difference === undefined) {
      throw new HttpError(409, { code: 'NO_ITERATION', message: 'the session has no iteration yet: run one with POST /sessions/{id}/iterations' });
    }
    return baselineDiffResponse(baseline, latest, difference, page);
  });

  app.delete<{ Params: { id: string } }>('/sessions/:id', {
    schema: {
      tags: TAGS,
      summary: 'Close a session now, releasing everything it holds',
      params: idParams,
      headers: authorizationHeader,
      security: SESSION_SECURITY,
      response: responses({ 204: { type: 'null', description: 'closed' } }, [404, 410, 503]),
    },
  }, async (request, reply) => {
    await sessions.close(request.params.id, bearerToken(request.headers.authorization));
    request.log.info({ sessionId: request.params.id }, 'session closed');
    return reply.code(204).send();
  });

  done();
};

/**
 * Runs work on a leased session. If the session is closed while the work runs (DELETE, or
 * shutdown), the work fails on its closed scope; the client is told the session ended (410),
 * not that the server failed.
 */
async function whileOpen<T>(lease: Lease<ModelSession>, work: (session: ModelSession) => Promise<T>): Promise<T> {
  try {
    return await work(lease.state);
  } catch (error) {
    if (error instanceof ScopeClosedError) throwIfEnded(lease);
    throw error;
  }
}

/** Reading a lease's state throws SessionExpiredError once its session has ended. */
function throwIfEnded(lease: Lease<ModelSession>): void {
  const { state: _state } = lease;
}

/** A session's expiry as wall time; null while a request holds it. */
function expiryOf(info: SessionInfo, clock: Clock): string | null {
  return Number.isFinite(info.expiresAt) ? wallTimeOf(info.expiresAt, clock) : null;
}

export function infoResponse(info: SessionInfo, clock: Clock): object {
  return {
    id: info.id,
    createdAt: wallTimeOf(info.createdAt, clock),
    lastActivity: wallTimeOf(info.lastActivity, clock),
    expiresAt: expiryOf(info, clock),
    leases: info.leases,
    sizeBytes: info.sizeBytes,
  };
}

