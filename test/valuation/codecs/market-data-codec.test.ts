import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../src/cache/index.js';
import { marketDataCodec } from '../../../src/valuation/codecs/market-data-codec.js';
import { loadMarketData } from '../../../src/valuation/market/market-data.js';

const MARKET = resolve(import.meta.dirname, '../../../examples/market/ust-par-yields-2023.csv');

describe('market data codec', () => {
  it('round-trips MarketData exactly: fields deep-equal, rates and the curve bit for bit, frozen as loaded', () => {
    const market = loadMarketData(MARKET, '2023-12-29');
    const decoded = marketDataCodec.decode(marketDataCodec.encode(market));
    expect(decoded.effectiveDate).toBe(market.effectiveDate);
    expect(decoded.sourceHash).toBe(market.sourceHash);
    expect(decoded.sourceFile).toBe(market.sourceFile);
    // toEqual compares numbers with Object.is: the same doubles, not merely close ones.
    expect(decoded.parYields).toEqual(market.parYields);
    expect(decoded.curve.pillarDays()).toEqual(market.curve.pillarDays());
    for (let day = market.effectiveDate; day <= market.effectiveDate + 30 * 366; day++) {
      if (!Object.is(decoded.curve.discount(day), market.curve.discount(day))) expect.fail(`discount(${day}) differs`);
    }
    expect(Object.isFrozen(decoded)).toBe(true);
    expect(Object.isFrozen(decoded.parYields)).toBe(true);
  });

  it('refuses truncated, corrupted and inconsistent bytes with a CodecError', () => {
    const market = loadMarketData(MARKET, '2023-12-29');
    const bytes = marketDataCodec.encode(market);
    for (const length of [0, 5, 30, bytes.length - 1]) {
      expect(() => marketDataCodec.decode(bytes.subarray(0, length))).toThrow(CodecError);
    }
    const corrupted = bytes.slice();
    corrupted[bytes.length - 100]! ^= 0x01;
    expect(() => marketDataCodec.decode(corrupted)).toThrow(/corrupted/);

    const otherDay = loadMarketData(MARKET, '2023-12-28');
    const mismatched = marketDataCodec.encode({ ...market, curve: otherDay.curve });
    expect(() => marketDataCodec.decode(mismatched)).toThrow(/the curve's reference date \d+ is not the effective date \d+/);
  });
});
