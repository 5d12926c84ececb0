import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addMonths, addYears, dayOf, formatDay, type Day } from '../../../src/valuation/dates/day.js';
import { GENERATED_MBS_MODELS, generatePortfolio } from '../../../src/valuation/portfolio/generate-portfolio.js';
import { parsePortfolioCsv } from '../../../src/valuation/portfolio/parse-portfolio-csv.js';
import { countByKind } from '../../../src/valuation/portfolio/portfolio.js';
import type { BondPosition, MbsPosition, Position, SwapPosition } from '../../../src/valuation/portfolio/position.js';
import { formatPortfolioCsv, writePortfolioCsv, writePortfolioJson } from '../../../src/valuation/portfolio/write-portfolio.js';

const EFFECTIVE = dayOf(2023, 12, 29);
const EXAMPLE = fileURLToPath(new URL('../../../examples/portfolios/example-10000.csv', import.meta.url));
const TOLERANCE = 1e-12;

function problemsOfBond(bond: BondPosition): string[] {
  const problems: string[] = [];
  if (bond.face < 100_000 || bond.face > 25_000_000) problems.push(`face ${bond.face}`);
  if (bond.coupon < 0.01 - TOLERANCE || bond.coupon > 0.07 + TOLERANCE) problems.push(`coupon ${bond.coupon}`);
  if (bond.maturityDate < addYears(EFFECTIVE, 1) || bond.maturityDate > addYears(EFFECTIVE, 30)) problems.push(`maturity ${formatDay(bond.maturityDate)}`);
  if (bond.issueDate >= EFFECTIVE) problems.push(`issued ${formatDay(bond.issueDate)}, not in the past`);
  if (bond.frequency !== 2) problems.push(`frequency ${bond.frequency}`);
  if (bond.dayCount !== 'ACT/ACT-ISMA' && bond.dayCount !== '30/360') problems.push(bond.dayCount);
  if (bond.calendar !== 'US-GOVT') problems.push(bond.calendar);
  return problems;
}

function problemsOfMbs(pool: MbsPosition): string[] {
  const problems: string[] = [];
  if (pool.balance < 1_000_000 || pool.balance > 50_000_000) problems.push(`balance ${pool.balance}`);
  if (pool.wac < 0.025 - TOLERANCE || pool.wac > 0.075 + TOLERANCE) problems.push(`wac ${pool.wac}`);
  const fee = pool.wac - pool.netCoupon;
  if (fee < 0.0025 - TOLERANCE || fee > 0.0075 + TOLERANCE) problems.push(`wac - net coupon ${fee}`);
  if (pool.wam < 60 || pool.wam > 360 || pool.age < 0 || pool.age > 120 || pool.age + pool.wam > 360) problems.push(`wam ${pool.wam}, age ${pool.age}`);
  if (!(GENERATED_MBS_MODELS as readonly string[]).includes(pool.model)) problems.push(pool.model);
  return problems;
}

function tenorYears(swap: SwapPosition): number | undefined {
  for (let years = 2; years <= 30; years += 1) if (addMonths(swap.startDate, 12 * years) === swap.maturityDate) return years;
  return undefined;
}

function problemsOfSwap(swap: SwapPosition): string[] {
  const problems: string[] = [];
  if (swap.notional < 1_000_000 || swap.notional > 100_000_000) problems.push(`notional ${swap.notional}`);
  if (swap.fixedRate < 0.02 - TOLERANCE || swap.fixedRate > 0.05 + TOLERANCE) problems.push(`fixed rate ${swap.fixedRate}`);
  if (tenorYears(swap) === undefined) problems.push(`no whole tenor of 2-30 years from ${formatDay(swap.startDate)} to ${formatDay(swap.maturityDate)}`);
  if (swap.startDate > EFFECTIVE) problems.push(`starts ${formatDay(swap.startDate)}, after the effective date`);
  if (swap.maturityDate - EFFECTIVE < 360) problems.push(`matures ${formatDay(swap.maturityDate)}, under a year away`);
  if (swap.fixedFrequency !== 2 || swap.fixedDayCount !== '30/360' || swap.floatFrequency !== 4 || swap.floatDayCount !== 'ACT/360') problems.push('leg conventions');
  return problems;
}

