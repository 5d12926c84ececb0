/**
 * Backtests in the results database, against a real SQLite file and a real PostgreSQL server:
 * submission, completion in one transaction (trades, a compact equity curve, statistics with
 * NaN and Infinity), failure, and the refusals (duplicate id, unknown id, finished backtest).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BacktestCommitError,
  BacktestIdTakenError,
  BacktestNotFoundError,
  BacktestStateError,
  openResultsStore,
  StoreInputError,
  type BacktestEquityCurve,
  type BacktestResult,
  type BacktestSubmission,
  type ResultsStore,
} from '../../src/store/index.js';
import type { TradeRecord } from '../../src/trading/engine/trade-record.js';
import type { BacktestStatistics } from '../../src/trading/statistics/backtest-statistics.js';
import { dropSchema, POSTGRES_TEST_URL, postgresUnreachable, queryPostgres, skipPostgres, uniqueSchemaName } from './postgres-test-database.js';
import { randomSource } from './store-fixtures.js';

const MARKET = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/market');

/** A month of BTC-PERP minute bars: 45,031 real times and an equity curve marked at each close. */
const btcCurve: BacktestEquityCurve = (() => {
  const lines = readFileSync(resolve(MARKET, 'BTC-PERP-1m-2022-01.csv'), 'utf8').trim().split('\n').slice(1);
  const time = new Float64Array(lines.length);
  const equity = new Float64Array(lines.length);
  const firstClose = Number(lines[0]!.split(',')[4]);
  lines.forEach((line, i) => {
    const fields = line.split(',');
    time[i] = Date.parse(`${fields[0]!.slice(0, 19).replace(' ', 'T')}Z`);
    // 0.37 BTC held against 10,000 cash: values with full 53-bit mantissas, not round numbers.
    equity[i] = 10_000 + 0.37 * (Number(fields[4]) - firstClose) / 1.000_7;
  });
  return { time, equity };
})();

function submission(id: string, minute = 0): BacktestSubmission {
  return {
    id,
    blueprint: 'sma-cross',
    environment: 'backtest-btc-2022-01',
    asset: 'BTC-PERP',
    request: { overrides: { 'sma.fast': 12, 'sma.slow': 48 }, config: { cash: 10_000, commission: 0.000_5, range: ['2022-01-01', '2022-01-31'], note: 'ünïcode "quoted" \\ ok' } },
    submittedAt: new Date(Date.UTC(2024, 5, 28, 9, minute, 7, 431)),
  };
}

/** Statistics as a degenerate run produces them: NaN Sharpe, infinite profit factor, and the odd -0. */
function edgeStatistics(): BacktestStatistics {
  return {
    initialEquity: 10_000,
    finalEquity: 10_123.456_789_012_3,
    totalReturn: 0.012_345_678_901_23,
    annualisedReturn: Number.NEGATIVE_INFINITY,
    annualisedVolatility: 0,
    sharpeRatio: Number.NaN,
    maxDrawdown: -0,
    winRate: 1 / 3,
    profitFactor: Number.POSITIVE_INFINITY,
    numberOfTrades: 12_345,
    exposureTime: 0.1 + 0.2,
    bars: 45_031,
    periodsPerYear: 525_960,
    riskFreeRate: 0,
  };
}

/** More trades than one PostgreSQL insert batch (5000), with awkward values. */
function trades(count: number): TradeRecord[] {
  const random = randomSource(7);
  return Array.from({ length: count }, (_, i): TradeRecord => {
    const entryPrice = 40_000 + random() * 8000;
    const exitPrice = entryPrice * (0.98 + random() * 0.04);
    const quantity = 0.001 + random();
    const commission = (entryPrice + exitPrice) * quantity * 0.000_5;
    return {
      asset: 'BTC-PERP',
      direction: i % 3 === 0 ? 'short' : 'long',
      entryTime: btcCurve.time[i % btcCurve.time.length]!,
      exitTime: btcCurve.time[(i + 17) % btcCurve.time.length]!,
      entryPrice,
      exitPrice,
      quantity,
      pnl: (exitPrice - entryPrice) * quantity * (i % 3 === 0 ? -1 : 1) - commission,
      commission,
      bars: 17,
      openAtEnd: i === count - 1,
      entryReason: i % 2 === 0 ? 'sma cross up' : 'fvg entry — gap ✓',
      exitReason: i === count - 1 ? 'end of run' : "stop 'hit'",
    };
  });
}

