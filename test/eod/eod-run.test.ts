import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEod } from '../../src/eod/eod-run.js';
import { openResultsStore } from '../../src/store/index.js';
import { abortingProgress, eodDeps, eodOptions, portfolioFile, tempDir } from './eod-fixtures.js';

describe('the EOD run on SQLite', () => {
  it('values every position, commits results with a succeeded audit record, writes both reports and leaves nothing reachable', async () => {
    const dir = tempDir('ok');
    const options = eodOptions(dir, { portfolio: portfolioFile(dir, 300) });
    const outcome = await runEod(options, eodDeps());
    expect(outcome.status).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    expect(outcome.positions).toBe(300);
    expect(outcome.leaks.status).toBe('clean');
    expect(outcome.summary.total.positions).toBe(300);
    expect(outcome.summary.byKind.bond.positions + outcome.summary.byKind.mbs.positions + outcome.summary.byKind.swap.positions).toBe(300);
    // A long book of bonds and pools loses value when rates rise.
    expect(outcome.summary.total.shockUp100).toBeLessThan(0);

    await using store = await openResultsStore(options.database);
    const run = await store.getRun(outcome.runId);
    expect(run?.status).toBe('succeeded');
    expect(run?.positions).toBe(300);
    expect(Object.keys(run?.inputHashes ?? {}).sort()).toEqual(['market', 'models', 'portfolio']);
    expect(Object.keys(run?.timings ?? {})).toEqual(expect.arrayContaining(['load', 'enrich', 'model', 'value', 'aggregate']));
    expect(run?.peakRssBytes).toBeGreaterThan(0);
    const results = await store.getResults(outcome.runId);
    expect(results).toHaveLength(300);
    const bond = results.find((r) => r.kind === 'bond')!;
    expect(bond.cleanPrice).not.toBeNull();
    expect(bond.yield).not.toBeNull();
    const pool = results.find((r) => r.kind === 'mbs')!;
    expect(pool.wal).toBeGreaterThan(0);
    const swap = results.find((r) => r.kind === 'swap')!;
    expect(swap.cleanPrice).toBeNull();
    expect(Object.keys(swap.keyRateDurations ?? {})).toEqual(['2Y', '5Y', '10Y', '30Y']);

    const [csv, html] = outcome.reportFiles;
    expect(readFileSync(csv!, 'utf8').trim().split('\n')).toHaveLength(301);
    expect(readFileSync(html!, 'utf8')).toContain(outcome.runId);
  });

  it('loads a portfolio saved in the results database (--portfolio db:<id>) and values it the same as the file', async () => {
    const dir = tempDir('db-portfolio');
    const file = portfolioFile(dir, 120, 21);
    const fromFile = await runEod(eodOptions(dir, { portfolio: file, database: join(dir, 'file.sqlite') }), eodDeps());
    const database = join(dir, 'db.sqlite');
    {
      await using store = await openResultsStore(database);
      const { readPortfolio } = await import('../../src/valuation/portfolio/index.js');
      await store.savePortfolio('book-a', (await readPortfolio(file)).positions);
    }
    const fromDatabase = await runEod(eodOptions(dir, { portfolio: 'db:book-a', database }), eodDeps());
    expect(fromFile.status).toBe('succeeded');
    expect(fromDatabase.status).toBe('succeeded');
    await using a = await openResultsStore(join(dir, 'file.sqlite'));
    await using b = await openResultsStore(database);
    expect(await b.getResults(fromDatabase.runId)).toEqual(await a.getResults(fromFile.runId));
    await expect(runEod(eodOptions(dir, { portfolio: 'db:no-such-book', database }), eodDeps())).rejects.toThrow(/no-such-book/);
  });

  it('re-running the same inputs is idempotent: the run id is the same and nothing is valued twice', async () => {
    const dir = tempDir('again');
    const options = eodOptions(dir, { portfolio: portfolioFile(dir, 50) });
    const first = await runEod(options, eodDeps());
    const second = await runEod(options, eodDeps());
    expect(first.status).toBe('succeeded');
    expect(second).toMatchObject({ status: 'already-succeeded', runId: first.runId });
    await using store = await openResultsStore(options.database);
    expect(await store.getResults(first.runId)).toHaveLength(50);
    expect(await store.listRuns()).toHaveLength(1);
  });

  it('--force values a succeeded run again, and a forced run that is interrupted is recorded as failed', async () => {
    const dir = tempDir('force');
    const options = eodOptions(dir, { portfolio: portfolioFile(dir, 3000, 9) });
    const first = await runEod(options, eodDeps());
    expect(first.status).toBe('succeeded');
    const again = await runEod({ ...options, force: true }, eodDeps());
    expect(again).toMatchObject({ status: 'succeeded', runId: first.runId });
    const controller = new AbortController();
    const interrupted = await runEod({ ...options, force: true }, eodDeps({ signal: controller.signal, progress: abortingProgress(controller) }));
    expect(interrupted).toMatchObject({ status: 'failed', runId: first.runId });
    await using store = await openResultsStore(options.database);
    expect((await store.getRun(first.runId))?.status).toBe('failed');
    expect(await store.getResults(first.runId)).toHaveLength(0);
  });

  it('an interrupted run fails cleanly: its audit record says why, it keeps no results, and earlier runs are untouched', async () => {
    const dir = tempDir('abort');
    const earlier = await runEod(eodOptions(dir, { portfolio: portfolioFile(dir, 40, 1) }), eodDeps());
    expect(earlier.status).toBe('succeeded');

    const controller = new AbortController();
    const outcome = await runEod(eodOptions(dir, { portfolio: portfolioFile(dir, 5000, 2) }),
      eodDeps({ signal: controller.signal, progress: abortingProgress(controller) }));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'interrupted by the test' });

    await using store = await openResultsStore(eodOptions(dir, { portfolio: '' }).database);
    const failed = await store.getRun(outcome.runId);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'interrupted by the test' });
    expect(await store.getResults(outcome.runId)).toHaveLength(0);
    expect(await store.getResults(earlier.runId)).toHaveLength(40);
    expect((await store.getRun(earlier.runId))?.status).toBe('succeeded');
  });
});

