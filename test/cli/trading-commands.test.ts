import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../../src/cli/exit-codes.js';
import { openResultsStore } from '../../src/store/index.js';
import { startFeedSimulator } from '../../src/trading/feed/feed-simulator.js';
import { readBars } from '../../src/trading/market/read-bars.js';

const MARKET = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/market');
const BTC = join(MARKET, 'BTC-PERP-1m-2022-01.csv');
const scratch = mkdtempSync(join(tmpdir(), 'tenure-trading-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'tenure', ...args], (line) => out.push(line), (line) => err.push(line));
  return { code, out, err };
}

/** A catalog with the example SMA cross blueprint and an environment on `data`. */
function catalogOn(name: string, data: string): string[] {
  const root = join(scratch, name);
  mkdirSync(join(root, 'blueprints'), { recursive: true });
  mkdirSync(join(root, 'environments'), { recursive: true });
  writeFileSync(join(root, 'blueprints/sma.yaml'), readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/trading/blueprints/sma_cross.yaml')));
  writeFileSync(join(root, 'environments/env.yaml'), `kind: backtest\ndata: ${data}\nasset: X\ncash: 1000\ncommission: 0\nslippage: 0\n`);
  return ['--blueprints', join(root, 'blueprints'), '--environments', join(root, 'environments'), '--blueprint', 'sma', '--environment', 'env'];
}

describe('tenure backtest', () => {
  it('runs one request, saves it to the results database and writes the equity curve', async () => {
    const database = join(scratch, 'results.db');
    const csv = join(scratch, 'equity.csv');
    const { code, out, err } = await run(
      'backtest', '--blueprint', 'sma_cross', '--environment', 'backtest_btc_2022_01',
      '--set', 'environment.to=2022-01-05', '--set', 'blueprint.workers.fast.params.period=12',
      '--database', database, '--equity-csv', csv,
    );
    expect(err).toEqual([]);
    expect(code).toBe(EXIT_OK);
    const id = /^backtest ([0-9a-f-]{36}): sma_cross on BTC-PERP, 2021-12-31T23:01:00.000Z to 2022-01-04T23:59:00.000Z$/.exec(out[0]!)?.[1];
    expect(id).toBeDefined();
    expect(out.join('\n')).toMatch(/Sharpe ratio\s+-?\d/);
    const store = await openResultsStore(database);
    try {
      const record = await store.getBacktest(id!);
      expect(record?.status).toBe('succeeded');
      expect(record?.bars).toBe(readFileSync(csv, 'utf8').trimEnd().split('\n').length - 1);
      const equity = await store.getBacktestEquity(id!);
      expect(readFileSync(csv, 'utf8').trimEnd().split('\n').at(-1)).toBe(`${new Date(equity!.time.at(-1)!).toISOString()},${equity!.equity.at(-1)!}`);
    } finally {
      await store.close();
    }
  });

  it('runs a sweep, one line per combination', async () => {
    const { code, out } = await run(
      'backtest', '--blueprint', 'sma_cross', '--environment', 'backtest_btc_2022_01', '--set', 'environment.to=2022-01-03',
      '--sweep', 'blueprint.workers.fast.params.period=[5,10]', '--sweep', 'blueprint.workers.slow.params.period=[40,80]', '--threads', '0',
    );
    expect(code).toBe(EXIT_OK);
    expect(out.filter((line) => line.startsWith('{'))).toHaveLength(4);
    expect(out.at(-1)).toMatch(/^sweep: 4 backtests of \d+ bars of BTC-PERP in /);
  });

  it('exits 2 naming an unknown blueprint, environment or override key, and saves nothing', async () => {
    const database = join(scratch, 'bad.db');
    const blueprint = await run('backtest', '--blueprint', 'sma_crosss', '--environment', 'backtest_btc_2022_01', '--database', database);
    expect(blueprint.code).toBe(EXIT_BAD_INPUT);
    expect(blueprint.err.join('\n')).toMatch(/sma_crosss[\s\S]*sma_cross/);
    const environment = await run('backtest', '--blueprint', 'sma_cross', '--environment', 'moon', '--database', database);
    expect(environment.code).toBe(EXIT_BAD_INPUT);
    expect(environment.err.join('\n')).toContain('moon');
    const key = await run('backtest', '--blueprint', 'sma_cross', '--environment', 'backtest_btc_2022_01', '--set', 'environment.casj=5', '--database', database);
    expect(key.code).toBe(EXIT_BAD_INPUT);
    expect(key.err.join('\n')).toContain('environment.casj');
    const worker = await run('backtest', '--blueprint', 'sma_cross', '--environment', 'backtest_btc_2022_01', '--set', 'blueprint.workers.fats.params.period=5', '--database', database);
    expect(worker.code).toBe(EXIT_BAD_INPUT);
    expect(worker.err.join('\n')).toContain('no worker named "fats"');
    const store = await openResultsStore(database);
    try {
      expect(await store.listBacktests()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('exits 2 naming the file and line of data with a missing column or unsorted times', async () => {
    const missing = join(scratch, 'no-close.csv');
    writeFileSync(missing, 'timestamp,open,high,low,volume\n2022-01-01 00:00:00,1,2,0.5,10\n');
    const a = await run('backtest', ...catalogOn('missing', missing));
    expect(a.code).toBe(EXIT_BAD_INPUT);
    expect(a.err.join('\n')).toMatch(/no-close\.csv:1: .*close/);
    const unsorted = join(scratch, 'unsorted.csv');
    writeFileSync(unsorted, 'timestamp,open,high,low,close,volume\n2022-01-01 00:01:00,1,2,0.5,1,10\n2022-01-01 00:00:00,1,2,0.5,1,10\n');
    const b = await run('backtest', ...catalogOn('unsorted', unsorted));
    expect(b.code).toBe(EXIT_BAD_INPUT);
    expect(b.err.join('\n')).toMatch(/unsorted\.csv:3: /);
  });
});

describe('tenure operate', () => {
  it('runs the example live (against a local feed) and as a backtest together, stops cleanly and finds no leak', async () => {
    const simulator = await startFeedSimulator({ series: readBars(BTC, { asset: 'BTC-PERP', to: Date.UTC(2022, 0, 1, 12) }), speed: 0 });
    try {
      const { code, out, err } = await run('operate', '--feed', simulator.url);
      expect(err).toEqual([]);
      expect(code).toBe(EXIT_OK);
      const text = out.join('\n');
      expect(text).toMatch(/strategy ict_smc_strategy@live_local_btc \(live: ict_smc_strategy × live_local_btc\): finished/);
      expect(text).toMatch(/strategy smart_dca_btc@backtest_btc_2022_01 \(backtest: smart_dca_btc × backtest_btc_2022_01\): finished/);
      expect(out.at(-1)).toBe('leak check: 2 strategy scopes closed, nothing reachable');
    } finally {
      await simulator.close();
    }
  });

  it('exits 2 for an operation that links an unknown blueprint', async () => {
    const file = join(scratch, 'op.yaml');
    const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/trading');
    writeFileSync(file, `blueprints: ${examples}/blueprints\nenvironments: ${examples}/environments\nstrategy_links:\n  - strategy_blueprint_id: nope\n    execution_environment_id: backtest_btc_2022_01\n`);
    const { code, err } = await run('operate', file);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err.join('\n')).toMatch(/unknown blueprint "nope"[\s\S]*op\.yaml:4:5/);
  });
});
