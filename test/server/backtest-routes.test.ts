import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../../src/cli/exit-codes.js';
import { createRootScope, defaultLifetimes, LeakSentinel, ProviderRegistry } from '../../src/lifetime/index.js';
import { buildServer, type ModelServer, type ServerOptions } from '../../src/server/index.js';
import { openResultsStore, type ResultsStore } from '../../src/store/index.js';
import { loadTradingCatalog } from '../../src/trading/blueprint/index.js';
import type { BacktestResult } from '../../src/trading/engine/backtest-result.js';
import { BacktestService, type BacktestRequest } from '../../src/trading/service/backtest-service.js';
import type { BacktestStatistics } from '../../src/trading/statistics/backtest-statistics.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const BLUEPRINTS = resolve(HERE, '../../examples/trading/blueprints');
const ENVIRONMENTS = resolve(HERE, '../../examples/trading/environments');
const catalog = loadTradingCatalog({ blueprintsDir: BLUEPRINTS, environmentsDir: ENVIRONMENTS });

/** One month of one-minute BTC bars (45,031), with a faster fast average than the blueprint's. */
const REQUEST = {
  blueprint: 'sma_cross',
  environment: 'backtest_btc_2022_01',
  overrides: { 'blueprint.workers.fast.params.period': 12 },
} as const satisfies BacktestRequest;

interface ErrorReply {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string; readonly issues?: readonly { field?: string; message: string }[] };
}

interface Links {
  readonly self: string;
  readonly trades: string;
  readonly equity: string;
}

interface AcceptedReply {
  readonly id: string;
  readonly status: string;
  readonly links: Links;
}

interface BacktestReply {
  readonly id: string;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly blueprint: string;
  readonly environment: string;
  readonly asset: string;
  readonly overrides: Record<string, unknown>;
  readonly submittedAt: string;
  readonly finishedAt?: string;
  readonly error?: string;
  readonly bars?: number;
  readonly statistics?: Record<keyof BacktestStatistics, number | string>;
  readonly links: Links;
}

interface TradeReply {
  readonly entryTime: string;
  readonly exitTime: string;
  readonly pnl: number;
  readonly [field: string]: unknown;
}

/** The result of the same request run directly through a BacktestService: what the server must answer. */
let expected: BacktestResult;
beforeAll(async () => {
  await using scope = createRootScope({ providers: new ProviderRegistry(defaultLifetimes), name: 'direct' });
  const run = await new BacktestService({ catalog, scope }).run(REQUEST);
  expect(run.status, run.error).toBe('succeeded');
  expected = run.result!;
});

const open: { server?: ModelServer; stores: ResultsStore[] } = { stores: [] };
afterEach(async () => {
  await open.server?.close();
  open.server = undefined;
  for (const store of open.stores.splice(0)) await store.close();
});

function databasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'tenure-backtest-routes-')), 'results.sqlite');
}

async function openStore(path: string): Promise<ResultsStore> {
  const store = await openResultsStore(path);
  open.stores.push(store);
  return store;
}

async function serverWith(results: ResultsStore | undefined, options: Omit<ServerOptions, 'backtests'> & { maxConcurrent?: number } = {}): Promise<ModelServer> {
  const { maxConcurrent, ...rest } = options;
  const server = buildServer({
    ...rest,
    backtests: { catalog, ...(results === undefined ? {} : { results }), ...(maxConcurrent === undefined ? {} : { maxConcurrent }) },
  });
  await server.ready();
  open.server = server;
  return server;
}

interface Reply<T> {
  readonly status: number;
  /** The JSON body, when the answer is JSON. */
  readonly body: T;
  readonly text: string;
  readonly type: string;
}

