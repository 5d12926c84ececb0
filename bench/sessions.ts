/**
 * npm run bench:sessions
 *
 * Starts the model-development server on 127.0.0.1 (a manual clock, so expiry needs no waiting),
 * then creates and uses 1,000 sessions through its full request path (inject) — each on a 200-position portfolio, with
 * a full run and a delta run — lets them all expire (the clock moves past the idle timeout and
 * the sweeper runs), forces a full GC, and compares the heap with the heap measured, after a
 * full GC, once the server was up and warmed by one session. Last line:
 * {"bench":"sessions","sessions":1000,"heapGrowthMB":H}
 *
 * Options (environment): BENCH_SESSIONS (default 1000), BENCH_POSITIONS (default 200).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../src/clock/index.js';
import { startServer } from '../src/server/index.js';
import { parseDay } from '../src/valuation/dates/day.js';
import { generatePortfolio } from '../src/valuation/portfolio/generate-portfolio.js';
import { formatPortfolioCsv } from '../src/valuation/portfolio/write-portfolio.js';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const POSITIONS = Number(process.env.BENCH_POSITIONS ?? 200);
const IDLE_TIMEOUT_MS = 30 * 60_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc (npm run bench:sessions does)');

const dir = mkdtempSync(join(tmpdir(), 'tenure-bench-sessions-'));
writeFileSync(join(dir, 'book.csv'), formatPortfolioCsv(generatePortfolio({ positions: POSITIONS, seed: 42, effectiveDate: parseDay('2023-12-29')! })));
copyFileSync(fileURLToPath(new URL('../examples/market/ust-par-yields-2023.csv', import.meta.url)), join(dir, 'market.csv'));

const clock = new ManualClock(1_000_000);
const { server } = await startServer({
  port: 0, clock, idleTimeoutMs: IDLE_TIMEOUT_MS, maxSessions: SESSIONS, dataDirectories: [dir], defaultMarketFile: join(dir, 'market.csv'),
});

/**
 * One request through Fastify's inject(): the full request path (routing, schemas, hooks,
 * serialisation) without a socket, so the heap measured is the server's, not an HTTP client's
 * (fetch keeps connection state and a timeline of resource timings in this same process).
 */
async function post(path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await server.inject({
    method: 'POST',
    url: path,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    payload: body as Record<string, unknown>,
  });
  const reply = response.json<Record<string, unknown>>();
  if (response.statusCode >= 300) throw new Error(`POST ${path} answered ${response.statusCode}: ${response.body}`);
  return reply;
}

async function useOneSession(i: number): Promise<void> {
  const created = await post('/sessions', { portfolio: 'book.csv', market: { file: 'market.csv', date: '2023-12-29' } });
  const id = String(created.id);
  const token = String(created.token);
  await post(`/sessions/${id}/iterations?limit=1`, { parameters: {} }, token);
  await post(`/sessions/${id}/iterations?limit=1`, { parameters: { 'psa-100': { speed: 100 + (i % 50) } } }, token);
}

/** Heap in use after full GCs; between them the event loop turns, so WeakRef targets kept for the current job can go. */
async function heapMB(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function expireAll(): Promise<number> {
  clock.advance(IDLE_TIMEOUT_MS + 1);
  return server.modelSessions.sweep();
}

// Warm up: one session used and expired, so code, caches and the server's own state exist.
await useOneSession(0);
await expireAll();
const before = await heapMB();
const started = performance.now();
for (let i = 1; i <= SESSIONS; i++) {
  await useOneSession(i);
  if (i % 100 === 0) console.log(`${i} sessions created and used, ${server.modelSessions.size} live, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}
const seconds = (performance.now() - started) / 1000;
const expired = await expireAll();
const after = await heapMB();
console.log(`${SESSIONS} sessions in ${seconds.toFixed(1)} s; ${expired} expired by the sweeper; ${server.modelSessions.size} live after expiry`);
console.log(`heap after warm-up ${before.toFixed(1)} MB, after 1,000 sessions expired ${after.toFixed(1)} MB`);
await server.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'sessions', sessions: SESSIONS, heapGrowthMB: Math.round((after - before) * 100) / 100 }));
