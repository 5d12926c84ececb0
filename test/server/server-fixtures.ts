import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../src/clock/index.js';
import { LeakSentinel } from '../../src/lifetime/index.js';
import { startServer, type ModelServer, type ServerOptions } from '../../src/server/index.js';
import { parseDay } from '../../src/valuation/dates/day.js';
import { generatePortfolio } from '../../src/valuation/portfolio/generate-portfolio.js';
import type { Position } from '../../src/valuation/portfolio/index.js';
import { formatPortfolioCsv } from '../../src/valuation/portfolio/write-portfolio.js';
import type { PositionValuation } from '../../src/valuation/valuation-result.js';
import type { PositionDifference, TotalsDifference, WorkflowTotals } from '../../src/valuation/workflow/index.js';

export const EXAMPLE_MARKET_FILE = fileURLToPath(new URL('../../examples/market/ust-par-yields-2023.csv', import.meta.url));
export const EFFECTIVE_DATE = '2023-12-29';
/** Another date of the example market file. */
export const EARLIER_DATE = '2023-12-28';
export const IDLE_TIMEOUT_MS = 30 * 60_000;

/** A data directory of its own for each test: a generated portfolio (CSV) and a copy of the market file. */
export interface DataDir {
  readonly dir: string;
  /** File name of the portfolio, relative to `dir`. */
  readonly portfolio: string;
  readonly positions: readonly Position[];
  /** File name of the market file copy, relative to `dir`. */
  readonly market: string;
}

export function dataDir(label: string, positions = 240, seed = 7): DataDir {
  const dir = mkdtempSync(join(tmpdir(), `tenure-server-${label}-`));
  const generated = generatePortfolio({ positions, seed, effectiveDate: parseDay(EFFECTIVE_DATE)! });
  writeFileSync(join(dir, 'book.csv'), formatPortfolioCsv(generated));
  copyFileSync(EXAMPLE_MARKET_FILE, join(dir, 'market.csv'));
  return { dir, portfolio: 'book.csv', positions: generated, market: 'market.csv' };
}

/** A server on 127.0.0.1, any free port, on a manual clock, its sessions watched by a leak sentinel. */
export interface TestServer extends AsyncDisposable {
  readonly server: ModelServer;
  readonly url: string;
  readonly clock: ManualClock;
  readonly sentinel: LeakSentinel;
  readonly data: DataDir;
  /** A real HTTP request to the server. */
  call<T = unknown>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
}

export interface CallOptions {
  readonly token?: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is, with content-type application/json. */
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Reply<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  /** The body as sent. */
  readonly text: string;
}

export async function startTestServer(label: string, options: ServerOptions = {}, data: DataDir = dataDir(label)): Promise<TestServer> {
  const clock = new ManualClock(1_000_000);
  const sentinel = new LeakSentinel({ gc: globalThis.gc });
  const { server, url } = await startServer({
    port: 0,
    clock,
    leakSentinel: sentinel,
    idleTimeoutMs: IDLE_TIMEOUT_MS,
    dataDirectories: [data.dir],
    defaultMarketFile: join(data.dir, data.market),
    ...options,
  });
  let closed = false;
  return {
    server,
    url,
    clock,
    sentinel,
    data,
    call: (method, path, callOptions = {}) => call(url, method, path, callOptions),
    async [Symbol.asyncDispose]() {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };
}

export async function call<T>(url: string, method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

/** The typed error body every failure answers with. */
export interface ErrorReply {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string; readonly reason?: string; readonly endedAt?: string };
}

export interface CreatedReply {
  readonly id: string;
  readonly token: string;
  readonly expiresAt: string | null;
}

export interface PageReply<T> {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly items: readonly T[];
}

export interface DiffReply {
  readonly baselineIteration: number;
  readonly iteration: number;
  readonly unchanged: number;
  readonly changed: number;
  readonly addedCount: number;
  readonly removedCount: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly totals: { readonly portfolio: TotalsDifference; readonly groups: Readonly<Record<string, TotalsDifference>> };
  readonly positions: PageReply<PositionDifference>;
}

export interface IterationReply {
  readonly iteration: number;
  readonly executionType: 'full' | 'delta';
  readonly reason: string;
  readonly changedParameters: readonly string[];
  readonly parameters: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly portfolio: { readonly id: string; readonly positions: number; readonly sourceHash: string };
  readonly market: { readonly file: string; readonly date: string; readonly sourceHash: string };
  readonly totals: WorkflowTotals;
  readonly results: PageReply<PositionValuation>;
  readonly diffAgainstBaseline: DiffReply;
  readonly stageMs: Readonly<Record<string, number>>;
  readonly nodesRecomputed: number;
}

export interface InfoReply {
  readonly id: string;
  readonly createdAt: string;
  readonly lastActivity: string;
  readonly expiresAt: string | null;
  readonly leases: number;
  readonly sizeBytes: number;
}

/** Opens a session on the test data directory's portfolio and market. */
export async function createSession(server: TestServer, body: Record<string, unknown> = {}): Promise<CreatedReply> {
  const reply = await server.call<CreatedReply>('POST', '/sessions', {
    body: { portfolio: server.data.portfolio, market: { file: server.data.market, date: EFFECTIVE_DATE }, ...body },
  });
  if (reply.status !== 201) throw new Error(`POST /sessions answered ${reply.status}: ${reply.text}`);
  return reply.body;
}

/** Runs an iteration, all position results in one page. */
export async function iterate(server: TestServer, session: CreatedReply, body: Record<string, unknown> = { parameters: {} }): Promise<IterationReply> {
  const reply = await server.call<IterationReply>('POST', `/sessions/${session.id}/iterations?limit=10000`, { token: session.token, body });
  if (reply.status !== 200) throw new Error(`POST iterations answered ${reply.status}: ${reply.text}`);
  return reply.body;
}

/** A promise and the function that settles it: for holding a request in flight. */
export function gate(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}
