import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addMonths, parseDay } from '../../../src/valuation/dates/day.js';
import { loadMarketData } from '../../../src/valuation/market/market-data.js';
import { loadUstParYields } from '../../../src/valuation/market/ust-par-yields.js';

const FILE = new URL('../../../../shared/data/market/ust-par-yields-2023.csv', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'market-data-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadMarketData', () => {
  it('bootstraps the day’s curve and keeps the quotes and the source hash with it', () => {
    const market = loadMarketData(FILE, '2023-12-29');
    const quote = loadUstParYields(FILE, '2023-12-29');
    expect(market.effectiveDate).toBe(parseDay('2023-12-29'));
    expect(market.curve.referenceDate).toBe(market.effectiveDate);
    expect(market.parYields).toEqual(quote.parYields);
    expect(market.sourceHash).toBe(quote.sourceHash);
    expect(market.sourceFile).toBe(FILE);
    expect(Object.isFrozen(market)).toBe(true);
    // The 10-year par bond (coupon 3.88%) prices to par on the curve.
    let price = 0;
    for (let j = 1; j <= 20; j++) {
      const df = market.curve.discount(addMonths(market.effectiveDate, 6 * j, true));
      price += 1.94 * df + (j === 20 ? 100 * df : 0);
    }
    expect(price).toBeCloseTo(100, 8);
  });

  it('reports a quote no curve can fit with the file and line it came from', () => {
    const lines = readFileSync(FILE, 'utf8').split('\n');
    lines[1] = '2023-12-29,-90,5.59,5.4,5.41,-90,-90,90,4.01,3.84,3.88,3.88,4.2,4.03';
    const file = join(scratch, 'impossible.csv');
    writeFileSync(file, lines.join('\n'));
    expect(() => loadMarketData(file, '2023-12-29'))
      .toThrow(`${file}:2: cannot bootstrap a curve: par yield 0.9 at tenorMonths 24 cannot be repriced`);
  });
});
