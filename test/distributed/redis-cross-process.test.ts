import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, inspector, REDIS_TEST_URL, skipRedis, uniquePrefix } from './shared-tier-fixtures.js';

const CHILD = fileURLToPath(new URL('./fixtures/cold-key-process.ts', import.meta.url));

interface ChildReport {
  readonly value: string;
  readonly loads: number;
  readonly lockWaits: number;
  readonly l2Hits: number;
  readonly fallbacks: number;
  readonly l2Errors: number;
  readonly l2Timeouts: number;
}

/** A child process of the fixture, with its lines of output as they come. */
class ColdKeyProcess {
  readonly child: ChildProcess;
  readonly #lines: string[] = [];
  readonly #waiters: (() => void)[] = [];
  stderr = '';

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let buffered = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      this.#lines.push(...parts);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.child.once('exit', () => {
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** The next line of output; rejects if the process exits first. */
  async line(): Promise<string> {
    while (this.#lines.length === 0) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`child exited (${String(this.child.exitCode)}) without output:\n${this.stderr}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    return this.#lines.shift()!;
  }

  exited(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code) => {
      resolve(code);
    }));
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

describe.skipIf(skipRedis)('a cold key requested by two processes at once', () => {
  const prefix = uniquePrefix('cross');
  const children: ColdKeyProcess[] = [];
  let redis: Redis;

  beforeAll(async () => {
    redis = await inspector();
  });

  afterAll(async () => {
    for (const child of children) child.kill();
    await Promise.all(children.map((child) => child.exited()));
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it('is loaded exactly once: one process takes the lock and loads, the other waits and reads L2', async () => {
    const counterKey = `${prefix}loads`;
    for (let i = 0; i < 2; i++) children.push(new ColdKeyProcess([REDIS_TEST_URL, prefix, 'curve-2023-12-29', counterKey, '400']));
    expect(await Promise.all(children.map((child) => child.line()))).toEqual(['ready', 'ready']);
    for (const child of children) child.child.stdin!.write('go\n');
    const reports = (await Promise.all(children.map((child) => child.line()))).map((line) => JSON.parse(line) as ChildReport);
    expect(await Promise.all(children.map((child) => child.exited()))).toEqual([0, 0]);

    expect(await redis.get(counterKey)).toBe('1');
    expect(reports[0]!.value).toBe(reports[1]!.value);
    expect(reports[0]!.value).toMatch(/^curve-2023-12-29: load 1 by process \d+$/);
    expect(reports.map((report) => report.loads).sort()).toEqual([0, 1]);
    // The process that did not load waited for the lock and then found the value in Redis.
    const waiter = reports.find((report) => report.loads === 0)!;
    expect(waiter.lockWaits).toBe(1);
    expect(waiter.l2Hits).toBe(1);
    for (const report of reports) expect({ fallbacks: report.fallbacks, l2Errors: report.l2Errors, l2Timeouts: report.l2Timeouts }).toEqual({ fallbacks: 0, l2Errors: 0, l2Timeouts: 0 });
  });
});