async function request<T>(server: ModelServer, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<Reply<T>> {
  const reply = await server.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
  const type = String(reply.headers['content-type'] ?? '');
  return { status: reply.statusCode, text: reply.body, type, body: (type.includes('json') ? reply.json() : undefined) as T };
}

async function submit(server: ModelServer, body: unknown): Promise<AcceptedReply> {
  const reply = await request<AcceptedReply>(server, 'POST', '/backtests', body);
  expect(reply.status, reply.text).toBe(202);
  return reply.body;
}

/** Polls until the backtest has finished (it runs in the background, interleaved with requests). */
async function finished(server: ModelServer, id: string): Promise<BacktestReply> {
  for (;;) {
    const reply = await request<BacktestReply>(server, 'GET', `/backtests/${id}`);
    expect(reply.status, reply.text).toBe(200);
    if (reply.body.status !== 'running') return reply.body;
    await new Promise((resolveLater) => setTimeout(resolveLater, 10));
  }
}

/** The statistics as sent, with "NaN"/"Infinity"/"-Infinity" read back as numbers. */
function decodeStatistics(sent: Record<string, number | string>): Record<string, number> {
  return Object.fromEntries(Object.entries(sent).map(([field, value]) => [field, typeof value === 'number' ? value : Number(value)]));
}

function parseEquityCsv(text: string): { header: string; rows: { time: number; equity: number }[] } {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  const [header, ...rows] = lines;
  return {
    header: header!,
    rows: rows.map((line) => {
      const [time, equity] = line.split(',');
      return { time: Date.parse(time!), equity: Number(equity) };
    }),
  };
}

describe('POST /backtests', () => {
  it('runs a backtest in the background with the request\'s overrides; its statistics, trades and equity curve are those of a direct run, and it is in the results database', async () => {
    const path = databasePath();
    const store = await openStore(path);
    const server = await serverWith(store);

    const accepted = await submit(server, REQUEST);
    expect(accepted).toMatchObject({ status: 'running', links: { self: `/backtests/${accepted.id}`, equity: `/backtests/${accepted.id}/equity.csv` } });
    const done = await finished(server, accepted.id);
    expect(done, done.error).toMatchObject({
      id: accepted.id,
      status: 'succeeded',
      blueprint: 'sma_cross',
      environment: 'backtest_btc_2022_01',
      asset: 'BTC-PERP',
      overrides: REQUEST.overrides,
      bars: expected.bars,
    });
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.submittedAt));
    expect(decodeStatistics(done.statistics!)).toEqual(expected.statistics);
    expect(expected.statistics.numberOfTrades).toBeGreaterThan(0);

    const trades = await request<{ id: string; trades: TradeReply[] }>(server, 'GET', accepted.links.trades);
    expect(trades.status).toBe(200);
    expect(trades.body.trades).toHaveLength(expected.statistics.numberOfTrades);
    expect(trades.body.trades.map((trade) => [Date.parse(trade.entryTime), Date.parse(trade.exitTime), trade.pnl]))
      .toEqual(expected.trades.map((trade) => [trade.entryTime, trade.exitTime, trade.pnl]));

    const csv = await request(server, 'GET', accepted.links.equity);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const curve = parseEquityCsv(csv.text);
    expect(curve.header).toBe('time,equity');
    expect(curve.rows).toHaveLength(done.bars!);
    expect(curve.rows.at(-1)!.equity).toBe(expected.statistics.finalEquity);
    expect(curve.rows.map((row) => row.time)).toEqual([...expected.equity.time]);

    const saved = await store.getBacktest(accepted.id);
    expect(saved).toMatchObject({ id: accepted.id, status: 'succeeded', blueprint: 'sma_cross', environment: 'backtest_btc_2022_01', asset: 'BTC-PERP', bars: expected.bars });
    expect(saved!.statistics).toEqual(expected.statistics);
    // The override reached the run config the request ran with (the blueprint says 10).
    const savedRequest = saved!.request as { overrides: unknown; config: { blueprint: { workers: { name: string; params: Record<string, unknown> }[] } } };
    expect(savedRequest.overrides).toEqual(REQUEST.overrides);
    expect(savedRequest.config.blueprint.workers.find((worker) => worker.name === 'fast')?.params).toMatchObject({ period: 12 });
    expect(await store.getBacktestTrades(accepted.id)).toEqual(expected.trades);

    const listed = await request<{ backtests: BacktestReply[] }>(server, 'GET', '/backtests');
    expect(listed.body.backtests.map((backtest) => backtest.id)).toEqual([accepted.id]);

    // After a restart, the same answers come from the results database.
    await server.close();
    open.server = undefined;
    const restarted = await serverWith(await openStore(path));
    expect(restarted.backtests.get(accepted.id)).toBeUndefined();
    const again = await request<BacktestReply>(restarted, 'GET', `/backtests/${accepted.id}`);
    expect(again.body).toEqual(done);
    const tradesAgain = await request<{ trades: TradeReply[] }>(restarted, 'GET', accepted.links.trades);
    expect(tradesAgain.body).toEqual(trades.body);
    const csvAgain = await request(restarted, 'GET', accepted.links.equity);
    expect(csvAgain.text).toBe(csv.text);
  });

  it('answers bad input with a 400 naming it, and records nothing', async () => {
    const store = await openStore(databasePath());
    const server = await serverWith(store);
    const dataDir = mkdtempSync(join(tmpdir(), 'tenure-backtest-data-'));
    const missingFile = join(dataDir, 'no-such-file.csv');
    const malformedFile = join(dataDir, 'malformed.csv');
    writeFileSync(malformedFile, 'timestamp,open,high,low,close,volume\n2022-01-01 00:00:00,1,2,0.5,1.5,10\n2022-01-01 00:01:00,1,two,0.5,1.5,10\n');
    const cases: { body: unknown; code: string; field: string; mentions: string }[] = [
      { body: { ...REQUEST, blueprint: 'sma_crosss' }, code: 'BAD_CATALOG_ID', field: 'body.blueprint', mentions: 'sma_crosss' },
      { body: { ...REQUEST, environment: 'backtest_eth' }, code: 'BAD_CATALOG_ID', field: 'body.environment', mentions: 'backtest_eth' },
      { body: { ...REQUEST, environment: 'live_local_btc' }, code: 'BAD_ENVIRONMENT_KIND', field: 'body.environment', mentions: 'live_local_btc' },
      { body: { ...REQUEST, overrides: { 'environment.casj': 50_000 } }, code: 'CONFIG_INVALID', field: 'body.overrides["environment.casj"]', mentions: 'unknown key' },
      { body: { ...REQUEST, overrides: { 'blueprint.workers.fsat.params.period': 12 } }, code: 'CONFIG_INVALID', field: 'body.overrides["blueprint.workers.fsat.params.period"]', mentions: 'no worker named "fsat"' },
      { body: { ...REQUEST, overrides: { environment: { cash: 'lots' } } }, code: 'CONFIG_INVALID', field: 'body.overrides.environment.cash', mentions: 'expected number' },
      { body: { ...REQUEST, overrides: { 'environment.data': missingFile } }, code: 'BAD_MARKET_DATA', field: 'body.overrides["environment.data"]', mentions: missingFile },
      { body: { ...REQUEST, overrides: { 'environment.data': malformedFile } }, code: 'BAD_MARKET_DATA', field: 'body.overrides["environment.data"]', mentions: `${malformedFile}:3` },
      { body: { ...REQUEST, overrides: { 'environment.data': 'relative.csv' } }, code: 'CONFIG_INVALID', field: 'body.overrides["environment.data"]', mentions: 'absolute path' },
      { body: { blueprint: 'sma_cross' }, code: 'BAD_REQUEST', field: 'body.environment', mentions: 'is required' },
      { body: { ...REQUEST, settings: {} }, code: 'BAD_REQUEST', field: 'body.settings', mentions: 'not allowed' },
    ];
    for (const { body, code, field, mentions } of cases) {
      const reply = await request<ErrorReply>(server, 'POST', '/backtests', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error, JSON.stringify(body)).toMatchObject({ code, field });
      expect(reply.body.error.message).toContain(field);
      expect(reply.body.error.message).toContain(mentions);
    }
    expect(await store.listBacktests()).toEqual([]);
    expect((await request<{ backtests: unknown[] }>(server, 'GET', '/backtests')).body.backtests).toEqual([]);
  });

  it('lets a run whose worker params only the worker checks fail: 202, then status failed with the reason; it has no results', async () => {
    const store = await openStore(databasePath());
    const server = await serverWith(store);
    const accepted = await submit(server, { ...REQUEST, overrides: { 'blueprint.workers.fast.params.period': 0 } });
    const done = await finished(server, accepted.id);
    expect(done.status).toBe('failed');
    expect(done.error).toContain('"fast"');
    expect(done.statistics).toBeUndefined();
    expect(await store.getBacktest(accepted.id)).toMatchObject({ status: 'failed', error: done.error });

    for (const path of [accepted.links.trades, accepted.links.equity]) {
      const reply = await request<ErrorReply>(server, 'GET', path);
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe('BACKTEST_FAILED');
    }
    const cancel = await request<ErrorReply>(server, 'DELETE', accepted.links.self);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.code).toBe('BACKTEST_FINISHED');
  });
});

