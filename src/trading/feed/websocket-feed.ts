/**
 * The live feed adapter: connects to a websocket feed (the simulator, or anything speaking the
 * feed-message format) and presents its bars as an async iterable, so a live strategy reads
 * bars with `for await` exactly as it would a list. Ending the loop — `break`, a throw, an
 * abort — closes the socket and clears every timer: nothing outlives the consumer.
 *
 * A dropped connection is reopened up to `reconnect.attempts` times in a row. A replaying feed
 * (like the simulator) starts each connection from its first bar again, so bars at or before
 * the last one delivered for their asset are skipped: the consumer sees each bar once, in order.
 * When the socket delivers faster than the consumer reads, the socket is paused (TCP then
 * pushes back on the sender) instead of the queue growing without bound.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket, type ClientOptions, type RawData } from 'ws';
import { TenureError } from '../../errors/tenure-error.js';
import type { Bar } from '../market/bar-series.js';
import { parseFeedMessage } from './feed-message.js';

/** One bar from the feed, with the asset it is for. */
export interface FeedBar {
  readonly asset: string;
  readonly bar: Bar;
}

export interface FeedReconnect {
  /** Connection attempts after a failure, in a row, before giving up. */
  readonly attempts: number;
  /** Wait between attempts. */
  readonly delayMs: number;
}

export interface ConnectFeedOptions {
  /** Aborting ends the iteration normally (no error) and closes the socket. */
  readonly signal?: AbortSignal;
  /** Default: no retries (attempts 0). */
  readonly reconnect?: FeedReconnect;
}

/** The feed could not be reached, or dropped, more times in a row than the retries allow. */
export class FeedDisconnectedError extends TenureError {
  readonly code = 'FEED_DISCONNECTED';

  constructor(
    readonly url: string,
    readonly attempts: number,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`feed ${url}: ${reason} (${attempts} attempt${attempts === 1 ? '' : 's'})`, options);
  }
}

/** connectFeed's arguments are wrong: the address is not a ws:// URL, or the retries are impossible. */
export class FeedOptionsError extends TenureError {
  readonly code = 'BAD_FEED_OPTIONS';
}

/** Messages queued unread beyond which the socket is paused, and below which it resumes. */
const PAUSE_AT = 4096;
const RESUME_AT = 1024;
/** How long our close handshake may wait for the feed's answer before the socket is cut. */
const CLOSE_TIMEOUT_MS = 1000;

/**
 * The bars of the feed at `url`. The connection opens when iteration starts (each iteration
 * opens its own) and ends on the feed's "end" message, on abort, or when the loop stops early.
 * Throws FeedDisconnectedError when the feed is unreachable after the retries, and
 * FeedMessageError (BAD_FEED_MESSAGE) on a malformed message.
 */
export function connectFeed(url: string, options: ConnectFeedOptions = {}): AsyncIterable<FeedBar> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new FeedOptionsError(`feed address "${url}" is not a URL (expected ws://host:port)`, { cause: error });
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw new FeedOptionsError(`feed address "${url}" must start with ws:// or wss://`);
  const attempts = options.reconnect?.attempts ?? 0;
  const delayMs = options.reconnect?.delayMs ?? 1000;
  if (!Number.isInteger(attempts) || attempts < 0 || !(delayMs >= 0)) {
    throw new FeedOptionsError(`feed ${url}: reconnect needs a whole number of attempts ≥ 0 and a delay ≥ 0, got ${attempts} and ${delayMs}`);
  }
  return { [Symbol.asyncIterator]: () => readFeed(url, attempts, delayMs, options.signal) };
}

