/** A worker's partition of a CSV portfolio is exactly those positions of the whole file, whatever the file's quoting and line endings. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvPortfolioSlices, openPortfolioSlices } from '../../src/eod/distributed/eod-portfolio-slices.js';
import { parseDay } from '../../src/valuation/dates/day.js';
import { generatePortfolio } from '../../src/valuation/portfolio/generate-portfolio.js';
import { readPortfolio } from '../../src/valuation/portfolio/index.js';
import type { Position } from '../../src/valuation/portfolio/position.js';
import { formatPortfolioCsv, formatPortfolioJson } from '../../src/valuation/portfolio/write-portfolio.js';
import { EFFECTIVE_DATE, tempDir } from '../eod/eod-fixtures.js';
import { samplePositions } from '../store/store-fixtures.js';

const dir = tempDir('slices');
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const noDatabase = { location: 'none', loadPortfolio: () => Promise.reject(new Error('no database in this test')) };

/** Generated positions with awkward ids in between: quoted fields with commas and quotes in them. */
function awkwardPositions(): Position[] {
  const generated = generatePortfolio({ positions: 60, seed: 41, effectiveDate: parseDay(EFFECTIVE_DATE)! });
  const [swap, bond, pool] = samplePositions();
  return [
    { ...bond!, id: 'has,comma' }, ...generated.slice(0, 20), { ...swap!, id: 'has "quotes"' }, ...generated.slice(20, 40),
    { ...pool!, id: '"quoted", and, more' }, ...generated.slice(40),
  ];
}

describe('CsvPortfolioSlices', () => {
  it('gives every range of positions exactly as the whole file parses, with BOM, CRLF and blank lines', async () => {
    const positions = awkwardPositions();
    const plain = formatPortfolioCsv(positions);
    const variants = {
      plain,
      crlf: plain.replaceAll('\n', '\r\n'),
      bomAndBlankLines: `\uFEFF${plain.split('\n').join('\n\n')}`,
      noFinalLineBreak: plain.slice(0, -1),
    };
    for (const [name, text] of Object.entries(variants)) {
      const file = join(dir, `${name}.csv`);
      writeFileSync(file, text);
      const whole = await readPortfolio(file);
      const slices = await CsvPortfolioSlices.open(file);
      expect(slices.length, name).toBe(positions.length);
      expect(slices.sourceHash, name).toBe(whole.sourceHash);
      expect(slices.slice(0, slices.length), name).toEqual(whole.positions);
      fc.assert(fc.property(fc.nat(positions.length), fc.nat(positions.length), (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        expect(slices.slice(from, to)).toEqual(whole.positions.slice(from, to));
      }), { numRuns: 50 });
    }
  });

  it('refuses a range outside the portfolio, and reads a JSON portfolio whole', async () => {
    const file = join(dir, 'small.csv');
    writeFileSync(file, formatPortfolioCsv(awkwardPositions().slice(0, 5)));
    const slices = await CsvPortfolioSlices.open(file);
    expect(() => slices.slice(3, 6)).toThrow(RangeError);
    const json = join(dir, 'small.json');
    writeFileSync(json, formatPortfolioJson(awkwardPositions().slice(0, 5)));
    const fromJson = await openPortfolioSlices(json, noDatabase);
    expect(fromJson.slice(1, 4)).toEqual(slices.slice(1, 4));
    expect(fromJson.sourceHash).toBe((await readPortfolio(json)).sourceHash);
  });
});
