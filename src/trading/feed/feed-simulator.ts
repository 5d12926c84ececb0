/**
 * A local live feed: a websocket server on 127.0.0.1 that replays a bar file at a chosen speed,
 * so live mode is tested against a real socket without the internet. Every connection gets its
 * own replay from the first bar (two strategies connecting at different times both see the whole
 * series), paced against the connection's start so timer jitter does not accumulate into drift.
 *
 * Backpressure: a replay sends one batch at a time and sends the next only when the socket has
 * written the last one (the send callback) and `bufferedAmount` is below a high-water mark, so a
 * slow client slows its own replay instead of growing the server's memory.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket, type ServerOptions } from 'ws';
import { TenureError } from '../../errors/tenure-error.js';
import type { BarSeries } from '../market/bar-series.js';
import { readBars } from '../market/read-bars.js';
import { barMessageEncoder, END_MESSAGE_TEXT } from './feed-message.js';

export interface FeedSimulatorOptions {
  /** The CSV file to replay (read with readBars); or give `series`. */
  readonly file?: string;
  readonly series?: BarSeries;
  /** The asset name on the wire; default: the series' asset (for a file, its name without extension). */
  readonly asset?: string;
  readonly host?: string;
  /** 0 (the default): any free port; the simulator reports the one it got. */
  readonly port?: number;
  /** Bars per second per connection; 0 or Infinity: as fast as the client reads. Default 10. */
  readonly speed?: number;
  /**
   * After the last bar, start again from the first, forever, instead of sending "end". Each pass
   * is shifted later by the series' span plus one bar step, so time keeps moving forward (a
   * client that skips bars it has seen, as connectFeed does, would otherwise stop at the seam).
   */
  readonly loop?: boolean;
  /** Epoch ms: each replay starts at the first bar at or after this time. */
  readonly startAt?: number;
}

export interface FeedSimulator {
  /** ws://host:port, for connectFeed. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly asset: string;
  /** Bars in one replay. */
  readonly bars: number;
  /** Bars per second (Infinity: unpaced). */
  readonly speed: number;
  /** Connections open now. */
  readonly connections: number;
  /** Stops every replay, closes every connection (code 1001), and stops listening. */
  close(): Promise<void>;
}

/** Options that cannot describe a replay (no data, a negative speed, a start after the last bar). */
export class FeedSimulatorOptionsError extends TenureError {
  readonly code = 'BAD_FEED_SIMULATOR_OPTIONS';
}

/** The simulator could not listen (the port is taken, the host is not an interface here). */
export class FeedListenError extends TenureError {
  readonly code = 'FEED_LISTEN_FAILED';
}

/** An unpaced replay sends at most this many bars before yielding to the event loop. */
const BATCH_BARS = 256;
/** Above this many bytes waiting in a connection's buffers, its replay waits for them to drain. */
const HIGH_WATER_BYTES = 1 << 20;
/** How long a closing connection may take to answer the close handshake before it is cut. */
const CLOSE_TIMEOUT_MS = 1000;

export async function startFeedSimulator(options: FeedSimulatorOptions): Promise<FeedSimulator> {
  const series = options.series ?? (options.file === undefined ? undefined : readBars(options.file));
  if (series === undefined) throw new FeedSimulatorOptionsError('feed simulator: give a bar file or a series to replay');
  const speed = options.speed === undefined ? 10 : options.speed === 0 ? Number.POSITIVE_INFINITY : options.speed;
  if (Number.isNaN(speed) || speed < 0) throw new FeedSimulatorOptionsError(`feed simulator: speed must be a positive number of bars per second (0: unpaced), got ${options.speed}`);
  const first = options.startAt === undefined ? 0 : series.lowerBound(options.startAt);
  if (first >= series.length) {
    const last = series.length === 0 ? 'no bars' : `its last bar is at ${new Date(series.time[series.length - 1]!).toISOString()}`;
    throw new FeedSimulatorOptionsError(`feed simulator: nothing to replay from ${new Date(options.startAt ?? 0).toISOString()}; ${series.asset}: ${last}`);
  }
  const asset = options.asset ?? series.asset;
  const host = options.host ?? '127.0.0.1';
  const step = series.length - first >= 2 ? series.time[first + 1]! - series.time[first]! : 1000;
  const loopShift = series.time[series.length - 1]! - series.time[first]! + step;
  const replay: ReplaySource = { series, first, speed, loop: options.loop === true, loopShift, encode: barMessageEncoder(asset) };

  // `closeTimeout` is a ws option its type definitions do not list yet.
  const serverOptions: ServerOptions & { closeTimeout: number } = { host, port: options.port ?? 0, perMessageDeflate: false, closeTimeout: CLOSE_TIMEOUT_MS };
  const server = new WebSocketServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(new FeedListenError(`feed simulator: cannot listen on ${host}:${options.port ?? 0}: ${error.message}`, { cause: error }));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
  });
  // After start-up a server error (rare: the listening socket failing) must not crash the process.
  server.on('error', () => undefined);

  const replays = new Set<Replay>();
  server.on('connection', (socket) => {
    const connection = new Replay(socket, replay);
    replays.add(connection);
    socket.on('close', () => {
      connection.stop();
      replays.delete(connection);
    });
    // A client that vanishes mid-send surfaces here; 'close' follows and ends its replay.
    socket.on('error', () => undefined);
    connection.start();
  });

  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    asset,
    bars: series.length - first,
    speed,
    get connections() {
      return server.clients.size;
    },
    close() {
      closing ??= closeServer(server, replays);
      return closing;
    },
  };
}

