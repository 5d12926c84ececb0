import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/ARCHITECTURE.md, enforced: a folder of src/ may import only from its own
 * layer or the layers below it. A folder that is not listed here fails the test, so a new room
 * has to be given a place in the architecture before it can exist.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'clock', 'lifetime', 'cache', 'config'], // core
  ['graph', 'session'], // runtime
  ['valuation', 'trading'], // domains
  ['store', 'distributed'], // adapters
  ['cli', 'server', 'eod'], // apps
];
const CORE = LAYERS[0]!;
/** Words that would mean the core knows about finance. */
const FINANCE_WORDS = /\b(portfolio|bond|coupon|swap|mortgage|prepay\w*|valuation|pnl|backtest|curve)\b/i;

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function layerOf(folder: string): number {
  const index = LAYERS.findIndex((layer) => layer.includes(folder));
  if (index === -1) throw new Error(`src/${folder} is in no layer of docs/ARCHITECTURE.md; add it to the LAYERS table in this test`);
  return index;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function topFolder(file: string): string {
  return relative(SRC, file).split('/')[0]!;
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('has every folder of src/ in a layer', () => {
    const folders = new Set(files.map(topFolder));
    for (const folder of folders) expect(() => layerOf(folder)).not.toThrow();
  });

  it('imports point down only (same layer or lower)', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = topFolder(file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? match[3]!;
        if (!specifier.startsWith('.')) continue;
        const target = resolve(dirname(file), specifier);
        const to = topFolder(target);
        if (layerOf(to) > layerOf(from)) violations.push(`${relative(SRC, file)} imports ${specifier} (${from} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps finance out of the core', () => {
    const mentions = files
      .filter((file) => CORE.includes(topFolder(file)))
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line, n: i + 1 })))
      .filter(({ line }) => FINANCE_WORDS.test(line))
      .map(({ file, n, line }) => `${relative(SRC, file)}:${n}: ${line.trim()}`);
    expect(mentions).toEqual([]);
  });
});