function result(tradeCount = 12_345, extra: Partial<BacktestResult> = {}): BacktestResult {
  return {
    statistics: edgeStatistics(),
    trades: trades(tradeCount),
    equity: btcCurve,
    finishedAt: new Date(Date.UTC(2024, 5, 28, 9, 3, 12, 5)),
    bars: 45_031,
    events: { orders: 24_690, fills: 24_690, warnings: ['none'] },
    ...extra,
  };
}

function bytesOf(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => new Error('expected a rejection'), (error: unknown) => error);
}

interface Harness {
  open(): Promise<ResultsStore>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
  /** The SQL function giving a blob's size in bytes. */
  readonly blobLength: 'length' | 'octet_length';
}

function describeBacktestTables(name: string, newHarness: () => Harness): void {
  describe(name, () => {
    let harness: Harness;
    let store: ResultsStore;

    beforeEach(async () => {
      harness = newHarness();
      store = await harness.open();
    });

    afterEach(async () => {
      await store.close();
      await harness.dispose();
    });

    it('records a submission as running, with its request', async () => {
      await store.recordBacktestSubmitted(submission('bt-1'));
      const record = await store.getBacktest('bt-1');
      expect(record).toEqual({
        id: 'bt-1',
        status: 'running',
        blueprint: 'sma-cross',
        environment: 'backtest-btc-2022-01',
        asset: 'BTC-PERP',
        request: submission('bt-1').request,
        statistics: null,
        bars: null,
        submittedAt: submission('bt-1').submittedAt,
        finishedAt: null,
        error: null,
      });
      expect(await store.getBacktestTrades('bt-1')).toEqual([]);
      expect(await store.getBacktestEquity('bt-1')).toBeUndefined();
      expect(await store.getBacktest('bt-unknown')).toBeUndefined();
    });

    it('stores a completed backtest whole: NaN/Infinity statistics, 12,345 trades, the 45,031-point curve bit for bit', async () => {
      const completed = result();
      await store.recordBacktestSubmitted(submission('bt-1'));
      await store.completeBacktest('bt-1', completed);
      // Read back through a new connection, so nothing can come from a cache.
      await store.close();
      store = await harness.open();

      const record = await store.getBacktest('bt-1');
      expect(record?.status).toBe('succeeded');
      expect(record?.bars).toBe(45_031);
      expect(record?.finishedAt).toEqual(completed.finishedAt);
      expect(record?.error).toBeNull();
      const statistics = record?.statistics;
      expect(statistics).not.toBeNull();
      for (const [key, value] of Object.entries(completed.statistics)) {
        expect(Object.is(statistics?.[key as keyof BacktestStatistics], value), `statistics.${key}: ${String(statistics?.[key as keyof BacktestStatistics])} vs ${value}`).toBe(true);
      }
      expect(Object.keys(statistics ?? {}).sort()).toEqual(Object.keys(completed.statistics).sort());

      const curve = await store.getBacktestEquity('bt-1');
      expect(curve?.time).toBeInstanceOf(Float64Array);
      expect(curve?.time.length).toBe(45_031);
      expect(bytesOf(curve!.time).equals(bytesOf(btcCurve.time))).toBe(true);
      expect(bytesOf(curve!.equity).equals(bytesOf(btcCurve.equity))).toBe(true);

      expect(await store.getBacktestTrades('bt-1')).toEqual(completed.trades);
      expect(await store.getBacktestEvents('bt-1')).toEqual(completed.events);
    });

    it('keeps the curve in one row of two blobs, 8 bytes a point', async () => {
      await store.recordBacktestSubmitted(submission('bt-1'));
      await store.completeBacktest('bt-1', result(3));
      const rows = await harness.query(`SELECT points, ${harness.blobLength}(time_values) AS bytes FROM backtest_equity WHERE backtest_id = 'bt-1'`);
      expect(rows.map((row) => [Number(row.points), Number(row.bytes)])).toEqual([[45_031, 45_031 * 8]]);
    });

    it('round-trips an empty curve and no trades', async () => {
      await store.recordBacktestSubmitted(submission('bt-1'));
      await store.completeBacktest('bt-1', result(0, { equity: { time: new Float64Array(0), equity: new Float64Array(0) }, events: undefined }));
      expect(await store.getBacktestTrades('bt-1')).toEqual([]);
      const curve = await store.getBacktestEquity('bt-1');
      expect([curve?.time.length, curve?.equity.length]).toEqual([0, 0]);
      expect(await store.getBacktestEvents('bt-1')).toBeUndefined();
    });

    it('fails a backtest with its reason and writes nothing else', async () => {
      await store.recordBacktestSubmitted(submission('bt-1'));
      const finishedAt = new Date(Date.UTC(2024, 5, 28, 9, 1, 0, 999));
      await store.failBacktest('bt-1', 'strategy threw: division by zero in sizing', finishedAt);
      const record = await store.getBacktest('bt-1');
      expect(record).toMatchObject({ status: 'failed', error: 'strategy threw: division by zero in sizing', finishedAt, statistics: null, bars: null });
      expect(await store.getBacktestTrades('bt-1')).toEqual([]);
      expect(await store.getBacktestEquity('bt-1')).toBeUndefined();
      expect(Number((await harness.query(`SELECT count(*) AS n FROM backtest_trades`))[0]?.n)).toBe(0);
      // A failed backtest stays failed.
      await expect(store.completeBacktest('bt-1', result(5))).rejects.toBeInstanceOf(BacktestStateError);
      await expect(store.failBacktest('bt-1', 'again', finishedAt)).rejects.toThrow(/backtest "bt-1" already failed/);
      expect(await store.getBacktestTrades('bt-1')).toEqual([]);
    });

    it('refuses a duplicate id with BACKTEST_ID_TAKEN and leaves the first alone', async () => {
      await store.recordBacktestSubmitted(submission('bt-1'));
      await store.completeBacktest('bt-1', result(4));
      const error = await rejection(store.recordBacktestSubmitted({ ...submission('bt-1', 30), blueprint: 'other' }));
      expect(error).toBeInstanceOf(BacktestIdTakenError);
      expect((error as BacktestIdTakenError).code).toBe('BACKTEST_ID_TAKEN');
      expect((error as Error).message).toMatch(/backtest id "bt-1" is already in the results database \(status succeeded\)/);
      const record = await store.getBacktest('bt-1');
      expect([record?.status, record?.blueprint, record?.submittedAt]).toEqual(['succeeded', 'sma-cross', submission('bt-1').submittedAt]);
      expect(await store.getBacktestTrades('bt-1')).toHaveLength(4);
    });

    it('refuses to complete or fail an unknown id, writing nothing', async () => {
      const error = await rejection(store.completeBacktest('bt-ghost', result(10)));
      expect(error).toBeInstanceOf(BacktestNotFoundError);
      expect((error as BacktestNotFoundError).code).toBe('BACKTEST_NOT_FOUND');
      expect((error as Error).message).toMatch(/^completeBacktest: no backtest "bt-ghost"/);
      await expect(store.failBacktest('bt-ghost', 'x', new Date())).rejects.toBeInstanceOf(BacktestNotFoundError);
      const counts = await harness.query(`SELECT (SELECT count(*) FROM backtest_trades) AS trades, (SELECT count(*) FROM backtest_equity) AS curves, (SELECT count(*) FROM backtests) AS backtests`);
      expect([Number(counts[0]?.trades), Number(counts[0]?.curves), Number(counts[0]?.backtests)]).toEqual([0, 0, 0]);
    });

    it('completes a backtest once: a second completion is refused and changes nothing', async () => {
      await store.recordBacktestSubmitted(submission('bt-1'));
      await store.completeBacktest('bt-1', result(6));
      await expect(store.completeBacktest('bt-1', result(9))).rejects.toThrow(/backtest "bt-1" already succeeded/);
      await expect(store.failBacktest('bt-1', 'late failure', new Date())).rejects.toBeInstanceOf(BacktestStateError);
      expect(await store.getBacktestTrades('bt-1')).toHaveLength(6);
      expect((await store.getBacktest('bt-1'))?.status).toBe('succeeded');
    });

    it('writes a completion in one transaction: a row the database refuses undoes the rows before it', async () => {
      await store.recordBacktestSubmitted(submission('bt-1'));
      // A stray trade row at ordinal 7000: the completion collides with it in its second PostgreSQL batch.
      await harness.query(`INSERT INTO backtest_trades (backtest_id, ordinal, asset, direction, entry_time, exit_time, entry_price,
        exit_price, quantity, pnl, commission, bars, open_at_end, entry_reason, exit_reason)
        VALUES ('bt-1', 7000, 'BTC-PERP', 'long', 0, 0, 1, 1, 1, 0, 0, 0, 0, 'planted', 'planted')`);
      const error = await rejection(store.completeBacktest('bt-1', result()));
      expect(error).toBeInstanceOf(BacktestCommitError);
      expect((error as BacktestCommitError).code).toBe('STORE_COMMIT_FAILED');
      expect((error as Error).message).toMatch(/Could not store the results of backtest "bt-1"; nothing was written: .*(UNIQUE|duplicate key)/);
      const record = await store.getBacktest('bt-1');
      expect([record?.status, record?.statistics, record?.bars, record?.finishedAt]).toEqual(['running', null, null, null]);
      expect((await store.getBacktestTrades('bt-1')).map((trade) => trade.entryReason)).toEqual(['planted']);
      expect(await store.getBacktestEquity('bt-1')).toBeUndefined();
    });

    it('lists backtests newest first, up to a limit', async () => {
      for (const [id, minute] of [['bt-b', 5], ['bt-a', 9], ['bt-c', 1]] as const) await store.recordBacktestSubmitted(submission(id, minute));
      await store.completeBacktest('bt-b', result(2));
      await store.failBacktest('bt-c', 'no data in range', new Date());
      expect((await store.listBacktests()).map((b) => [b.id, b.status])).toEqual([['bt-a', 'running'], ['bt-b', 'succeeded'], ['bt-c', 'failed']]);
      expect((await store.listBacktests(2)).map((b) => b.id)).toEqual(['bt-a', 'bt-b']);
      expect((await store.listBacktests()).find((b) => b.id === 'bt-b')?.statistics?.profitFactor).toBe(Number.POSITIVE_INFINITY);
      await expect(store.listBacktests(0)).rejects.toThrow(/listBacktests: limit must be a positive integer; got 0/);
    });

    it('refuses malformed arguments, naming the field, before writing anything', async () => {
      await store.recordBacktestSubmitted(submission('bt-1'));
      const broken = trades(5).map((trade, i) => (i === 3 ? { ...trade, pnl: Number.NaN } : trade));
      const bad = [
        [store.completeBacktest('bt-1', { ...result(0), trades: broken }), /completeBacktest: result\.trades\[3\]\.pnl must be a finite number; got NaN/],
        [store.completeBacktest('bt-1', { ...result(0), equity: { time: new Float64Array(3), equity: new Float64Array(2) } }), /result\.equity has 3 times but 2 equity values/],
        [store.completeBacktest('bt-1', { ...result(0), statistics: { ...edgeStatistics(), sharpeRatio: 'high' as unknown as number } }), /result\.statistics\.sharpeRatio must be a number; got "high"/],
        [store.completeBacktest('bt-1', { ...result(0), finishedAt: new Date(Number.NaN) }), /result\.finishedAt must be a valid Date; got an invalid Date/],
        [store.recordBacktestSubmitted({ ...submission('bt-2'), request: { big: 10n } }), /recordBacktestSubmitted: run\.request cannot be written as JSON/],
        [store.recordBacktestSubmitted({ ...submission('bt-2'), asset: '' }), /run\.asset must be a non-empty string/],
        [store.failBacktest('bt-1', ' ', new Date()), /failBacktest: reason must be a non-empty string/],
      ] as const;
      for (const [promise, message] of bad) {
        const error = await rejection(promise);
        expect(error).toBeInstanceOf(StoreInputError);
        expect((error as Error).message).toMatch(message);
      }
      expect((await store.getBacktest('bt-1'))?.status).toBe('running');
      expect(await store.getBacktest('bt-2')).toBeUndefined();
    });
  });
}