async function* readFeed(url: string, attempts: number, delayMs: number, signal: AbortSignal | undefined): AsyncGenerator<FeedBar, void, undefined> {
  const lastTime = new Map<string, number>();
  let failures = 0;
  while (!isAborted(signal)) {
    const socket = new FeedSocket(url, signal);
    try {
      if (await socket.opened) {
        failures = 0;
        for (let text = await socket.next(); text !== undefined; text = await socket.next()) {
          const message = parseFeedMessage(text);
          if (message.type === 'end') return;
          // After a reconnect a replaying feed starts over: skip what was already delivered.
          if (message.time <= (lastTime.get(message.asset) ?? Number.NEGATIVE_INFINITY)) continue;
          lastTime.set(message.asset, message.time);
          yield { asset: message.asset, bar: message };
        }
      }
    } finally {
      socket.close();
    }
    if (isAborted(signal)) return;
    failures++;
    if (failures > attempts) throw new FeedDisconnectedError(url, failures, socket.failure, socket.error === undefined ? undefined : { cause: socket.error });
    try {
      await sleep(delayMs, undefined, signal === undefined ? undefined : { signal });
    } catch {
      return; // aborted while waiting to reconnect
    }
  }
}

/** One websocket connection: its messages as a queue that next() drains. */
class FeedSocket {
  /** Resolves true once open, false if it failed or was aborted first. */
  readonly opened: Promise<boolean>;
  error: Error | undefined;
  readonly #socket: WebSocket;
  readonly #signal: AbortSignal | undefined;
  readonly #queue: string[] = [];
  #head = 0;
  #closed = false;
  #everOpened = false;
  #closeCode = 0;
  #wake: (() => void) | undefined;
  readonly #onAbort = (): void => {
    this.close();
  };

  constructor(url: string, signal: AbortSignal | undefined) {
    this.#signal = signal;
    // `closeTimeout` is a ws option its type definitions do not list yet.
    const options: ClientOptions & { closeTimeout: number } = { perMessageDeflate: false, closeTimeout: CLOSE_TIMEOUT_MS };
    this.#socket = new WebSocket(url, options);
    const socket = this.#socket;
    this.opened = new Promise<boolean>((resolve) => {
      socket.once('open', () => {
        this.#everOpened = true;
        resolve(true);
      });
      socket.once('close', (code) => {
        this.#closeCode = code;
        this.#closed = true;
        signal?.removeEventListener('abort', this.#onAbort);
        resolve(false);
        this.#wakeReader();
      });
    });
    // Without a listener an 'error' would crash the process; 'close' always follows it.
    socket.on('error', (error) => {
      this.error ??= error;
    });
    socket.on('message', (data: RawData) => {
      this.#queue.push(rawText(data));
      if (this.#queue.length - this.#head >= PAUSE_AT && !socket.isPaused) socket.pause();
      this.#wakeReader();
    });
    if (signal !== undefined) {
      if (signal.aborted) this.close();
      else signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  /** Why the connection failed or ended, for the error after the last attempt. */
  get failure(): string {
    if (!this.#everOpened) return `cannot connect${this.error === undefined ? '' : `: ${this.error.message}`}`;
    return `the connection closed before the feed's "end" message (close code ${this.#closeCode})`;
  }

  /** The next message's text, or undefined once the connection is closed and drained. */
  async next(): Promise<string | undefined> {
    for (;;) {
      // An abort means stop now, not after the messages already queued.
      if (this.#signal?.aborted === true) return undefined;
      if (this.#head < this.#queue.length) {
        const text = this.#queue[this.#head++]!;
        if (this.#head === this.#queue.length) {
          this.#queue.length = 0;
          this.#head = 0;
        }
        if (this.#socket.isPaused && this.#queue.length - this.#head <= RESUME_AT) this.#socket.resume();
        return text;
      }
      if (this.#closed) return undefined;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** Closes the connection (a close handshake if open, else cut) and stops listening for abort. */
  close(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    const state = this.#socket.readyState;
    if (state === WebSocket.OPEN) this.#socket.close(1000, 'consumer done');
    else if (state === WebSocket.CONNECTING) this.#socket.terminate();
    this.#wakeReader();
  }

  #wakeReader(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** A function, not `signal?.aborted` inline: TypeScript would narrow the property and miss that an abort changes it. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
