import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_FAILED } from '../../src/cli/exit-codes.js';
import { openResultsStore } from '../../src/store/index.js';
import { MARKET_FILE, MODELS_DIR, portfolioFile, tempDir } from './eod-fixtures.js';

const CLI = fileURLToPath(new URL('./fixtures/run-cli.ts', import.meta.url));

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tenure eod …` as a real process; `onStderr` may act on what it logs (send a signal). */
function runCli(args: readonly string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}

describe('tenure eod as a process', () => {
  it('SIGTERM in the middle of valuation: exit 1, the audit record says failed and why, and no results are kept', async () => {
    const dir = tempDir('sigterm');
    const database = join(dir, 'results.sqlite');
    let signalled = false;
    const finished = await runCli(
      ['eod', '--portfolio', portfolioFile(dir, 20_000, 5), '--market', MARKET_FILE, '--models', MODELS_DIR, '--database', database, '--report-dir', join(dir, 'reports'), '--no-progress'],
      (text, child) => {
        // The first progress line means valuation is under way and the run is recorded.
        if (!signalled && text.includes('"msg":"valuing"')) {
          signalled = true;
          child.kill('SIGTERM');
        }
      },
    );
    expect(signalled).toBe(true);
    expect(finished.code).toBe(EXIT_FAILED);
    expect(finished.stdout).toContain('FAILED: interrupted by SIGTERM');
    await using store = await openResultsStore(database);
    const runs = await store.listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'failed', failureReason: 'interrupted by SIGTERM' });
    expect(await store.getResults(runs[0]!.runId)).toHaveLength(0);
  }, 60_000);

  it('a malformed portfolio exits 2 with the file, line and field, and creates no run', async () => {
    const dir = tempDir('bad-process');
    const portfolio = join(dir, 'bad.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(portfolio, 'kind,id,face\nbond,B1,abc\n');
    const database = join(dir, 'results.sqlite');
    const finished = await runCli(['eod', '--portfolio', portfolio, '--database', database, '--no-progress']);
    expect(finished.code).toBe(EXIT_BAD_INPUT);
    expect(finished.stderr).toMatch(/bad\.csv:2/);
    await using store = await openResultsStore(database);
    expect(await store.listRuns()).toHaveLength(0);
  }, 60_000);
});
