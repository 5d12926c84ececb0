import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_OK } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/main.js';
import { dayOf } from '../../src/valuation/dates/day.js';
import { generatePortfolio } from '../../src/valuation/portfolio/generate-portfolio.js';
import { countByKind, describeCounts } from '../../src/valuation/portfolio/portfolio.js';
import { formatPortfolioCsv, formatPortfolioJson } from '../../src/valuation/portfolio/write-portfolio.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'tenure', ...args], (line) => out.push(line), (line) => err.push(line));
  return { code, out, err };
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'tenure-portfolio-cli-'));

describe('tenure portfolio generate', () => {
  it('writes the generator\'s portfolio to --out, format from the extension, and says what it wrote', async () => {
    const dir = tempDir();
    const csv = join(dir, 'book.csv');
    const json = join(dir, 'book.json');
    const expected = generatePortfolio({ positions: 300, seed: 5, effectiveDate: dayOf(2024, 6, 28) });

    const written = await run('portfolio', 'generate', '--positions', '300', '--seed', '5', '--date', '2024-06-28', '--out', csv);
    expect(written.code).toBe(EXIT_OK);
    expect(readFileSync(csv, 'utf8')).toBe(formatPortfolioCsv(expected));
    expect(written.out).toEqual([`wrote ${csv}: 300 positions (${describeCounts(countByKind(expected))}), seed 5, effective 2024-06-28`]);

    expect((await run('portfolio', 'generate', '--positions', '300', '--seed', '5', '--date', '2024-06-28', '--out', json, '--format', 'json')).code).toBe(EXIT_OK);
    expect(readFileSync(json, 'utf8')).toBe(formatPortfolioJson(expected));
  });

  it('prints to stdout without --out, CSV unless --format json, effective date 2023-12-29 by default', async () => {
    const expected = generatePortfolio({ positions: 20, seed: 9, effectiveDate: dayOf(2023, 12, 29) });
    const csv = await run('portfolio', 'generate', '--positions', '20', '--seed', '9');
    expect(csv.code).toBe(EXIT_OK);
    expect(`${csv.out.join('\n')}\n`).toBe(formatPortfolioCsv(expected));
    const json = await run('portfolio', 'generate', '--positions', '20', '--seed', '9', '--format', 'json');
    expect(`${json.out.join('\n')}\n`).toBe(formatPortfolioJson(expected));
  });

  it('exits 2 with a clear message on bad flags', async () => {
    const dir = tempDir();
    const cases: [string[], RegExp][] = [
      [['--seed', '1'], /required option '--positions <n>' not specified/u],
      [['--positions', '10'], /required option '--seed <s>' not specified/u],
      [['--positions', '0', '--seed', '1'], /expected a positive integer, got "0"/u],
      [['--positions', '1e3', '--seed', '1'], /expected a positive integer, got "1e3"/u],
      [['--positions', '10', '--seed', '-4'], /expected a non-negative integer/u],
      [['--positions', '10', '--seed', '1', '--date', '2023-02-30'], /expected a calendar date YYYY-MM-DD, got "2023-02-30"/u],
      [['--positions', '10', '--seed', '1', '--format', 'xml'], /Allowed choices are csv, json/u],
      [['--positions', '10', '--seed', '1', '--out', join(dir, 'book.txt')], /a portfolio file name ends in \.csv or \.json/u],
      [['--positions', '10', '--seed', '1', '--out', join(dir, 'book.csv'), '--format', 'json'], /--format json contradicts --out/u],
      [['--positions', '10', '--seed', '1', '--out', join(dir, 'no-such-dir', 'book.csv')], /cannot write .*no-such-dir.*ENOENT/u],
      [['--positions', '10', '--seed', '1', '--colour', 'blue'], /unknown option '--colour'/u],
    ];
    for (const [flags, message] of cases) {
      const { code, err } = await run('portfolio', 'generate', ...flags);
      expect({ flags, code }).toEqual({ flags, code: EXIT_BAD_INPUT });
      expect(err.join('\n')).toMatch(message);
    }
  });
});

