import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { FeedMessageError } from '../../../src/trading/feed/feed-message.js';
import { startFeedSimulator, type FeedSimulator } from '../../../src/trading/feed/feed-simulator.js';
import { connectFeed, FeedDisconnectedError, FeedOptionsError, type FeedBar } from '../../../src/trading/feed/websocket-feed.js';
import { BarSeries } from '../../../src/trading/market/bar-series.js';
import { readBars } from '../../../src/trading/market/read-bars.js';

const MARKET = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/market');
const BACKTRADER = resolve(MARKET, 'backtrader-2006-day-001.csv');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(options: Parameters<typeof startFeedSimulator>[0]): Promise<FeedSimulator> {
  const started = await startFeedSimulator(options);
  cleanups.push(() => started.close());
  return started;
}

async function collect(feed: AsyncIterable<FeedBar>, limit = Number.POSITIVE_INFINITY): Promise<FeedBar[]> {
  const bars: FeedBar[] = [];
  for await (const bar of feed) {
    bars.push(bar);
    if (bars.length >= limit) break;
  }
  return bars;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A port nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function firstBars(count: number): BarSeries {
  const all = readBars(BACKTRADER);
  return BarSeries.fromBars('IDX', Array.from({ length: count }, (_, i) => all.bar(i)));
}

describe('feed simulator and websocket feed', () => {
  it('delivers every bar of the file, in order and equal to it, then ends', async () => {
    const series = readBars(BACKTRADER);
    const feed = await simulator({ file: BACKTRADER, port: 0, speed: 0 });
    expect(feed.url).toBe(`ws://127.0.0.1:${feed.port}`);
    expect([feed.asset, feed.bars]).toEqual(['backtrader-2006-day-001', series.length]);

    const received = await collect(connectFeed(feed.url));
    expect(received).toHaveLength(series.length);
    received.forEach(({ asset, bar }, i) => {
      expect(asset).toBe('backtrader-2006-day-001');
      expect(bar).toMatchObject(series.bar(i));
    });
    await until(() => feed.connections === 0, 'the connection to close after "end"');
  });

  it('gives each client its own full replay, from the first bar', async () => {
    const series = readBars(BACKTRADER);
    const feed = await simulator({ series, port: 0, speed: 2000 });
    const first = collect(connectFeed(feed.url));
    await new Promise((resolve) => setTimeout(resolve, 30)); // the second joins mid-replay
    const [a, b] = await Promise.all([first, collect(connectFeed(feed.url))]);
    const times = Array.from(series.time);
    expect(a.map(({ bar }) => bar.time)).toEqual(times);
    expect(b.map(({ bar }) => bar.time)).toEqual(times);
  });

  it('paces the replay: 20 bars at 200 bars/s take at least ~95 ms', async () => {
    const feed = await simulator({ series: firstBars(20), port: 0, speed: 200 });
    const started = performance.now();
    const received = await collect(connectFeed(feed.url));
    const elapsed = performance.now() - started;
    expect(received.map(({ bar }) => bar.time)).toEqual(Array.from(firstBars(20).time));
    // The 20th bar is due 19 × 5 ms after the first; allow for timer rounding, bound only below.
    expect(elapsed).toBeGreaterThanOrEqual(80);
  });

  it('starts at startAt and can use another asset name', async () => {
    const series = readBars(BACKTRADER);
    const feed = await simulator({ series, asset: 'DAX', port: 0, speed: 0, startAt: series.time[250]! - 1 });
    const received = await collect(connectFeed(feed.url));
    expect(received.map(({ asset, bar }) => [asset, bar.time])).toEqual(Array.from(series.time.subarray(250), (time) => ['DAX', time]));
  });

  it('loops with time moving forward across the seam', async () => {
    const series = firstBars(5);
    const feed = await simulator({ series, port: 0, speed: 0, loop: true });
    const received = await collect(connectFeed(feed.url), 12);
    const step = series.time[1]! - series.time[0]!;
    const span = series.time[4]! - series.time[0]! + step;
    expect(received.map(({ bar }) => bar.time)).toEqual([0, 1, 2].flatMap((pass) => Array.from(series.time, (time) => time + pass * span)).slice(0, 12));
    expect(received.map(({ bar }) => bar.close)).toEqual([...series.close, ...series.close, ...series.close.subarray(0, 2)]);
    await until(() => feed.connections === 0, 'break to close the socket');
  });

  it('abort ends the iteration quietly and closes the socket', async () => {
    // Looping: the feed never ends by itself, so only the client can close the connection.
    const feed = await simulator({ file: BACKTRADER, port: 0, speed: 100, loop: true });
    const controller = new AbortController();
    const received: FeedBar[] = [];
    for await (const bar of connectFeed(feed.url, { signal: controller.signal })) {
      received.push(bar);
      expect(feed.connections).toBe(1);
      if (received.length === 3) controller.abort();
    }
    expect(received).toHaveLength(3);
    await until(() => feed.connections === 0, 'the aborted client to close its socket');
  });

  it('an abort while waiting for the next bar ends the iteration too', async () => {
    const feed = await simulator({ file: BACKTRADER, port: 0, speed: 0.1 });
    const controller = new AbortController();
    const iteration = collect(connectFeed(feed.url, { signal: controller.signal }));
    await until(() => feed.connections === 1, 'the client to connect');
    await new Promise((resolve) => setTimeout(resolve, 50)); // bar 1 arrived, bar 2 is ten seconds away
    controller.abort();
    expect(await iteration).toHaveLength(1);
    await until(() => feed.connections === 0, 'the aborted client to close its socket');
  });

  it('break closes the socket', async () => {
    const feed = await simulator({ file: BACKTRADER, port: 0, speed: 0, loop: true });
    expect(await collect(connectFeed(feed.url), 2)).toHaveLength(2);
    await until(() => feed.connections === 0, 'break to close the socket');
  });

  it('a closed port fails with FEED_DISCONNECTED after the retries', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const started = performance.now();
    const failure = collect(connectFeed(url, { reconnect: { attempts: 2, delayMs: 40 } }));
    await expect(failure).rejects.toBeInstanceOf(FeedDisconnectedError);
    await expect(failure).rejects.toMatchObject({ code: 'FEED_DISCONNECTED', url, attempts: 3 });
    await expect(failure).rejects.toThrow(/cannot connect: .*ECONNREFUSED.*\(3 attempts\)/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(70); // two waits of 40 ms
  });

  it('reconnects after the feed drops and delivers each bar once', async () => {
    const series = firstBars(30);
    const first = await startFeedSimulator({ series, port: 0, speed: 50 });
    const port = first.port;
    const received: FeedBar[] = [];
    const iteration = (async () => {
      for await (const bar of connectFeed(first.url, { reconnect: { attempts: 20, delayMs: 25 } })) {
        received.push(bar);
      }
    })();
    await until(() => received.length >= 5, 'some bars before the drop');
    await first.close();
    expect(received.length).toBeLessThan(series.length); // the drop came mid-replay
    const second = await simulator({ series, port, speed: 0 });
    await iteration;
    expect(second.port).toBe(port);
    expect(received.map(({ bar }) => bar.time)).toEqual(Array.from(series.time));
  });

  it('a malformed message is a FeedMessageError naming the field, and the socket closes', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    await new Promise((resolve) => server.once('listening', resolve));
    server.on('connection', (socket) => socket.send('{"type":"bar","asset":"X","time":1,"open":"one"}'));
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
    const failure = collect(connectFeed(url));
    await expect(failure).rejects.toBeInstanceOf(FeedMessageError);
    await expect(failure).rejects.toMatchObject({ field: 'open' });
    await until(() => server.clients.size === 0, 'the client to close the socket');
  });

  it('rejects an address that is not ws://, and impossible options', async () => {
    expect(() => connectFeed('http://127.0.0.1:1')).toThrow(FeedOptionsError);
    expect(() => connectFeed('not a url')).toThrow('feed address "not a url" is not a URL');
    expect(() => connectFeed('ws://127.0.0.1:1', { reconnect: { attempts: -1, delayMs: 0 } })).toThrow(FeedOptionsError);
    await expect(startFeedSimulator({})).rejects.toMatchObject({ code: 'BAD_FEED_SIMULATOR_OPTIONS' });
    await expect(startFeedSimulator({ file: BACKTRADER, speed: -1 })).rejects.toMatchObject({ code: 'BAD_FEED_SIMULATOR_OPTIONS' });
    await expect(startFeedSimulator({ file: BACKTRADER, startAt: Date.UTC(2030, 0, 1) })).rejects.toThrow(/nothing to replay from 2030-01-01/);
  });

  it('a taken port is a FEED_LISTEN_FAILED error', async () => {
    const feed = await simulator({ file: BACKTRADER, port: 0 });
    await expect(startFeedSimulator({ file: BACKTRADER, port: feed.port })).rejects.toMatchObject({ code: 'FEED_LISTEN_FAILED' });
  });
});
