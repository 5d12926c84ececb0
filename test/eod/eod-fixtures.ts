import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { EodDependencies } from '../../src/eod/eod-run.js';
import type { EodOptions } from '../../src/eod/eod-options.js';
import type { Progress } from '../../src/eod/progress.js';
import { parseDay } from '../../src/valuation/dates/day.js';
import { generatePortfolio } from '../../src/valuation/portfolio/generate-portfolio.js';
import { formatPortfolioCsv } from '../../src/valuation/portfolio/write-portfolio.js';

export const MARKET_FILE = fileURLToPath(new URL('../../examples/market/ust-par-yields-2023.csv', import.meta.url));
export const MODELS_DIR = fileURLToPath(new URL('../../examples/models', import.meta.url));
export const EFFECTIVE_DATE = '2023-12-29';

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `tenure-eod-${label}-`));
}

/** A generated portfolio (seeded, so every run of the test sees the same one) as a CSV file. */
export function portfolioFile(dir: string, positions: number, seed = 11): string {
  const file = join(dir, `portfolio-${positions}-${seed}.csv`);
  writeFileSync(file, formatPortfolioCsv(generatePortfolio({ positions, seed, effectiveDate: parseDay(EFFECTIVE_DATE)! })));
  return file;
}

export function eodOptions(dir: string, overrides: Partial<EodOptions> & Pick<EodOptions, 'portfolio'>): EodOptions {
  return {
    market: MARKET_FILE,
    models: MODELS_DIR,
    effectiveDate: EFFECTIVE_DATE,
    database: join(dir, 'results.sqlite'),
    reportDir: join(dir, 'reports'),
    ...overrides,
  };
}

const silentProgress: Progress = { stage: () => undefined, advance: () => undefined, finish: () => undefined };

export function eodDeps(overrides: Partial<EodDependencies> = {}): EodDependencies {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the tests with --expose-gc (vitest.config.ts does)');
  return {
    logger: pino({ level: 'silent' }),
    progress: silentProgress,
    signal: new AbortController().signal,
    gc,
    versions: { tenure: 'test' },
    ...overrides,
  };
}

/** A progress display that aborts the run the first time positions are reported valued. */
export function abortingProgress(controller: AbortController): Progress {
  return {
    stage: () => undefined,
    advance: () => { controller.abort(new Error('interrupted by the test')); },
    finish: () => undefined,
  };
}