describe('tenure portfolio check', () => {
  it('prints the counts by kind and the SHA-256 of a valid file', async () => {
    const { code, out } = await run('portfolio', 'check', fileURLToPath(new URL('../../examples/portfolios/example-10000.csv', import.meta.url)));
    expect(code).toBe(EXIT_OK);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/example-10000\.csv: valid, 10000 positions \(bond \d+, mbs \d+, swap \d+\), sha256 [0-9a-f]{64}$/u);
  });

  it('exits 2 listing every issue with file, line and field', async () => {
    const file = join(tempDir(), 'bad.csv');
    writeFileSync(file, 'kind,id,balance,wac,netCoupon,wam,age,model\nmbs,M1,-5,0.05,0.045,300,10,psa-100\nmbs,M1,100,0.05,0.045,300,10,psa-100\nswap,S1,,,,,,\n');
    const { code, out, err } = await run('portfolio', 'check', file);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(out).toEqual([]);
    const text = err.join('\n');
    expect(text).toContain(`${file}:2: field "balance": must be > 0, got -5`);
    expect(text).toContain(`${file}:3: field "id": duplicate position id (first on line 2), got "M1"`);
    expect(text).toContain(`${file}:4: field "notional": missing`);
  });

  it('stops at --max-issues', async () => {
    const file = join(tempDir(), 'many.csv');
    const rows = Array.from({ length: 10 }, (_, i) => `mbs,M${i},-5,0.05,0.045,300,10,psa-100`);
    writeFileSync(file, `kind,id,balance,wac,netCoupon,wam,age,model\n${rows.join('\n')}\n`);
    const { code, err } = await run('portfolio', 'check', file, '--max-issues', '3');
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(err.join('\n')).toContain('(3 issues; stopped after the first 3)');
  });

  it('exits 2 for a missing file or an unsupported extension', async () => {
    expect((await run('portfolio', 'check', join(tempDir(), 'missing.csv'))).code).toBe(EXIT_BAD_INPUT);
    expect((await run('portfolio', 'check', join(tempDir(), 'book.xlsx'))).code).toBe(EXIT_BAD_INPUT);
    expect((await run('portfolio', 'check')).code).toBe(EXIT_BAD_INPUT);
  });
});

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tenure …` as a real process, from the TypeScript sources (no build needed). */
function runProcess(args: readonly string[]): Promise<Finished> {
  const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(['node', 'tenure', ...process.argv.slice(1)]);";
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script, '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}

describe('tenure portfolio as a process', () => {
  it('generates to stdout byte for byte what it writes to a file, checks it, and exits 2 on a bad file', async () => {
    const dir = tempDir();
    const file = join(dir, 'book.csv');
    const args = ['portfolio', 'generate', '--positions', '500', '--seed', '77'];
    const [toStdout, toFile] = await Promise.all([runProcess(args), runProcess([...args, '--out', file])]);
    expect(toStdout.code).toBe(EXIT_OK);
    expect(toFile.code).toBe(EXIT_OK);
    expect(toStdout.stdout).toBe(readFileSync(file, 'utf8'));

    const checked = await runProcess(['portfolio', 'check', file]);
    expect(checked.code).toBe(EXIT_OK);
    expect(checked.stdout).toMatch(/book\.csv: valid, 500 positions/u);

    writeFileSync(file, readFileSync(file, 'utf8').replace(/^bond,(BND-\d+),\d+/mu, 'bond,$1,-7'));
    const bad = await runProcess(['portfolio', 'check', file]);
    expect(bad.code).toBe(EXIT_BAD_INPUT);
    expect(bad.stderr).toMatch(/book\.csv:\d+: field "face": must be > 0, got -7/u);
  }, 60_000);
});