describe('statistics', () => {
  it('sends the non-finite ones as the strings "NaN", "Infinity", "-Infinity", and the database keeps them', async () => {
    const store = await openStore(databasePath());
    const server = await serverWith(store);
    // 29 bars: the 40-bar average never forms, so nothing trades and the curve is flat.
    const accepted = await submit(server, { ...REQUEST, overrides: { 'environment.to': '2021-12-31T23:30:00Z' } });
    const done = await finished(server, accepted.id);
    expect(done.status, done.error).toBe('succeeded');
    expect(done.bars).toBe(29);
    expect(done.statistics).toMatchObject({ numberOfTrades: 0, totalReturn: 0, winRate: 'NaN', profitFactor: 'NaN', sharpeRatio: 'NaN' });
    const saved = await store.getBacktest(accepted.id);
    expect(saved!.statistics!.winRate).toBeNaN();
    expect(decodeStatistics(done.statistics!)).toEqual(saved!.statistics);
  });
});

describe('backtests by id', () => {
  it('answers an unknown id with 404 on every route', async () => {
    const server = await serverWith(await openStore(databasePath()));
    const id = '6f1c2d3e-0000-4000-8000-000000000000';
    for (const [method, path] of [['GET', ''], ['GET', '/trades'], ['GET', '/equity.csv'], ['DELETE', '']] as const) {
      const reply = await request<ErrorReply>(server, method, `/backtests/${id}${path}`);
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(reply.body.error).toMatchObject({ code: 'BACKTEST_NOT_FOUND', field: 'params.id' });
      expect(reply.body.error.message).toContain(id);
    }
  });

  it('cancels a running backtest (202, then failed as aborted), answers 409 for its results while it runs, and keeps to the limit of concurrent runs', async () => {
    const server = await serverWith(undefined, { maxConcurrent: 1 });
    const accepted = await submit(server, REQUEST);

    const csv = await request<ErrorReply>(server, 'GET', accepted.links.equity);
    expect(csv.status).toBe(409);
    expect(csv.body.error.code).toBe('BACKTEST_RUNNING');
    const second = await request<ErrorReply>(server, 'POST', '/backtests', REQUEST);
    expect(second.status).toBe(503);
    expect(second.body.error.code).toBe('BACKTEST_LIMIT');

    const cancel = await request<AcceptedReply>(server, 'DELETE', accepted.links.self);
    expect(cancel.status).toBe(202);
    const done = await finished(server, accepted.id);
    expect(done.status).toBe('failed');
    expect(done.error).toContain('aborted');

    // The cancelled run and a refused submission no longer count against the limit.
    expect((await request(server, 'POST', '/backtests', { ...REQUEST, blueprint: 'nope' })).status).toBe(400);
    const third = await submit(server, REQUEST);
    expect((await finished(server, third.id)).status).toBe('succeeded');

    // Without a database, the list is this process's runs, newest first.
    const listed = await request<{ backtests: BacktestReply[] }>(server, 'GET', '/backtests');
    expect(listed.body.backtests.map((backtest) => [backtest.id, backtest.status])).toEqual([[third.id, 'succeeded'], [accepted.id, 'failed']]);
    const limited = await request<{ backtests: BacktestReply[] }>(server, 'GET', '/backtests?limit=1');
    expect(limited.body.backtests.map((backtest) => backtest.id)).toEqual([third.id]);
    const tooMany = await request<ErrorReply>(server, 'GET', '/backtests?limit=5000');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.field).toBe('querystring.limit');
  });

  it('closes with the server: a running backtest is cancelled and recorded as failed, and no request scope is left reachable', async () => {
    const store = await openStore(databasePath());
    const sentinel = new LeakSentinel({ gc: globalThis.gc });
    const server = await serverWith(store, { leakSentinel: sentinel });
    const finishedRun = await submit(server, REQUEST);
    expect((await finished(server, finishedRun.id)).status).toBe('succeeded');
    const running = await submit(server, REQUEST);

    await server.close();
    open.server = undefined;
    expect(await store.getBacktest(running.id)).toMatchObject({ status: 'failed' });
    expect((await store.getBacktest(running.id))!.error).toContain('aborted');
    const report = await sentinel.check();
    expect(report.status).toBe('clean');
    expect(report.examined).toBeGreaterThan(0);
  });
});