describe('bad input to the EOD run', () => {
  async function expectRejectedLeavingEarlierRun(breakInput: (dir: string, portfolio: string) => Partial<Parameters<typeof eodOptions>[1]>, message: RegExp, code: string): Promise<void> {
    const dir = tempDir('bad');
    const portfolio = portfolioFile(dir, 30);
    const earlier = await runEod(eodOptions(dir, { portfolio }), eodDeps());
    expect(earlier.status).toBe('succeeded');
    const attempt = runEod(eodOptions(dir, { portfolio, ...breakInput(dir, portfolio) }), eodDeps());
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toMatchObject({ code });
    await using store = await openResultsStore(join(dir, 'results.sqlite'));
    expect(await store.listRuns()).toHaveLength(1);
    expect(await store.getResults(earlier.runId)).toHaveLength(30);
  }

  it('a malformed portfolio row names the file, line and field', async () => {
    await expectRejectedLeavingEarlierRun((dir, portfolio) => {
      const lines = readFileSync(portfolio, 'utf8').split('\n');
      const header = lines[0]!.split(',');
      const row = lines[3]!.split(',');
      const column = header.indexOf(row[header.indexOf('kind')] === 'mbs' ? 'balance' : row[header.indexOf('kind')] === 'bond' ? 'face' : 'notional');
      row[column] = '-5';
      lines[3] = row.join(',');
      const broken = join(dir, 'broken.csv');
      writeFileSync(broken, lines.join('\n'));
      return { portfolio: broken };
    }, /broken\.csv:4: field "(balance|face|notional)"/, 'PORTFOLIO_INVALID');
  });

  it('an unknown prepayment model names the model', async () => {
    await expectRejectedLeavingEarlierRun((dir, portfolio) => {
      const broken = join(dir, 'unknown-model.csv');
      writeFileSync(broken, readFileSync(portfolio, 'utf8').replace(/psa-100|psa-165|refi-standard|refi-fast/, 'psa-999'));
      return { portfolio: broken };
    }, /psa-999/, 'BAD_PREPAYMENT_MODEL_NAME');
  });

  it('a date missing from the market file is refused', async () => {
    await expectRejectedLeavingEarlierRun(() => ({ effectiveDate: '2023-12-30' }), /2023-12-30/, 'BAD_MARKET_DATA');
  });

  it('a non-numeric rate or a missing tenor in the market file names the line and column', async () => {
    await expectRejectedLeavingEarlierRun((dir) => {
      const market = join(dir, 'market.csv');
      const text = readFileSync(eodOptions(dir, { portfolio: '' }).market, 'utf8').split('\n');
      text[1] = text[1]!.replace(/,4\.23,/, ',abc,');
      writeFileSync(market, text.join('\n'));
      return { market };
    }, /market\.csv:2.*2 Yr|market\.csv:2.*abc/, 'BAD_MARKET_DATA');
    await expectRejectedLeavingEarlierRun((dir) => {
      const market = join(dir, 'market-gap.csv');
      const text = readFileSync(eodOptions(dir, { portfolio: '' }).market, 'utf8').split('\n');
      text[1] = text[1]!.replace(/,3\.88,3\.88,/, ',,3.88,');
      writeFileSync(market, text.join('\n'));
      return { market };
    }, /market-gap\.csv:2.*7 Yr/, 'BAD_MARKET_DATA');
  });
});
