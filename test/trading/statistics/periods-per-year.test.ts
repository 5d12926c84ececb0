/**
 * The annualisation factor and calendar read from bar times: the shared market data files
 * (crypto minutes, FX hours, equity days) and synthetic calendars for the other conventions.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BarTimesError, guessMarketCalendar, inferPeriodsPerYear } from '../../../src/trading/statistics/periods-per-year.js';

const MARKET = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/market');
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The first column of a data file as epoch ms; dates and date-times are UTC. */
function barTimes(file: string): Float64Array {
  const lines = readFileSync(resolve(MARKET, file), 'utf8').trim().split('\n').slice(1);
  return new Float64Array(lines.map((line) => {
    const stamp = line.slice(0, line.indexOf(','));
    const iso = stamp.length === 10 ? `${stamp}T00:00:00Z` : `${stamp.slice(0, 19).replace(' ', 'T')}Z`;
    const millis = Date.parse(iso);
    if (Number.isNaN(millis)) throw new Error(`${file}: cannot read the time ${stamp}`);
    return millis;
  }));
}

/** Weekday bars from 2024-01-01 (a Monday): `perDay` bars an `interval` apart from 14:30 UTC each session. */
function weekdayBars(days: number, perDay: number, interval: number): Float64Array {
  const times: number[] = [];
  for (let d = 0; d < days; d++) {
    const day = Date.UTC(2024, 0, 1) + d * DAY;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let k = 0; k < perDay; k++) times.push(day + 14.5 * HOUR + k * interval);
  }
  return new Float64Array(times);
}

describe('guessMarketCalendar', () => {
  it('reads crypto and FX (weekend bars) as 24/7 and equities as trading days', () => {
    expect(guessMarketCalendar(barTimes('BTC-PERP-1m-2022-01.csv'))).toBe('24/7');
    expect(guessMarketCalendar(barTimes('EURUSD-h1.csv'))).toBe('24/7');
    expect(guessMarketCalendar(barTimes('GOOG-daily-2004-2013.csv'))).toBe('trading');
    expect(guessMarketCalendar(barTimes('ORCL-daily-1995-2014.csv'))).toBe('trading');
  });

  it('finds a single weekend bar, before 1970 too', () => {
    const friday = Date.UTC(2024, 0, 5, 20);
    expect(guessMarketCalendar(new Float64Array([friday, friday + HOUR]))).toBe('trading');
    expect(guessMarketCalendar(new Float64Array([friday, friday + 5 * HOUR]))).toBe('24/7');
    expect(guessMarketCalendar(new Float64Array([Date.UTC(1969, 11, 28, 12)]))).toBe('24/7'); // a Sunday
    expect(guessMarketCalendar(new Float64Array([Date.UTC(1969, 11, 29, 12)]))).toBe('trading'); // a Monday
  });
});

describe('inferPeriodsPerYear', () => {
  it('gives 365.25 days of bars on a 24/7 market', () => {
    expect(inferPeriodsPerYear(barTimes('BTC-PERP-1m-2022-01.csv'))).toBe(525_960);
    expect(inferPeriodsPerYear(barTimes('EURUSD-h1.csv'))).toBe(8766);
    expect(inferPeriodsPerYear(barTimes('GOOG-daily-2004-2013.csv'), '24/7')).toBe(365.25);
  });

  it('gives 252 sessions of 6.5 hours on a trading calendar', () => {
    expect(inferPeriodsPerYear(barTimes('GOOG-daily-2004-2013.csv'))).toBe(252);
    expect(inferPeriodsPerYear(barTimes('backtrader-2006-day-001.csv'), 'trading')).toBe(252);
    expect(inferPeriodsPerYear(weekdayBars(60, 7, HOUR))).toBe(252 * 6.5);
    expect(inferPeriodsPerYear(weekdayBars(20, 390, 60_000))).toBe(252 * 390);
    // Bars longer than a session but shorter than a day: one per session.
    expect(inferPeriodsPerYear(new Float64Array([0, 12 * HOUR, 24 * HOUR]), 'trading')).toBe(252);
  });

  it('uses the usual factors for weekly, monthly, quarterly and yearly bars', () => {
    const weekly = new Float64Array(Array.from({ length: 30 }, (_, i) => Date.UTC(2024, 0, 5) + i * 7 * DAY));
    const monthly = new Float64Array(Array.from({ length: 36 }, (_, i) => Date.UTC(2020, i, 1)));
    const quarterly = new Float64Array(Array.from({ length: 12 }, (_, i) => Date.UTC(2020, 3 * i, 1)));
    const yearly = new Float64Array(Array.from({ length: 6 }, (_, i) => Date.UTC(2018 + i, 0, 2)));
    expect(inferPeriodsPerYear(weekly, 'trading')).toBe(52);
    expect(inferPeriodsPerYear(monthly, 'trading')).toBe(12);
    expect(inferPeriodsPerYear(quarterly, 'trading')).toBe(4);
    expect(inferPeriodsPerYear(yearly, 'trading')).toBe(1);
    // 20-day bars match no convention: a year of days over the interval.
    expect(inferPeriodsPerYear(new Float64Array([0, 20 * DAY, 40 * DAY]), 'trading')).toBe(365.25 / 20);
  });

  it('takes the median interval, so gaps do not move it', () => {
    const times = new Float64Array([0, 60_000, 120_000, 180_000, 3 * DAY, 3 * DAY + 60_000]);
    expect(inferPeriodsPerYear(times, '24/7')).toBe(525_960);
  });

  it('refuses times that give no interval, saying why', () => {
    expect(() => inferPeriodsPerYear(new Float64Array([0]), '24/7')).toThrow(BarTimesError);
    expect(() => inferPeriodsPerYear(new Float64Array([0]), '24/7')).toThrow(/has 1 bar\(s\); at least 2 are needed/);
    expect(() => inferPeriodsPerYear(new Float64Array([0, 120_000, 60_000]), '24/7')).toThrow(/not in ascending order: bar 2 \(60000\) is before bar 1 \(120000\)/);
    expect(() => inferPeriodsPerYear(new Float64Array([5, 5, 5, 6]), '24/7')).toThrow(/median interval of 0 ms/);
    expect(() => inferPeriodsPerYear(new Float64Array([0, Number.NaN]), '24/7')).toThrow(BarTimesError);
  });
});