async function closeServer(server: WebSocketServer, replays: Set<Replay>): Promise<void> {
  for (const replay of replays) replay.stop();
  const closed = new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  // Close handshakes first; ws cuts a connection that does not answer within CLOSE_TIMEOUT_MS.
  for (const client of server.clients) client.close(1001, 'feed simulator closing');
  await closed;
}

interface ReplaySource {
  readonly series: BarSeries;
  readonly first: number;
  readonly speed: number;
  readonly loop: boolean;
  /** Added to the times of each further pass of a looping replay. */
  readonly loopShift: number;
  readonly encode: ReturnType<typeof barMessageEncoder>;
}

/** One connection's replay: its own cursor and clock. */
class Replay {
  readonly #socket: WebSocket;
  readonly #source: ReplaySource;
  #index: number;
  /** Time shift of the current pass (looping replays only). */
  #shift = 0;
  /** Bars sent so far (across loops): the pacing clock counts these. */
  #sent = 0;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #step = (): void => {
    this.#timer = undefined;
    this.#sendDue();
  };
  // Node calls write callbacks with null on success, an Error if the connection broke.
  readonly #afterWrite = (error?: Error | null): void => {
    if (error == null) this.#scheduleNext();
  };

  constructor(socket: WebSocket, source: ReplaySource) {
    this.#socket = socket;
    this.#source = source;
    this.#index = source.first;
  }

  start(): void {
    this.#startedAt = performance.now();
    this.#sendDue();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Sends the bars due by now (at most one batch); the last send's callback schedules the next step. */
  #sendDue(): void {
    if (this.#stopped || this.#socket.readyState !== WebSocket.OPEN) return;
    const { series, speed, loop, encode } = this.#source;
    const due = speed === Number.POSITIVE_INFINITY
      ? BATCH_BARS
      : Math.min(BATCH_BARS, Math.floor(((performance.now() - this.#startedAt) * speed) / 1000) + 1 - this.#sent);
    if (due <= 0) {
      this.#scheduleNext();
      return;
    }
    for (let n = 1; n <= due; n++) {
      if (this.#index >= series.length) {
        if (!loop) {
          this.#finish();
          return;
        }
        this.#index = this.#source.first;
        this.#shift += this.#source.loopShift;
      }
      const i = this.#index++;
      this.#sent++;
      const text = encode(series.time[i]! + this.#shift, series.open[i]!, series.high[i]!, series.low[i]!, series.close[i]!, series.volume[i]!);
      const last = n === due || this.#socket.bufferedAmount >= HIGH_WATER_BYTES;
      if (last) {
        this.#socket.send(text, this.#afterWrite);
        return;
      }
      this.#socket.send(text);
    }
  }

  /** After a batch is written: wait for the buffers to drain, or for the next bar's time. */
  #scheduleNext(): void {
    if (this.#stopped) return;
    const { speed } = this.#source;
    let wait = 0;
    if (speed !== Number.POSITIVE_INFINITY) {
      const nextAt = (this.#sent * 1000) / speed;
      wait = Math.max(0, Math.ceil(nextAt - (performance.now() - this.#startedAt)));
    }
    if (this.#socket.bufferedAmount >= HIGH_WATER_BYTES) wait = Math.max(wait, 1);
    // setTimeout(0) rather than setImmediate: one timer handle to clear on stop, whatever the wait.
    this.#timer = setTimeout(this.#step, wait);
  }

  #finish(): void {
    this.#stopped = true;
    this.#socket.send(END_MESSAGE_TEXT);
    this.#socket.close(1000, 'replay finished');
  }
}