function problemsOf(position: Position): string[] {
  const problems = position.kind === 'bond' ? problemsOfBond(position) : position.kind === 'mbs' ? problemsOfMbs(position) : problemsOfSwap(position);
  return problems.map((problem) => `${position.id}: ${problem}`);
}

describe('generatePortfolio', () => {
  const positions = generatePortfolio({ positions: 10_000, seed: 20231229, effectiveDate: EFFECTIVE });

  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenure-generate-'));
    const write = async (name: string, seed: number): Promise<Buffer> => {
      const file = join(dir, name);
      const generated = generatePortfolio({ positions: 2_000, seed, effectiveDate: EFFECTIVE });
      if (name.endsWith('.csv')) await writePortfolioCsv(file, generated);
      else await writePortfolioJson(file, generated);
      return readFileSync(file);
    };
    expect((await write('a.csv', 7)).equals(await write('b.csv', 7))).toBe(true);
    expect((await write('a.json', 7)).equals(await write('b.json', 7))).toBe(true);
    expect((await write('c.csv', 8)).equals(await write('d.csv', 7))).toBe(false);
  });

  it('is the generator of the example portfolio (docs/PORTFOLIO-FORMAT.md gives the command)', () => {
    expect(readFileSync(EXAMPLE, 'utf8')).toBe(formatPortfolioCsv(positions));
  });

  it('mixes about 50% bonds, 30% MBS pools and 20% swaps', () => {
    const counts = countByKind(positions);
    // Within four binomial standard deviations of the target shares.
    expect(Math.abs(counts.bond - 5_000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.5 * 0.5));
    expect(Math.abs(counts.mbs - 3_000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.3 * 0.7));
    expect(Math.abs(counts.swap - 2_000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.2 * 0.8));
  });

  it('keeps every position within its documented ranges and conventions, live on the effective date', () => {
    expect(positions.flatMap(problemsOf)).toEqual([]);
  });

  it('uses both day counts, all four prepayment models, both swap directions, spot and seasoned swaps', () => {
    const bonds = positions.filter((p): p is BondPosition => p.kind === 'bond');
    const pools = positions.filter((p): p is MbsPosition => p.kind === 'mbs');
    const swaps = positions.filter((p): p is SwapPosition => p.kind === 'swap');
    expect(new Set(bonds.map((b) => b.dayCount))).toEqual(new Set(['ACT/ACT-ISMA', '30/360']));
    expect(new Set(pools.map((p) => p.model))).toEqual(new Set(GENERATED_MBS_MODELS));
    expect(new Set(swaps.map((s) => s.payFixed))).toEqual(new Set([true, false]));
    const starts = new Set(swaps.map((s): Day | 'past' => (s.startDate === EFFECTIVE ? s.startDate : 'past')));
    expect(starts).toEqual(new Set([EFFECTIVE, 'past']));
  });

  it('gives every position a unique id and passes its own validation', () => {
    expect(new Set(positions.map((p) => p.id)).size).toBe(positions.length);
    expect(parsePortfolioCsv(formatPortfolioCsv(positions), 'generated.csv')).toEqual(positions);
  });

  it('refuses a position count that is not a positive integer and a bad seed', () => {
    expect(() => generatePortfolio({ positions: 0, seed: 1, effectiveDate: EFFECTIVE })).toThrow(RangeError);
    expect(() => generatePortfolio({ positions: 2.5, seed: 1, effectiveDate: EFFECTIVE })).toThrow(RangeError);
    expect(() => generatePortfolio({ positions: 10, seed: -1, effectiveDate: EFFECTIVE })).toThrow(RangeError);
  });
});
