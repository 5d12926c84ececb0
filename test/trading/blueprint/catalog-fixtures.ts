/**
 * Scratch catalogs for the blueprint tests: real YAML files in a temporary directory, laid out
 * like examples/ (blueprints/, environments/, operations/), pointing at the real market data
 * in shared/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The repository's examples/. */
export const EXAMPLES = resolve(HERE, '../../../examples');
/** shared/data/market, beside the repository. */
export const MARKET_DATA = resolve(HERE, '../../../../shared/data/market');
export const BTC_DATA = join(MARKET_DATA, 'BTC-PERP-1m-2022-01.csv');

export interface ScratchCatalog {
  readonly root: string;
  readonly blueprintsDir: string;
  readonly environmentsDir: string;
  /** Writes `lines` (joined with newlines) to `relativePath` under the root; returns the absolute path. */
  write(relativePath: string, lines: readonly string[]): string;
  remove(): void;
}

export function scratchCatalog(): ScratchCatalog {
  const root = mkdtempSync(join(tmpdir(), 'tenure-blueprint-'));
  const blueprintsDir = join(root, 'blueprints');
  const environmentsDir = join(root, 'environments');
  mkdirSync(blueprintsDir);
  mkdirSync(environmentsDir);
  return {
    root,
    blueprintsDir,
    environmentsDir,
    write(relativePath, lines) {
      const file = join(root, relativePath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${lines.join('\n')}\n`);
      return file;
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A valid two-worker blueprint. */
export const SMALL_BLUEPRINT: readonly string[] = [
  'display_name: Small',
  'workers:',
  '  - { name: fast, type: sma, params: { period: 3 } }',
  '  - { name: execution, type: market_execution }',
];

/** A valid backtest environment on the BTC file (absolute path). */
export const SMALL_BACKTEST: readonly string[] = ['kind: backtest', `data: ${BTC_DATA}`, 'cash: 1000', 'commission: 0.001', 'slippage: 0'];

/** A valid live environment. */
export const SMALL_LIVE: readonly string[] = ['kind: live', 'feed: ws://127.0.0.1:8765', 'asset: BTC-PERP', 'cash: 1000', 'commission: 0', 'slippage: 0'];
