/**
 * The backtest routes, on the same server as the model sessions: submit a backtest request
 * (blueprint × environment, with overrides) and get its id at once; then its status, its
 * statistics, its trades and its equity curve (CSV); or cancel it.
 *
 * Which errors are a 400 and which a failed run: everything the service checks before it
 * records the request is a 400 naming the input, and nothing is recorded: an unknown
 * blueprint or environment id (BAD_CATALOG_ID), an override key outside the run config or a
 * value its schema refuses (CONFIG_INVALID, with every issue), a live environment
 * (BAD_ENVIRONMENT_KIND), a data file that cannot be read as bars (BAD_MARKET_DATA). What only
 * building and running the strategy finds is a run that ends `failed`, with the reason in its
 * `error`: worker params a worker type refuses, or an unknown worker type (BAD_BLUEPRINT), a
 * date range without bars (BAD_BACKTEST_RANGE), a worker that throws, a cancellation.
 */
import type { FastifyPluginCallback } from 'fastify';
import type { ResultsStore } from '../store/index.js';
import { equityCsv } from '../trading/engine/equity-csv.js';
import type { TradeRecord } from '../trading/engine/trade-record.js';
import type { BacktestService, BacktestStatus } from '../trading/service/backtest-service.js';
import type { BacktestStatistics } from '../trading/statistics/backtest-statistics.js';
import { locateBacktestInputError } from './backtest-input-error.js';
import { BacktestRecords, type BacktestView } from './backtest-records.js';
import {
  acceptedBacktestSchema,
  backtestIdParams,
  backtestListSchema,
  backtestSchema,
  equityCsvResponse,
  listBacktestsQuery,
  STATISTICS_FIELDS,
  submitBacktestBody,
  tradesSchema,
  type ListBacktestsQuery,
  type SubmitBacktestBody,
} from './backtest-schemas.js';
import { responses } from './error-body-schema.js';
import { badRequest, HttpError } from './http-error.js';

export interface BacktestRoutesOptions {
  /** The server's service: its runs are children of the server's app scope. */
  readonly service: BacktestService;
  /** The results database the service saves to, to read backtests this process no longer holds. */
  readonly results: ResultsStore | undefined;
  /** Backtests running at once; one more answers 503 BACKTEST_LIMIT. */
  readonly maxConcurrent: number;
}

/** Backtests GET /backtests lists when the request does not say, and the most it may ask for. */
const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;

const TAGS = ['backtests'];

/**
 * The backtest routes, as an encapsulated plugin given what it uses. Runs go on after the
 * response: POST answers 202 once the request is checked and recorded.
 */
