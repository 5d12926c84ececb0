/**
 * `tenure worker` as real processes for the distributed tests: started on the sources (tsx),
 * their JSON log lines collected, waited for, and stopped by their own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { POSTGRES_TEST_URL, REDIS_TEST_URL } from './queue-test-services.js';

const CLI = fileURLToPath(new URL('./fixtures/run-cli.ts', import.meta.url));

export interface LogLine {
  readonly msg: string;
  readonly [field: string]: unknown;
}

export class WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly lines: LogLine[] = [];
  #pending = '';
  readonly #watchers = new Set<() => void>();

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', CLI, 'worker', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'info' } });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.#pending += chunk.toString();
      let newline: number;
      while ((newline = this.#pending.indexOf('\n')) >= 0) {
        const text = this.#pending.slice(0, newline);
        this.#pending = this.#pending.slice(newline + 1);
        try {
          this.lines.push(JSON.parse(text) as LogLine);
        } catch {
          this.lines.push({ msg: text });
        }
        for (const watcher of this.#watchers) watcher();
      }
    });
    this.exited = new Promise((resolve) => { this.child.on('close', (code) => { resolve(code); }); });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves with the first log line (already seen or to come) that matches. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#watchers.delete(check);
        reject(new Error(`worker ${this.pid}: no matching log line within ${timeoutMs} ms; its log:\n${this.lines.map((l) => JSON.stringify(l)).join('\n')}`));
      }, timeoutMs);
      const check = (): void => {
        const line = this.lines.at(-1)!;
        if (!match(line)) return;
        clearTimeout(timer);
        this.#watchers.delete(check);
        resolve(line);
      };
      this.#watchers.add(check);
    });
  }

  /** Calls `onLine` for every log line from now on. */
  onLine(onLine: (line: LogLine) => void): void {
    this.#watchers.add(() => { onLine(this.lines.at(-1)!); });
  }

  /** Stops the worker (SIGTERM: it finishes its job and exits 0) unless it already exited. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

export interface WorkerSetup {
  readonly prefix: string;
  readonly schema: string;
  readonly lockDurationMs?: number;
}

/** Starts `count` workers on the test's queue prefix and schema; resolves when all are taking jobs. */
export async function startWorkers(count: number, setup: WorkerSetup): Promise<WorkerProcess[]> {
  const args = ['--redis', REDIS_TEST_URL, '--queue-prefix', setup.prefix, '--database', POSTGRES_TEST_URL, '--database-schema', setup.schema,
    ...(setup.lockDurationMs === undefined ? [] : ['--lock-duration', String(setup.lockDurationMs)])];
  const workers = Array.from({ length: count }, () => new WorkerProcess(args));
  try {
    await Promise.all(workers.map((worker) => worker.waitFor((line) => line.msg === 'worker ready')));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.stop()));
    throw error;
  }
  return workers;
}
