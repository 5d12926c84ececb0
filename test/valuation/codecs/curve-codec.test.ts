import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../src/cache/index.js';
import { PiecewiseLogLinearCurve } from '../../../src/valuation/curves/piecewise-log-linear-curve.js';
import { parseDay } from '../../../src/valuation/dates/day.js';
import { curveCodec } from '../../../src/valuation/codecs/curve-codec.js';
import { marketDataCodec } from '../../../src/valuation/codecs/market-data-codec.js';
import { loadMarketData } from '../../../src/valuation/market/market-data.js';

const MARKET = resolve(import.meta.dirname, '../../../examples/market/ust-par-yields-2023.csv');
const YEARS_50 = 50 * 366;

/** Every day from a month before the reference date to fifty years after, bit for bit. */
function expectSameCurve(decoded: PiecewiseLogLinearCurve, original: PiecewiseLogLinearCurve): void {
  expect(decoded.referenceDate).toBe(original.referenceDate);
  expect(decoded.pillarDays()).toEqual(original.pillarDays());
  expect(new Uint8Array(decoded.pillarDiscountFactors().buffer)).toEqual(new Uint8Array(original.pillarDiscountFactors().buffer));
  const mismatches: string[] = [];
  for (let day = original.referenceDate - 31; day <= original.referenceDate + YEARS_50; day++) {
    if (!Object.is(decoded.discount(day), original.discount(day))) mismatches.push(`discount(${day})`);
    if (!Object.is(decoded.zeroRate(day), original.zeroRate(day))) mismatches.push(`zeroRate(${day})`);
    if (!Object.is(decoded.forwardRate(day, day + 91, 0.25), original.forwardRate(day, day + 91, 0.25))) mismatches.push(`forwardRate(${day})`);
  }
  expect(mismatches).toEqual([]);
}

describe('curve codec', () => {
  it('round-trips the Treasury curve of 2023-12-29 exactly: every discount factor, zero and forward rate, bit for bit', () => {
    const { curve } = loadMarketData(MARKET, '2023-12-29');
    expectSameCurve(curveCodec.decode(curveCodec.encode(curve)), curve);
  });

  it('is exact where rebuilding from the exposed discount factors is not, on every day of 2023', () => {
    const dates = readFileSync(MARKET, 'utf8').split('\n').slice(1).map((line) => line.split(',')[0]!).filter((date) => parseDay(date) !== undefined);
    expect(dates.length).toBeGreaterThan(200);
    let naiveMismatches = 0;
    const mismatches: string[] = [];
    for (const date of dates) {
      const { curve } = loadMarketData(MARKET, date);
      const decoded = curveCodec.decode(curveCodec.encode(curve));
      const naive = new PiecewiseLogLinearCurve(curve.referenceDate, curve.pillarDays(), curve.pillarDiscountFactors());
      for (let day = curve.referenceDate; day <= curve.referenceDate + 31 * 366; day += 3) {
        if (!Object.is(decoded.discount(day), curve.discount(day))) mismatches.push(`${date} discount(${day})`);
        if (!Object.is(naive.discount(day), curve.discount(day))) naiveMismatches++;
      }
    }
    expect(mismatches).toEqual([]);
    // The reason the codec searches: the obvious encoding is not exact on this data.
    expect(naiveMismatches).toBeGreaterThan(0);
  });

  it('round-trips a curve built from zero rates', () => {
    const reference = parseDay('2024-02-29')!;
    const curve = PiecewiseLogLinearCurve.fromZeroRates(reference, [reference + 30, reference + 400, reference + 3650], [0.051, 0.047, 0.0433]);
    expectSameCurve(curveCodec.decode(curveCodec.encode(curve)), curve);
  });

  it('refuses truncated and corrupted bytes and bytes of another codec with a CodecError', () => {
    const market = loadMarketData(MARKET, '2023-12-29');
    const bytes = curveCodec.encode(market.curve);
    expect(() => curveCodec.decode(bytes.subarray(0, bytes.length - 8))).toThrow(/codec "tenure\.piecewise-log-linear-curve": cannot decode: truncated/);
    const corrupted = bytes.slice();
    corrupted[bytes.length - 20]! ^= 0x40;
    expect(() => curveCodec.decode(corrupted)).toThrow(CodecError);
    expect(() => curveCodec.decode(corrupted)).toThrow(/corrupted/);
    expect(() => curveCodec.decode(marketDataCodec.encode(market))).toThrow(/written by codec "tenure\.market-data"/);
  });
});