const root = mkdtempSync(join(tmpdir(), 'tenure-backtests-'));
let databases = 0;

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describeBacktestTables('SQLite backtest tables (a real file)', () => {
  const path = join(root, `db-${++databases}`, 'results.sqlite');
  return {
    blobLength: 'length',
    open: () => openResultsStore(path),
    query: (sql) => {
      const db = new Database(path);
      try {
        const statement = db.prepare(sql);
        return Promise.resolve(statement.reader ? statement.all() as Record<string, unknown>[] : (statement.run(), []));
      } finally {
        db.close();
      }
    },
    dispose: () => {
      rmSync(dirname(path), { recursive: true, force: true });
      return Promise.resolve();
    },
  };
});

const skipNote = skipPostgres ? ` (SKIPPED: ${POSTGRES_TEST_URL} unreachable: ${postgresUnreachable ?? ''})` : '';

describe.skipIf(skipPostgres)(`PostgreSQL backtest tables against ${POSTGRES_TEST_URL}${skipNote}`, () => {
  describeBacktestTables('PostgreSQL backtest tables (a real server, one schema per test)', () => {
    const schema = uniqueSchemaName('backtests');
    return {
      blobLength: 'octet_length',
      open: () => openResultsStore(POSTGRES_TEST_URL, { schema }),
      query: (sql) => queryPostgres(sql, schema),
      dispose: () => dropSchema(schema),
    };
  });
});
