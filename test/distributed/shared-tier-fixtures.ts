import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export { textCodec } from './fixtures/text-codec.js';

/**
 * What the shared-tier tests run against: the machine's Redis (TENURE_TEST_REDIS_URL, default
 * 127.0.0.1:6379) and, for the outage tests, redis-server processes of their own on spare
 * ports. Where either is missing the tests are skipped with the reason, except on CI
 * (CI=true), where they run and fail: a CI job that silently skipped them would prove nothing.
 */
export const REDIS_TEST_URL = process.env.TENURE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const REDIS_REQUIRED = process.env.CI === 'true';

async function probeRedis(): Promise<string | undefined> {
  const client = new Redis(REDIS_TEST_URL, { lazyConnect: true, connectTimeout: 2_000, retryStrategy: () => null, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  // The connection error event says why (ECONNREFUSED …); the rejected connect() only that it closed.
  let cause: Error | undefined;
  client.on('error', (error: Error) => {
    cause = error;
  });
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return cause?.message ?? (error instanceof Error ? error.message : String(error));
  } finally {
    client.disconnect();
  }
}

function probeRedisServerBinary(): string | undefined {
  const result = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (result.error !== undefined) return result.error.message;
  return result.status === 0 ? undefined : `redis-server --version exited with ${String(result.status)}`;
}

/** Why the machine's Redis is unusable, or undefined when it answers. */
export const redisUnreachable = await probeRedis();
export const skipRedis = redisUnreachable !== undefined && !REDIS_REQUIRED;
/** Why no redis-server of the tests' own can be started, or undefined. */
export const redisServerMissing = probeRedisServerBinary();
export const skipOwnRedisServer = redisServerMissing !== undefined && !REDIS_REQUIRED;

if (skipRedis) {
  console.warn(`Redis shared-tier tests SKIPPED: cannot reach ${REDIS_TEST_URL} (${redisUnreachable ?? ''}). Set CI=true to make this a failure, or TENURE_TEST_REDIS_URL to point elsewhere.`);
}
if (skipOwnRedisServer) {
  console.warn(`Redis outage tests SKIPPED: cannot run redis-server (${redisServerMissing ?? ''}). Set CI=true to make this a failure.`);
}

/** A key prefix no other test file, test or run will pick. */
export function uniquePrefix(label: string): string {
  return `tenure-test:${label}:${process.pid}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}:`;
}

/** A plain client, to look at what the tier wrote and to clean up after it. */
export async function inspector(url = REDIS_TEST_URL): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length !== 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Polls `condition` every 10 ms for at most `limitMs`; true once it holds. */
export async function eventually(condition: () => boolean | Promise<boolean>, limitMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port nothing listens on right now. */
export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** A redis-server of the test's own, without persistence, so a restart starts empty. */
export class RedisServerProcess {
  readonly port: number;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;

  private constructor(port: number, child: ChildProcess) {
    this.port = port;
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => {
      resolve();
    }));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server on `port` and waits until it accepts connections. */
  static async start(port: number): Promise<RedisServerProcess> {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new RedisServerProcess(port, child);
    let output = '';
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        resolve(false);
      }, 5_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    child.stdout.resume();
    child.stderr.resume();
    if (!ready) {
      await server.stop();
      throw new Error(`redis-server on port ${port} did not start:\n${output}`);
    }
    return server;
  }

  /** Stops it the hard way (a crash, not a shutdown) and waits until it is gone. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGCONT');
      this.#child.kill('SIGKILL');
    }
    await this.#exited;
  }

  /** Freezes it: connections stay open, nothing is answered (Redis slow). */
  pause(): void {
    this.#child.kill('SIGSTOP');
  }

  resume(): void {
    this.#child.kill('SIGCONT');
  }
}
