import type { Redis } from 'ioredis';
import type { InvalidationListener, InvalidationSubscription, L2Entry, L2Store } from '../cache/l2-store.js';
import { redactUrl } from '../store/store-location.js';
import { closeRedisConnection, connectWithin, createRedisConnection, type RedisConnectionOptions } from './redis-connection.js';

export interface RedisL2StoreOptions extends RedisConnectionOptions {
  /** redis://host:port[/db] */
  readonly url: string;
  /** Prepended to every key and channel, so tenure's data can share a Redis. Default "tenure:". */
  readonly prefix?: string;
}

/** Deletes the lock only while `token` holds it: a holder whose lock expired must not free another's. */
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const QUIT_TIMEOUT_MS = 500;

/**
 * An L2 store in Redis, shared by every process that reaches it. Values live under
 * `<prefix>data:<key>` with a PX expiry (read back with PTTL, so the remaining time travels
 * with the value), cold-key locks under `<prefix>lock:<key>` (SET NX PX with a token, released
 * by compare-and-delete), invalidations on the channel `<prefix>invalidate:<namespace>`.
 *
 * Two connections: one for commands, and one in subscriber mode, opened on the first
 * subscription. Both fail fast while Redis is down and reconnect by themselves; the subscriber
 * subscribes again to every channel whenever it becomes ready.
 */
export class RedisL2Store implements L2Store {
  readonly name: string;
  readonly prefix: string;
  readonly #options: RedisL2StoreOptions;
  readonly #commands: Redis;
  #subscriber: Redis | undefined;
  readonly #channels = new Map<string, Set<InvalidationListener>>();
  #closed = false;

  constructor(options: RedisL2StoreOptions) {
    this.#options = options;
    this.prefix = options.prefix ?? 'tenure:';
    this.name = `redis ${redactUrl(options.url)}`;
    this.#commands = createRedisConnection(options.url, { ...options, connectionName: options.connectionName ?? 'tenure-l2' });
  }

  /** "ready" when commands go through; anything else means they fail at once. */
  get status(): string {
    return this.#commands.status;
  }

  /** Connects, waiting at most `timeoutMs`: true if connected. Otherwise it keeps trying in the background. */
  connect(timeoutMs: number): Promise<boolean> {
    return connectWithin(this.#commands, timeoutMs);
  }

  async get(key: string): Promise<L2Entry | undefined> {
    const dataKey = this.#dataKey(key);
    // One transaction, so the bytes and their remaining time belong to the same entry.
    const replies = await this.#commands.multi().getBuffer(dataKey).pttl(dataKey).exec();
    if (replies === null) throw new Error(`redis transaction for ${dataKey} was aborted`);
    const [bytesReply, ttlReply] = replies;
    if (bytesReply?.[0]) throw bytesReply[0];
    if (ttlReply?.[0]) throw ttlReply[0];
    const bytes = bytesReply?.[1];
    const ttl = ttlReply?.[1];
    if (!(bytes instanceof Uint8Array) || typeof ttl !== 'number' || ttl === -2) return undefined;
    // A copy: the reply may be a view into a larger network buffer that a faster tier would keep alive.
    return { bytes: new Uint8Array(bytes), expiresAt: ttl === -1 ? Infinity : Date.now() + ttl };
  }

  async set(key: string, bytes: Uint8Array, ttlMs: number): Promise<void> {
    const value = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.#commands.set(this.#dataKey(key), value, 'PX', wholeMs(ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.#commands.del(this.#dataKey(key));
  }

  async tryLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.#commands.set(this.#lockKey(key), token, 'PX', wholeMs(ttlMs), 'NX')) === 'OK';
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await this.#commands.eval(RELEASE_LOCK, 1, this.#lockKey(key), token)) === 1;
  }

  async publish(namespace: string, message: string): Promise<void> {
    await this.#commands.publish(this.#channel(namespace), message);
  }

  subscribe(namespace: string, listener: InvalidationListener): InvalidationSubscription {
    const channel = this.#channel(namespace);
    let listeners = this.#channels.get(channel);
    if (listeners === undefined) this.#channels.set(channel, (listeners = new Set()));
    listeners.add(listener);
    // Every subscriber confirms the channel itself (SUBSCRIBE is idempotent): its `ready` then
    // means what it says even if an earlier attempt failed while Redis was down.
    const ready = this.#subscribeChannel(channel);
    return {
      ready,
      close: async () => {
        listeners.delete(listener);
        if (listeners.size !== 0 || this.#channels.get(channel) !== listeners) return;
        this.#channels.delete(channel);
        if (this.#subscriber?.status === 'ready') await this.#subscriber.unsubscribe(channel).catch(ignore);
      },
    };
  }

  /** Closes both connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#channels.clear();
    await Promise.all([
      closeRedisConnection(this.#commands, QUIT_TIMEOUT_MS),
      this.#subscriber === undefined ? undefined : closeRedisConnection(this.#subscriber, QUIT_TIMEOUT_MS),
    ]);
  }

  async #subscribeChannel(channel: string): Promise<void> {
    const subscriber = this.#subscriber ?? this.#openSubscriber();
    if (!(await connectWithin(subscriber, this.#options.connectTimeoutMs ?? 1_000))) {
      throw new Error(`${this.name}: not connected; ${channel} is subscribed when the connection is back`);
    }
    await subscriber.subscribe(channel);
  }

  #openSubscriber(): Redis {
    const subscriber = createRedisConnection(this.#options.url, { ...this.#options, connectionName: 'tenure-l2-invalidations' });
    subscriber.on('message', (channel: string, message: string) => {
      const listeners = this.#channels.get(channel);
      if (listeners === undefined) return;
      for (const listener of [...listeners]) listener(message);
    });
    // Covers channels whose first SUBSCRIBE failed while Redis was down (autoResubscribe only
    // restores channels that were subscribed on the lost connection).
    subscriber.on('ready', () => {
      const channels = [...this.#channels.keys()];
      if (channels.length !== 0) subscriber.subscribe(...channels).catch(ignore);
    });
    this.#subscriber = subscriber;
    return subscriber;
  }

  #dataKey(key: string): string {
    return `${this.prefix}data:${key}`;
  }

  #lockKey(key: string): string {
    return `${this.prefix}lock:${key}`;
  }

  #channel(namespace: string): string {
    return `${this.prefix}invalidate:${namespace}`;
  }
}

/** Redis wants whole milliseconds >= 1; rounding down never extends a remaining time. */
function wholeMs(ttlMs: number): number {
  return Math.max(1, Math.floor(ttlMs));
}

function ignore(): void {
  // Intentionally empty: see the callers.
}