export const backtestRoutes: FastifyPluginCallback<BacktestRoutesOptions> = (app, options, done) => {
  const { service, maxConcurrent } = options;
  const records = new BacktestRecords(service, options.results);
  // Counted here, not read from the service: a submission is admitted before its bars are
  // loaded, so concurrent submissions cannot all pass the check.
  let admitted = 0;

  app.post<{ Body: SubmitBacktestBody }>('/backtests', {
    schema: {
      tags: TAGS,
      summary: 'Submit a backtest: checked and recorded now (400 for bad input, naming it), run in the background',
      body: submitBacktestBody,
      response: responses({ 202: acceptedBacktestSchema }, [503]),
    },
  }, async (request, reply) => {
    const body = request.body;
    if (admitted >= maxConcurrent) {
      throw new HttpError(503, { code: 'BACKTEST_LIMIT', message: `${admitted} backtests are running, the most this server runs at once; submit again when one has finished` });
    }
    admitted++;
    let submitted: Awaited<ReturnType<BacktestService['submit']>>;
    try {
      submitted = await service.submit({ blueprint: body.blueprint, environment: body.environment, overrides: body.overrides ?? {} });
    } catch (error) {
      admitted--;
      throw locateBacktestInputError(error, body);
    }
    const { id } = submitted;
    // `done` never rejects: a run that fails is a run with status failed.
    void submitted.done.then((run) => {
      admitted--;
      app.log.info({ backtestId: id, status: run.status, ...(run.error === undefined ? {} : { reason: run.error }) }, 'backtest finished');
    });
    request.log.info({ backtestId: id, blueprint: body.blueprint, environment: body.environment }, 'backtest submitted');
    return reply.code(202).header('location', linksOf(id).self).send(acceptedBody(id, 'running'));
  });

  app.get<{ Querystring: ListBacktestsQuery }>('/backtests', {
    schema: {
      tags: TAGS,
      summary: 'Backtests, newest first: the results database\'s (this process\'s own runs without one)',
      querystring: listBacktestsQuery,
      response: responses({ 200: backtestListSchema }),
    },
  }, async (request) => {
    const limit = request.query.limit === undefined ? DEFAULT_LIST_LIMIT : Number(request.query.limit);
    if (limit > MAX_LIST_LIMIT) throw badRequest('BAD_REQUEST', 'querystring.limit', `must be at most ${MAX_LIST_LIMIT}, got ${limit}`);
    const views = await records.list(limit);
    return { backtests: views.map(backtestBody) };
  });

  app.get<{ Params: { id: string } }>('/backtests/:id', {
    schema: {
      tags: TAGS,
      summary: 'A backtest: its status, and its statistics once it succeeded',
      params: backtestIdParams,
      response: responses({ 200: backtestSchema }, [404]),
    },
  }, async (request) => backtestBody(await records.find(request.params.id)));

  app.get<{ Params: { id: string } }>('/backtests/:id/trades', {
    schema: {
      tags: TAGS,
      summary: 'The round trips of a succeeded backtest (409 while running or when it failed)',
      params: backtestIdParams,
      response: responses({ 200: tradesSchema }, [404, 409]),
    },
  }, async (request) => {
    const trades = await records.trades(request.params.id);
    return { id: request.params.id, trades: trades.map(tradeBody) };
  });

  app.get<{ Params: { id: string } }>('/backtests/:id/equity.csv', {
    schema: {
      tags: TAGS,
      summary: 'The equity curve of a succeeded backtest as CSV (409 while running or when it failed)',
      params: backtestIdParams,
      response: responses({ 200: equityCsvResponse }, [404, 409]),
    },
  }, async (request, reply) => {
    const curve = await records.equity(request.params.id);
    return reply.type('text/csv; charset=utf-8').send(equityCsv(curve));
  });

  app.delete<{ Params: { id: string } }>('/backtests/:id', {
    schema: {
      tags: TAGS,
      summary: 'Cancel a running backtest of this process: it ends failed (aborted); 409 once it finished',
      params: backtestIdParams,
      response: responses({ 202: acceptedBacktestSchema }, [404, 409]),
    },
  }, async (request, reply) => {
    const id = request.params.id;
    const run = service.get(id);
    if (run === undefined) {
      const view = await records.find(id);
      if (view.status === 'running') {
        throw new HttpError(409, { code: 'BACKTEST_NOT_CANCELLABLE', message: `backtest "${id}" is running in another process (or one that stopped without recording its end); only that process can cancel it` });
      }
      throw finished(view.id, view.status);
    }
    if (run.status !== 'running') throw finished(id, run.status);
    service.cancel(id);
    request.log.info({ backtestId: id }, 'backtest cancelled');
    return reply.code(202).send(acceptedBody(id, 'running'));
  });

  done();
};

function finished(id: string, status: BacktestStatus): HttpError {
  return new HttpError(409, { code: 'BACKTEST_FINISHED', message: `backtest "${id}" already ${status}; only a running backtest can be cancelled` });
}

function linksOf(id: string): { self: string; trades: string; equity: string } {
  const self = `/backtests/${encodeURIComponent(id)}`;
  return { self, trades: `${self}/trades`, equity: `${self}/equity.csv` };
}

function acceptedBody(id: string, status: BacktestStatus): object {
  return { id, status, links: linksOf(id) };
}

function backtestBody(view: BacktestView): object {
  return {
    id: view.id,
    status: view.status,
    blueprint: view.blueprint,
    environment: view.environment,
    asset: view.asset,
    overrides: view.overrides,
    submittedAt: view.submittedAt.toISOString(),
    ...(view.finishedAt === undefined ? {} : { finishedAt: view.finishedAt.toISOString() }),
    ...(view.error === undefined ? {} : { error: view.error }),
    ...(view.bars === undefined ? {} : { bars: view.bars }),
    ...(view.statistics === undefined ? {} : { statistics: statisticsBody(view.statistics) }),
    links: linksOf(view.id),
  };
}

/** JSON has no NaN or Infinity: those go as the strings "NaN", "Infinity", "-Infinity". */
export function statisticsBody(statistics: BacktestStatistics): Record<string, number | string> {
  const body: Record<string, number | string> = {};
  for (const field of STATISTICS_FIELDS) {
    const value = statistics[field];
    body[field] = Number.isFinite(value) ? value : String(value);
  }
  return body;
}

function tradeBody(trade: TradeRecord): object {
  return { ...trade, entryTime: new Date(trade.entryTime).toISOString(), exitTime: new Date(trade.exitTime).toISOString() };
}
