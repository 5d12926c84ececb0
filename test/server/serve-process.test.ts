import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_OK } from '../../src/cli/exit-codes.js';
import { call, type CreatedReply, type IterationReply } from './server-fixtures.js';

const CLI = fileURLToPath(new URL('../eod/fixtures/run-cli.ts', import.meta.url));

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tenure …` as a real process; `onStdout` sees everything printed so far. */
function runCli(args: readonly string[], onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TENURE_ADMIN_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}

describe('tenure serve as a process', () => {
  it('serves sessions on 127.0.0.1 and, on SIGTERM, closes them and finds nothing left reachable (exit 0)', async () => {
    let session: CreatedReply | undefined;
    let iteration: IterationReply | undefined;
    let failure: unknown;
    let started = false;
    const finished = await runCli(['serve', '--port', '0', '--idle-timeout-minutes', '5'], (text, child) => {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      if (url === undefined || started) return;
      started = true;
      void (async () => {
        try {
          const created = await call<CreatedReply>(url, 'POST', '/sessions', { body: { portfolio: 'portfolios/example-10000.csv', market: { date: '2023-12-29' } } });
          session = created.body;
          iteration = (await call<IterationReply>(url, 'POST', `/sessions/${session.id}/iterations?limit=0`, { token: session.token, body: { parameters: {} } })).body;
        } catch (error) {
          failure = error;
        } finally {
          child.kill('SIGTERM');
        }
      })();
    });
    expect(failure).toBeUndefined();
    expect(session?.token).toBeTypeOf('string');
    expect(iteration).toMatchObject({ iteration: 1, executionType: 'full', portfolio: { positions: 10_000 } });
    expect(finished.code, finished.stderr).toBe(EXIT_OK);
    expect(finished.stdout).toContain('interrupted by SIGTERM; closing 1 session');
    expect(finished.stdout).toMatch(/stopped; no leaks/);
  }, 60_000);

  it('exits 2 for a bad flag', async () => {
    const finished = await runCli(['serve', '--port', '70000']);
    expect(finished.code).toBe(EXIT_BAD_INPUT);
    expect(finished.stderr).toContain('expected a port number');
  }, 30_000);
});
