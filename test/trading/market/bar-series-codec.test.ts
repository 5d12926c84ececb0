import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../src/cache/index.js';
import { BarSeries } from '../../../src/trading/market/bar-series.js';
import { barSeriesCodec, createBarSeriesCodec } from '../../../src/trading/market/bar-series-codec.js';
import { readBars } from '../../../src/trading/market/read-bars.js';

const GOOG = resolve(import.meta.dirname, '../../../../shared/data/market/GOOG-daily-2004-2013.csv');

function columnBytes(series: BarSeries): Uint8Array {
  return new Uint8Array(series.buffer, 0, series.length * 6 * 8);
}

describe('bar series codec', () => {
  it('round-trips a real series bit for bit into a shared buffer', () => {
    const series = readBars(GOOG);
    expect(series.length).toBeGreaterThan(2000);
    const decoded = barSeriesCodec.decode(barSeriesCodec.encode(series));
    expect(decoded.asset).toBe(series.asset);
    expect(decoded.length).toBe(series.length);
    expect(columnBytes(decoded)).toEqual(columnBytes(series));
    expect(decoded.bar(1234)).toEqual(series.bar(1234));
    expect(decoded.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(createBarSeriesCodec({ shared: false }).decode(barSeriesCodec.encode(series)).buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('round-trips an empty series', () => {
    const decoded = barSeriesCodec.decode(barSeriesCodec.encode(BarSeries.fromBars('NONE', [])));
    expect(decoded.length).toBe(0);
    expect(decoded.asset).toBe('NONE');
  });

  it('refuses truncated and corrupted bytes with a CodecError', () => {
    const bytes = barSeriesCodec.encode(BarSeries.fromBars('X', [{ time: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }]));
    expect(() => barSeriesCodec.decode(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated/);
    const corrupted = bytes.slice();
    corrupted[bytes.length - 9]! ^= 0x02;
    expect(() => barSeriesCodec.decode(corrupted)).toThrow(CodecError);
  });
});
