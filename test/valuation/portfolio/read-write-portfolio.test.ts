import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countByKind, portfolioOf } from '../../../src/valuation/portfolio/portfolio.js';
import { PortfolioValidationError } from '../../../src/valuation/portfolio/portfolio-error.js';
import { parsePortfolioCsv } from '../../../src/valuation/portfolio/parse-portfolio-csv.js';
import { parsePortfolioJson } from '../../../src/valuation/portfolio/parse-portfolio-json.js';
import { readPortfolio } from '../../../src/valuation/portfolio/read-portfolio.js';
import { formatPortfolioCsv, writePortfolioCsv, writePortfolioJson } from '../../../src/valuation/portfolio/write-portfolio.js';
import { BOND, MBS, SWAP } from './helpers.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'tenure-portfolio-'));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function rejectionOf(promise: Promise<unknown>): Promise<PortfolioValidationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PortfolioValidationError) return error;
    throw error;
  }
  throw new Error('expected a PortfolioValidationError');
}

describe('readPortfolio and the writers', () => {
  it('round-trips positions through CSV and JSON files; id from the file name, hash of the bytes, counts by kind', async () => {
    const dir = tempDir();
    const positions = [BOND, MBS, SWAP, { ...MBS, id: 'FN-2' }];
    const csv = join(dir, 'book-a.csv');
    const json = join(dir, 'book-b.JSON');
    await writePortfolioCsv(csv, positions);
    await writePortfolioJson(json, positions);

    const fromCsv = await readPortfolio(csv);
    expect(fromCsv.positions).toEqual(positions);
    expect(fromCsv.id).toBe('book-a');
    expect(fromCsv.sourceHash).toBe(sha256(readFileSync(csv)));
    expect(fromCsv.counts).toEqual({ bond: 1, mbs: 2, swap: 1 });

    const fromJson = await readPortfolio(json);
    expect(fromJson.positions).toEqual(positions);
    expect(fromJson.id).toBe('book-b');
    expect(fromJson.sourceHash).toBe(sha256(readFileSync(json)));
    expect(fromJson.sourceHash).not.toBe(fromCsv.sourceHash);
  });

  it('returns a frozen portfolio', async () => {
    const dir = tempDir();
    const file = join(dir, 'p.csv');
    writeFileSync(file, formatPortfolioCsv([BOND]));
    const portfolio = await readPortfolio(file);
    expect(Object.isFrozen(portfolio)).toBe(true);
    expect(Object.isFrozen(portfolio.positions)).toBe(true);
    expect(Object.isFrozen(portfolio.counts)).toBe(true);
  });

  it('names the file in errors: unsupported extension, missing file, not UTF-8, invalid content', async () => {
    const dir = tempDir();
    const text = join(dir, 'p.txt');
    writeFileSync(text, formatPortfolioCsv([BOND]));
    expect((await rejectionOf(readPortfolio(text))).message).toContain(`${text}: unsupported file type ".txt": a portfolio is a .csv or .json file`);

    const missing = join(dir, 'missing.csv');
    expect((await rejectionOf(readPortfolio(missing))).message).toMatch(new RegExp(`${missing}: cannot read the file: ENOENT`, 'u'));

    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('kind,id\nbond,caf\xe9\n', 'latin1'));
    expect((await rejectionOf(readPortfolio(latin1))).message).toContain(`${latin1}: not UTF-8 text`);

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, formatPortfolioCsv([BOND]).replace('1000000', '-1000000'));
    const error = await rejectionOf(readPortfolio(bad));
    expect(error.code).toBe('PORTFOLIO_INVALID');
    expect(error.message).toContain(`${bad}:2: field "face": must be > 0, got -1000000`);
  });

  it('portfolioOf counts, copies and freezes positions from any source', () => {
    const source = [SWAP, BOND, SWAP];
    const portfolio = portfolioOf('db-book', source, 'abc');
    expect(portfolio.counts).toEqual(countByKind(source));
    expect(portfolio.counts).toEqual({ bond: 1, mbs: 0, swap: 2 });
    source.pop();
    expect(portfolio.positions).toHaveLength(3);
  });

  it('accepts the CSV and JSON examples of docs/PORTFOLIO-FORMAT.md as the same positions', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/PORTFOLIO-FORMAT.md', import.meta.url)), 'utf8');
    const block = (language: string): string => {
      const match = new RegExp(`\`\`\`${language}\n([\\s\\S]*?)\`\`\``, 'u').exec(doc);
      if (match?.[1] === undefined) throw new Error(`no ${language} block in docs/PORTFOLIO-FORMAT.md`);
      return match[1];
    };
    const fromCsv = parsePortfolioCsv(block('csv'), 'PORTFOLIO-FORMAT.md');
    expect(countByKind(fromCsv)).toEqual({ bond: 1, mbs: 1, swap: 1 });
    expect(parsePortfolioJson(block('json'), 'PORTFOLIO-FORMAT.md')).toEqual(fromCsv);
  });
});
