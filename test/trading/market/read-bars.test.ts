import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarDataError } from '../../../src/trading/market/bar-data-error.js';
import { parseBars, readBars } from '../../../src/trading/market/read-bars.js';

const MARKET = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/market');
const TEMP = mkdtempSync(join(tmpdir(), 'tenure-bars-'));
let tempFiles = 0;

function tempFile(text: string, name = `bars-${++tempFiles}.csv`): string {
  const path = join(TEMP, name);
  writeFileSync(path, text);
  return path;
}

/** The error readBars throws for `text`, checked to be a BarDataError. */
function barError(text: string): BarDataError {
  const path = tempFile(text);
  try {
    readBars(path);
  } catch (error) {
    expect(error).toBeInstanceOf(BarDataError);
    const barDataError = error as BarDataError;
    expect(barDataError.code).toBe('BAD_MARKET_DATA');
    expect(barDataError.file).toBe(path);
    expect(barDataError.message.startsWith(`${path}:`)).toBe(true);
    return barDataError;
  }
  throw new Error(`expected ${path} to be rejected`);
}

/**
 * An independent, slow reading of a bar file (split, Date.parse, Number), to compare every row
 * the fast reader produces against.
 */
function referenceRows(file: string, timeColumn: number, priceColumns: readonly number[]): number[][] {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const fields = line.split(',');
    const time = fields[timeColumn]!;
    const iso = time.length === 10 ? `${time}T00:00:00Z` : `${time.replace(' ', 'T')}Z`;
    return [Date.parse(iso), ...priceColumns.map((column) => Number(fields[column]))];
  });
}

const SHARED_FILES = [
  // file, rows (from shared/data/README.md), time column, open..volume columns, first open, last close
  { name: 'BTC-PERP-1m-2022-01.csv', rows: 45_031, time: 0, prices: [1, 2, 3, 4, 5], first: ['2021-12-31T23:01:00.000Z', 46319], last: ['2022-02-01T05:31:00.000Z', 38544] },
  { name: 'GOOG-daily-2004-2013.csv', rows: 2_148, time: 0, prices: [1, 2, 3, 4, 5], first: ['2004-08-19T00:00:00.000Z', 100], last: ['2013-03-01T00:00:00.000Z', 806.19] },
  { name: 'ORCL-daily-1995-2014.csv', rows: 5_036, time: 0, prices: [1, 2, 3, 4, 6], first: ['1995-01-03T00:00:00.000Z', 2.179012], last: ['2014-12-31T00:00:00.000Z', 44.970001] },
  { name: 'backtrader-2006-day-001.csv', rows: 255, time: 0, prices: [1, 2, 3, 4, 5], first: ['2006-01-02T00:00:00.000Z', 3578.73], last: ['2006-12-29T00:00:00.000Z', 4119.94] },
  { name: 'EURUSD-h1.csv', rows: 5_000, time: 0, prices: [1, 2, 3, 4, 5], first: ['2017-04-19T09:00:00.000Z', 1.0716], last: ['2018-02-07T15:00:00.000Z', 1.22904] },
] as const;