describe('OpenAPI', () => {
  it('publishes the backtest routes with their schemas and the typed error body', async () => {
    const server = await serverWith(undefined);
    const document = (await request<{ paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>> }>(server, 'GET', '/openapi.json')).body;
    const routes = Object.entries(document.paths).filter(([path]) => path.startsWith('/backtests'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)).sort();
    expect(routes).toEqual(['DELETE /backtests/{id}', 'GET /backtests', 'GET /backtests/{id}', 'GET /backtests/{id}/equity.csv', 'GET /backtests/{id}/trades', 'POST /backtests']);
    const equity = document.paths['/backtests/{id}/equity.csv']!.get!.responses;
    expect(Object.keys(equity['200']!.content!)).toEqual(['text/csv']);
    expect(equity['409']!.content!['application/json']!.schema.$ref).toBe('#/components/schemas/ErrorBody');
  });
});

describe('tenure serve', () => {
  it('takes the backtest options, and refuses a catalog directory that cannot be read before it listens (exit 2)', async () => {
    const help: string[] = [];
    expect(await main(['node', 'tenure', 'serve', '--help'], (line) => help.push(line), () => undefined)).toBe(EXIT_OK);
    expect(help.join('\n')).toMatch(/--blueprints <dir>[\s\S]*--environments <dir>[\s\S]*--database <url>/);

    const missing = join(tmpdir(), 'tenure-no-such-blueprints');
    const errors: string[] = [];
    const code = await main(['node', 'tenure', 'serve', '--port', '0', '--blueprints', missing, '--environments', ENVIRONMENTS, '--database', databasePath()], () => undefined, (line) => errors.push(line));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(errors.join('\n')).toContain(missing);
  });
});
