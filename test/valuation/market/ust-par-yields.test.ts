import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDay } from '../../../src/valuation/dates/day.js';
import { MarketDataError } from '../../../src/valuation/market/market-data-error.js';
import { loadUstParYields, UST_PAR_YIELD_HEADER } from '../../../src/valuation/market/ust-par-yields.js';

const FILE = new URL('../../../../shared/data/market/ust-par-yields-2023.csv', import.meta.url).pathname;
const original = readFileSync(FILE, 'utf8');
const originalLines = original.split('\n');
const scratch = mkdtempSync(join(tmpdir(), 'ust-par-yields-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let fileCount = 0;
/** A copy of the real file with some lines replaced (1-based line numbers). */
function variant(replacements: Record<number, string>): string {
  const lines = originalLines.slice();
  for (const [line, text] of Object.entries(replacements)) lines[Number(line) - 1] = text;
  const file = join(scratch, `variant-${++fileCount}.csv`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('loadUstParYields', () => {
  it('reads one day of the Treasury file: tenors in months, rates as decimals', () => {
    const quote = loadUstParYields(FILE, '2023-12-29');
    expect(quote.effectiveDate).toBe(parseDay('2023-12-29'));
    expect(quote.line).toBe(2);
    expect(quote.file).toBe(FILE);
    expect(quote.parYields.map((p) => p.tenorMonths)).toEqual([1, 2, 3, 4, 6, 12, 24, 36, 60, 84, 120, 240, 360]);
    const cells = originalLines[1]!.split(',');
    expect(cells[0]).toBe('2023-12-29');
    quote.parYields.forEach((p, i) => expect(p.rate).toBeCloseTo(Number(cells[i + 1]) / 100, 15));
    expect(quote.parYields[10]!.rate).toBe(0.0388);
  });

  it('takes the date as a Day or as text, and finds rows anywhere in the file', () => {
    const byText = loadUstParYields(FILE, '2023-01-03');
    const byDay = loadUstParYields(FILE, parseDay('2023-01-03')!);
    expect(byDay).toEqual(byText);
    expect(byText.line).toBe(251);
  });

  it('identifies its source by the SHA-256 of the file bytes', () => {
    const expected = createHash('sha256').update(readFileSync(FILE)).digest('hex');
    expect(loadUstParYields(FILE, '2023-06-30').sourceHash).toBe(expected);
    const changed = variant({ 2: originalLines[1]!.replace(/,4\.03$/, ',4.04') });
    expect(readFileSync(changed, 'utf8')).not.toBe(original);
    expect(loadUstParYields(changed, '2023-06-30').sourceHash).not.toBe(expected);
  });

  it('says which dates are nearest when the date is not in the file', () => {
    expect(() => loadUstParYields(FILE, '2023-12-24')).toThrow(MarketDataError);
    expect(() => loadUstParYields(FILE, '2023-12-24'))
      .toThrow(`${FILE}: no par yields for 2023-12-24; nearest dates in the file: 2023-12-22 before, 2023-12-26 after`);
    expect(() => loadUstParYields(FILE, '2024-01-02'))
      .toThrow(`${FILE}: no par yields for 2024-01-02; nearest dates in the file: 2023-12-29 before, no later date`);
    expect(() => loadUstParYields(FILE, '2022-12-30'))
      .toThrow(`${FILE}: no par yields for 2022-12-30; nearest dates in the file: no earlier date, 2023-01-03 after`);
  });

  it('names the file, line and column of a rate that is not a number, empty or missing', () => {
    const notANumber = variant({ 3: '2023-12-28,5.57,5.55,5.45,5.42,5.28,4.82,4.26,4.02,3.83,N/A,3.84,4.14,3.98' });
    expect(() => loadUstParYields(notANumber, '2023-12-28')).toThrow(`${notANumber}:3, column 11 (7 Yr): rate "N/A" is not a number`);
    const empty = variant({ 3: '2023-12-28,5.57,,5.45,5.42,5.28,4.82,4.26,4.02,3.83,3.84,3.84,4.14,3.98' });
    expect(() => loadUstParYields(empty, '2023-12-28')).toThrow(`${empty}:3, column 3 (2 Mo): rate is empty`);
    const short = variant({ 3: '2023-12-28,5.57,5.55,5.45,5.42,5.28,4.82,4.26,4.02,3.83,3.84,3.84' });
    expect(() => loadUstParYields(short, '2023-12-28')).toThrow(`${short}:3, column 13 (20 Yr): rate missing (the line has 12 columns)`);
    const long = variant({ 3: `${originalLines[2]!},4.1` });
    expect(() => loadUstParYields(long, '2023-12-28')).toThrow(`${long}:3: 15 columns, but the header has 14`);
  });

  it('does not let a bad row of another day block the requested one', () => {
    const file = variant({ 3: '2023-12-28,5.57,,5.45,oops' });
    expect(loadUstParYields(file, '2023-12-29').parYields).toHaveLength(13);
  });

  it('rejects a wrong header, naming the column', () => {
    const renamed = variant({ 1: UST_PAR_YIELD_HEADER.join(',').replace('4 Mo', '4 Month') });
    expect(() => loadUstParYields(renamed, '2023-12-29'))
      .toThrow(`${renamed}:1: header column 5 is "4 Month", expected "4 Mo" (expected header "${UST_PAR_YIELD_HEADER.join(',')}")`);
    const truncated = variant({ 1: UST_PAR_YIELD_HEADER.slice(0, 13).join(',') });
    expect(() => loadUstParYields(truncated, '2023-12-29')).toThrow(`${truncated}:1: header ends after column 13; column 14 should be "30 Yr"`);
    const extra = variant({ 1: `${UST_PAR_YIELD_HEADER.join(',')},50 Yr` });
    expect(() => loadUstParYields(extra, '2023-12-29')).toThrow(`${extra}:1: header column 15 is "50 Yr", but the header should end after column 14`);
    const emptyFile = join(scratch, 'empty.csv');
    writeFileSync(emptyFile, '');
    expect(() => loadUstParYields(emptyFile, '2023-12-29')).toThrow(`${emptyFile}:1: the header is missing`);
  });

  it('rejects a row whose date is not a date, and a date given twice', () => {
    const badDate = variant({ 10: originalLines[9]!.replace(/^2023-12-(\d\d)/, '2023-12-$1x') });
    expect(() => loadUstParYields(badDate, '2023-12-29')).toThrow(new RegExp(`${badDate}:10, column 1 \\(Date\\): "2023-12-\\d\\dx" is not a YYYY-MM-DD date`));
    const twice = variant({ 5: originalLines[1]! });
    expect(() => loadUstParYields(twice, '2023-12-29')).toThrow(`${twice}: 2023-12-29 appears twice, on lines 2 and 5`);
  });

  it('names a bad date argument and an unreadable file', () => {
    expect(() => loadUstParYields(FILE, '2023-02-30')).toThrow('date must be a YYYY-MM-DD calendar date, got "2023-02-30"');
    expect(() => loadUstParYields(FILE, 19_000.5)).toThrow('date must be an integer Day or a YYYY-MM-DD string, got 19000.5');
    const missing = join(scratch, 'no-such-file.csv');
    expect(() => loadUstParYields(missing, '2023-12-29')).toThrow(`cannot read par yield file ${missing}: ENOENT`);
  });

  it('reads Windows line endings and a byte-order mark', () => {
    const file = join(scratch, 'crlf.csv');
    writeFileSync(file, `\uFEFF${original.replace(/\n/g, '\r\n')}`);
    expect(loadUstParYields(file, '2023-12-29').parYields).toEqual(loadUstParYields(FILE, '2023-12-29').parYields);
  });
});