describe('readBars on the shared market data', () => {
  for (const spec of SHARED_FILES) {
    it(`reads ${spec.name}: every row, equal to a slow reference reading`, () => {
      const file = join(MARKET, spec.name);
      const series = readBars(file);
      expect(series.asset).toBe(spec.name.replace(/\.csv$/, ''));
      expect(series.length).toBe(spec.rows);
      expect(new Date(series.time[0]!).toISOString()).toBe(spec.first[0]);
      expect(series.open[0]).toBe(spec.first[1]);
      expect(new Date(series.time[series.length - 1]!).toISOString()).toBe(spec.last[0]);
      expect(series.close[series.length - 1]).toBe(spec.last[1]);

      const reference = referenceRows(file, spec.time, spec.prices);
      expect(reference).toHaveLength(series.length);
      const columns = [series.time, series.open, series.high, series.low, series.close, series.volume];
      // Collect mismatches rather than one expect per value: 270,000 expects would take seconds.
      const mismatches = reference.flatMap((row, i) => row.flatMap((value, field) => (columns[field]![i] === value ? [] : [{ line: i + 2, field, value, read: columns[field]![i] }])));
      expect(mismatches).toEqual([]);
    });
  }

  it('ORCL keeps Close, not Adj Close, and ignores the extra column', () => {
    const series = readBars(join(MARKET, 'ORCL-daily-1995-2014.csv'));
    expect(series.close[0]).toBe(2.117284); // Adj Close of that row is 1.883304
    expect(series.volume[0]).toBe(36_301_200);
  });

  it('takes an asset name, a date range (from inclusive, to exclusive) and shared memory', () => {
    const file = join(MARKET, 'BTC-PERP-1m-2022-01.csv');
    const from = Date.UTC(2022, 0, 10);
    const to = Date.UTC(2022, 0, 11);
    const series = readBars(file, { asset: 'BTC-PERP', from, to, shared: true });
    expect(series.asset).toBe('BTC-PERP');
    expect(series.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(series.time[0]).toBe(from);
    expect(series.time[series.length - 1]).toBe(to - 60_000);
    const all = readBars(file);
    const start = all.lowerBound(from);
    expect(series.length).toBe(all.lowerBound(to) - start);
    expect(series.bar(5)).toEqual(all.bar(start + 5));
  });

  it('rejects a date range with no bars, naming what the file covers', () => {
    const file = join(MARKET, 'backtrader-2006-day-001.csv');
    expect(() => readBars(file, { from: Date.UTC(2010, 0, 1) })).toThrow(
      `${file}: no bars from 2010-01-01T00:00:00.000Z to the end; the file covers 2006-01-02T00:00:00.000Z to 2006-12-29T00:00:00.000Z`,
    );
  });
});

describe('readBars formats', () => {
  it('accepts any header case, column order, quotes, CRLF, a BOM, blank lines and extra columns', () => {
    const text = '\uFEFF"Volume","CLOSE","Low","High","Open","Note","Timestamp"\r\n10,2,1,3,2.5,x,"2024-03-01T10:00:00Z"\r\n\r\n 20 , 3 , 2 , 4 , 3 ,y, 2024-03-01 10:01 \r\n';
    const series = readBars(tempFile(text));
    expect(series.length).toBe(2);
    expect(series.bar(0)).toEqual({ time: Date.UTC(2024, 2, 1, 10, 0), open: 2.5, high: 3, low: 1, close: 2, volume: 10 });
    expect(series.bar(1)).toEqual({ time: Date.UTC(2024, 2, 1, 10, 1), open: 3, high: 4, low: 2, close: 3, volume: 20 });
  });

  it('reads timestamps as epoch seconds, epoch milliseconds, compact dates and ISO with offsets', () => {
    const base = Date.UTC(2022, 0, 1);
    const rows = [`${base / 1000}`, `${base + 60_000}`, '2022-01-01T00:02:00.250Z', '2022-01-01T01:03:00+01:00', '20220102'];
    const series = parseBars(`time,open,high,low,close,volume\n${rows.map((time) => `${time},1,1,1,1,0`).join('\n')}`, 'inline');
    expect(Array.from(series.time)).toEqual([base, base + 60_000, base + 120_250, base + 180_000, Date.UTC(2022, 0, 2)]);
  });

  it('reads any plain decimal exactly as Number() does (property)', () => {
    const decimal = fc
      .tuple(fc.nat({ max: 99_999_999 }), fc.integer({ min: 0, max: 12 }), fc.boolean())
      .map(([digits, point, trailingZero]) => {
        const text = String(digits).padStart(point + 1, '0');
        const withPoint = point === 0 ? text : `${text.slice(0, -point)}.${text.slice(-point)}`;
        return trailingZero && point > 0 ? `${withPoint}0` : withPoint;
      });
    fc.assert(
      fc.property(fc.array(decimal, { minLength: 1, maxLength: 20, size: 'max' }), (values) => {
        const csv = `date,open,high,low,close,volume\n${values.map((v, i) => `${1_700_000_000 + i},0,${v},0,0,${v}`).join('\n')}`;
        const series = parseBars(csv, 'generated');
        values.forEach((v, i) => {
          expect(series.high[i]).toBe(Number(v));
          expect(series.volume[i]).toBe(Number(v));
        });
      }),
    );
  });

  it('falls back to Number() for exponents and very long digit strings', () => {
    const series = parseBars('date,open,high,low,close,volume\n2020-01-01,1e2,123456789012345678901,0.5,100,1.5E-3\n', 'inline');
    expect(series.bar(0)).toEqual({ time: Date.UTC(2020, 0, 1), open: 100, high: Number('123456789012345678901'), low: 0.5, close: 100, volume: 0.0015 });
  });
});

describe('readBars errors name the file, line and column', () => {
  it('missing columns: which are missing and what the header has (line 1)', () => {
    const error = barError('Date,Open,Close,Adj Close\n2020-01-01,1,1,1\n');
    expect(error.line).toBe(1);
    expect(error.message).toBe(`${error.file}:1: missing columns "high", "low", "volume"; the header has: Date, Open, Close, Adj Close`);
  });

  it('no time column', () => {
    const error = barError('open,high,low,close,volume\n1,1,1,1,1\n');
    expect(error.message).toContain('missing column "timestamp" (or date, datetime, time, or an unnamed first column)');
  });

  it('a value that is not a number', () => {
    const error = barError('timestamp,open,high,low,close,volume\n2020-01-01,1,2,1,2,5\n2020-01-02,1,2,1,abc,5\n');
    expect([error.line, error.column]).toEqual([3, 'close']);
    expect(error.message).toBe(`${error.file}:3: column "close": "abc" is not a number`);
  });

  it('an empty value and a negative value', () => {
    expect(barError('timestamp,open,high,low,close,volume\n2020-01-01,1,2,1,2,\n').message).toContain(':2: column "volume": the value is empty');
    const negative = barError(',Open,High,Low,Close,Volume\n2020-01-01,1,2,1,2,-5\n');
    expect([negative.line, negative.column]).toEqual([2, 'Volume']);
    expect(negative.message).toContain('column "Volume": -5 is negative');
  });

  it('inconsistent bars: high below low, open or close outside [low, high]', () => {
    const header = 'timestamp,open,high,low,close,volume\n';
    const highLow = barError(`${header}2020-01-01,1,1,2,1,0\n`);
    expect([highLow.line, highLow.column]).toEqual([2, 'high']);
    expect(highLow.message).toContain('high 1 is below low 2');
    const open = barError(`${header}2020-01-01,1,2,1,2,0\n2020-01-02,3,2,1,2,0\n`);
    expect([open.line, open.column]).toEqual([3, 'open']);
    expect(open.message).toContain("open 3 is outside the bar's range [low 1, high 2]");
    const close = barError(`${header}2020-01-01,1,2,1,0.5,0\n`);
    expect(close.column).toBe('close');
  });

  it('unsorted timestamps: the line and both timestamps', () => {
    const error = barError('timestamp,open,high,low,close,volume\n2020-01-01 10:00,1,1,1,1,0\n2020-01-01 10:05,1,1,1,1,0\n2020-01-01 10:03,1,1,1,1,0\n');
    expect([error.line, error.column]).toEqual([4, 'timestamp']);
    expect(error.message).toBe(
      `${error.file}:4: column "timestamp": timestamp "2020-01-01 10:03" (2020-01-01T10:03:00.000Z) is before line 3's "2020-01-01 10:05" (2020-01-01T10:05:00.000Z); bars must be in ascending time order`,
    );
  });

  it('duplicate timestamps', () => {
    const error = barError(',Open,High,Low,Close,Volume\n2020-01-01,1,1,1,1,0\n2020-01-01,1,1,1,1,0\n');
    expect([error.line, error.column]).toEqual([3, '']);
    expect(error.message).toContain(':3: column 1 (unnamed): timestamp "2020-01-01" (2020-01-01T00:00:00.000Z) repeats line 2\'s "2020-01-01"');
  });

  it('unparseable and impossible timestamps', () => {
    for (const bad of ['yesterday', '2021-02-29', '2020-13-01', '2020-01-01 24:00', '2020-01-01 10:60', '2020-01-01T10:00:00.', '2020-01-01 10:00:00 UTC']) {
      const error = barError(`date,open,high,low,close,volume\n${bad},1,1,1,1,0\n`);
      expect([error.line, error.column]).toEqual([2, 'date']);
      expect(error.message).toContain(`column "date": "${bad}" is not a timestamp`);
    }
    expect(parseBars('date,open,high,low,close,volume\n2020-02-29,1,1,1,1,0\n', 'leap year').time[0]).toBe(Date.UTC(2020, 1, 29));
  });

  it('a row with too few columns', () => {
    const error = barError('timestamp,open,high,low,close,volume\n2020-01-01,1,1,1\n');
    expect(error.message).toContain(':2: expected at least 6 columns (up to "volume"), found 4');
  });

  it('an empty file, a header without rows, a missing file', () => {
    expect(barError('').message).toMatch(/:1: the file is empty/);
    const headerOnly = barError('timestamp,open,high,low,close,volume\n');
    expect(headerOnly.message).toContain(':2: no bars: the file has a header but no data rows');
    const missing = join(TEMP, 'no-such-file.csv');
    expect(() => readBars(missing)).toThrow(new BarDataError(missing, undefined, undefined, 'no such file'));
  });
});
