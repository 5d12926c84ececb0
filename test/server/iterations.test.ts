import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../src/valuation/portfolio/generate-portfolio.js';
import { parseDay } from '../../src/valuation/dates/day.js';
import { formatPortfolioJson } from '../../src/valuation/portfolio/write-portfolio.js';
import type { PositionValuation } from '../../src/valuation/valuation-result.js';
import {
  createSession,
  EARLIER_DATE,
  EFFECTIVE_DATE,
  EXAMPLE_MARKET_FILE,
  iterate,
  startTestServer,
  type DiffReply,
  type TestServer,
} from './server-fixtures.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.[Symbol.asyncDispose]();
  server = undefined;
});

/** The model whose parameter the tests change, and a value unlike its file's (0.6). */
const MODEL = 'refi-fast';
const CHANGED = { [MODEL]: { sCurveMax: 0.45 } };

function poolsOn(model: string, positions: readonly { kind: string; model?: string }[]): number {
  return positions.filter((position) => position.kind === 'mbs' && position.model === model).length;
}

function byId(results: readonly PositionValuation[]): Map<string, PositionValuation> {
  return new Map(results.map((result) => [result.positionId, result]));
}

describe('iterations over HTTP', () => {
  it('runs the first iteration in full and a parameter-only change as a delta that recomputes only the pools on that model', async () => {
    server = await startTestServer('delta');
    const session = await createSession(server);

    const first = await iterate(server, session);
    expect(first).toMatchObject({ iteration: 1, executionType: 'full', changedParameters: [] });
    expect(first.results.total).toBe(server.data.positions.length);
    expect(first.results.items).toHaveLength(server.data.positions.length);

    const second = await iterate(server, session, { parameters: CHANGED });
    expect(second).toMatchObject({ iteration: 2, executionType: 'delta', changedParameters: [`${MODEL}.sCurveMax`] });
    expect(second.parameters[MODEL]?.sCurveMax).toBe(0.45);
    // The pools on the model, their subtotal and the portfolio total; nothing else.
    const pools = poolsOn(MODEL, server.data.positions);
    expect(pools).toBeGreaterThan(0);
    expect(second.nodesRecomputed).toBe(pools + 2);
    expect(second.nodesRecomputed).toBeLessThan(server.data.positions.length / 10);

    // Only pools on the changed model moved.
    const before = byId(first.results.items);
    for (const result of second.results.items) {
      const position = server.data.positions.find((p) => p.id === result.positionId)!;
      if (position.kind !== 'mbs' || position.model !== MODEL) expect(result).toEqual(before.get(result.positionId));
    }
  });

  it('gives a delta run exactly the results of a new session run in full with the same parameters', async () => {
    server = await startTestServer('same-as-full');
    const tuned = await createSession(server);
    await iterate(server, tuned);
    const delta = await iterate(server, tuned, { parameters: CHANGED });
    expect(delta.executionType).toBe('delta');

    const fresh = await createSession(server);
    const full = await iterate(server, fresh, { parameters: CHANGED });
    expect(full.executionType).toBe('full');
    expect(delta.totals).toEqual(full.totals);
    expect(delta.results.items).toEqual(full.results.items);
  });

  it('answers the diff of the last iteration against the baseline, computed from the two runs\' results', async () => {
    server = await startTestServer('baseline-diff');
    const session = await createSession(server);
    const baseline = await iterate(server, session);
    await iterate(server, session, { parameters: { [MODEL]: { sCurveMax: 0.5 } } });
    const latest = await iterate(server, session, { parameters: CHANGED });

    const reply = await server.call<DiffReply>('GET', `/sessions/${session.id}/baseline-diff?limit=10000`, { token: session.token });
    expect(reply.status).toBe(200);
    const diff = reply.body;
    expect(diff).toMatchObject({ baselineIteration: 1, iteration: 3, addedCount: 0, removedCount: 0 });
    expect(diff).toEqual(latest.diffAgainstBaseline);

    // Reproduce it from the results the two iterations answered.
    const earlier = byId(baseline.results.items);
    const moved = latest.results.items.filter((result) => result.npv !== earlier.get(result.positionId)!.npv);
    expect(moved.length).toBeGreaterThan(0);
    expect(diff.changed).toBe(moved.length);
    expect(diff.unchanged).toBe(server.data.positions.length - moved.length);
    expect(diff.positions.items.map((p) => p.positionId)).toEqual(moved.map((r) => r.positionId));
    for (const difference of diff.positions.items) {
      expect(difference.npv).toBe(latest.results.items.find((r) => r.positionId === difference.positionId)!.npv - earlier.get(difference.positionId)!.npv);
    }
    expect(diff.totals.portfolio.npv).toBe(latest.totals.portfolio.npv - baseline.totals.portfolio.npv);
    expect(diff.totals.groups[MODEL]!.npv).toBe(latest.totals.groups[MODEL]!.npv - baseline.totals.groups[MODEL]!.npv);

    // One page at a time.
    const page = await server.call<DiffReply>('GET', `/sessions/${session.id}/baseline-diff?offset=1&limit=2`, { token: session.token });
    expect(page.body.positions).toMatchObject({ total: moved.length, offset: 1, limit: 2 });
    expect(page.body.positions.items).toEqual(diff.positions.items.slice(1, 3));
  });

  it('answers 409 for a baseline diff before any iteration', async () => {
    server = await startTestServer('no-baseline');
    const session = await createSession(server);
    const reply = await server.call('GET', `/sessions/${session.id}/baseline-diff`, { token: session.token });
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ error: { code: 'NO_ITERATION' } });
  });

  it('rebuilds the workflow for another market date or portfolio (full run) and goes back to delta runs after', async () => {
    server = await startTestServer('structure');
    const session = await createSession(server);
    const first = await iterate(server, session);

    const otherDate = await iterate(server, session, { parameters: {}, market: { file: server.data.market, date: EARLIER_DATE } });
    expect(otherDate).toMatchObject({ iteration: 2, executionType: 'full', market: { date: EARLIER_DATE } });
    expect(otherDate.reason).toContain("'market' changed");
    expect(otherDate.totals.portfolio.npv).not.toBe(first.totals.portfolio.npv);

    const afterwards = await iterate(server, session, { parameters: CHANGED });
    expect(afterwards).toMatchObject({ executionType: 'delta', market: { date: EARLIER_DATE } });
    expect(afterwards.nodesRecomputed).toBe(poolsOn(MODEL, server.data.positions) + 2);

    // Another portfolio, sent inline: a full run on it, diffed by position id against the baseline.
    const inline = generatePortfolio({ positions: 30, seed: 99, effectiveDate: parseDay(EFFECTIVE_DATE)! })
      .map((position) => ({ ...position, id: `NEW-${position.id}` }));
    const json = (JSON.parse(formatPortfolioJson(inline)) as { positions: unknown[] }).positions;
    const otherPortfolio = await iterate(server, session, { parameters: CHANGED, portfolio: json });
    expect(otherPortfolio).toMatchObject({ executionType: 'full', portfolio: { id: 'inline', positions: 30 } });
    expect(otherPortfolio.reason).toContain("'portfolio' changed");
    expect(otherPortfolio.diffAgainstBaseline).toMatchObject({ addedCount: 30, removedCount: server.data.positions.length, unchanged: 0, changed: 0 });

    // The same positions again: nothing changed, a delta run.
    const again = await iterate(server, session, { parameters: CHANGED, portfolio: json });
    expect(again).toMatchObject({ executionType: 'delta', nodesRecomputed: 0 });
  });

  it('runs concurrent iterations of one session one after the other', async () => {
    server = await startTestServer('concurrent');
    const session = await createSession(server);
    // Whichever arrives first is the full run; the other waits for it and is a delta on it.
    const [first, second] = (await Promise.all([
      iterate(server, session, { parameters: CHANGED }),
      iterate(server, session, { parameters: { [MODEL]: { sCurveMax: 0.55 } } }),
    ])).sort((a, b) => a.iteration - b.iteration);
    expect([first.iteration, second.iteration]).toEqual([1, 2]);
    expect([first.executionType, second.executionType]).toEqual(['full', 'delta']);
    expect(second.changedParameters).toEqual([`${MODEL}.sCurveMax`]);
    expect(second.nodesRecomputed).toBe(poolsOn(MODEL, server.data.positions) + 2);
  });

  it('keeps the session\'s market file when an iteration names only another date', async () => {
    server = await startTestServer('market-file', { defaultMarketFile: EXAMPLE_MARKET_FILE });
    const session = await createSession(server);
    const first = await iterate(server, session);
    expect(first.market.file).toBe(realpathSync(join(server.data.dir, server.data.market)));
    const moved = await iterate(server, session, { parameters: {}, market: { date: EARLIER_DATE } });
    expect(moved.market).toEqual({ ...first.market, date: EARLIER_DATE });
  });

  it('keeps the parameters of every iteration, and of the baseline', async () => {
    server = await startTestServer('history');
    const session = await createSession(server);
    await iterate(server, session);
    await iterate(server, session, { parameters: CHANGED });
    const reply = await server.call<{ baseline: unknown; iterations: { iteration: number; executionType: string; parameters: unknown; changedParameters: string[]; at: string }[] }>(
      'GET', `/sessions/${session.id}/parameters`, { token: session.token },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.baseline).toEqual({});
    expect(reply.body.iterations.map(({ iteration, executionType, parameters, changedParameters }) => ({ iteration, executionType, parameters, changedParameters }))).toEqual([
      { iteration: 1, executionType: 'full', parameters: {}, changedParameters: [] },
      { iteration: 2, executionType: 'delta', parameters: CHANGED, changedParameters: [`${MODEL}.sCurveMax`] },
    ]);
    for (const entry of reply.body.iterations) expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
  });

  it('a failed iteration changes nothing: the next one compares with the last that succeeded', async () => {
    server = await startTestServer('failed-iteration');
    const session = await createSession(server);
    await iterate(server, session);
    const bad = await server.call('POST', `/sessions/${session.id}/iterations`, { token: session.token, body: { parameters: { [MODEL]: { sCurveMax: -1 } } } });
    expect(bad.status).toBe(400);
    const next = await iterate(server, session, { parameters: CHANGED });
    expect(next).toMatchObject({ iteration: 2, executionType: 'delta', changedParameters: [`${MODEL}.sCurveMax`] });
  });

  it('reads the market file again once its time to live has passed, and a changed file makes a full run', async () => {
    const ttl = 10 * 60_000;
    server = await startTestServer('market-ttl', { marketDataTtlMs: ttl, idleTimeoutMs: 10 * ttl });
    const session = await createSession(server);
    await iterate(server, session);
    const file = join(server.data.dir, server.data.market);
    // Republish the effective date's 10-year yield one basis point higher.
    const lines = readFileSync(file, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.startsWith(`${EFFECTIVE_DATE},`));
    const cells = lines[index]!.split(',');
    const tenYear = lines[0]!.split(',').indexOf('10 Yr');
    cells[tenYear] = (Number(cells[tenYear]) + 0.01).toFixed(2);
    lines[index] = cells.join(',');
    writeFileSync(file, lines.join('\n'));

    // Within the time to live the session keeps what it read.
    server.clock.advance(ttl - 1);
    expect((await iterate(server, session)).executionType).toBe('delta');

    server.clock.advance(2);
    const reloaded = await iterate(server, session);
    expect(reloaded.executionType).toBe('full');
    expect(reloaded.reason).toContain("'market' changed");
  });
});
