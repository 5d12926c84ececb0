import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, parseTimestamp } from '../../../src/trading/market/parse-timestamp.js';

// Years 1 to 9999: the range ISO strings of Date write with four digits.
const anyTime = fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });

/** `time` rounded down to a whole `unit` (also before 1970, where % is negative). */
function floorTo(time: number, unit: number): number {
  return time - (((time % unit) + unit) % unit);
}

describe('parseTimestamp', () => {
  it('agrees with Date for every instant, written the ways data files write it (property)', () => {
    fc.assert(
      fc.property(anyTime, (time) => {
        const iso = new Date(time).toISOString(); // 2022-01-01T10:03:04.567Z
        const [date, clock] = [iso.slice(0, 10), iso.slice(11, 23)];
        expect(parseTimestamp(iso)).toBe(time);
        expect(parseTimestamp(`${date} ${clock}000`)).toBe(time); // microseconds, as BTC-PERP writes
        expect(parseTimestamp(`${date}T${clock.slice(0, 8)}`)).toBe(floorTo(time, 1000));
        expect(parseTimestamp(`${date} ${clock.slice(0, 5)}`)).toBe(floorTo(time, 60_000));
        expect(parseTimestamp(date)).toBe(floorTo(time, 86_400_000));
      }),
    );
  });

  it('counts days like Date for every calendar day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 2_000_000 }), (day) => {
        const date = new Date(day * 86_400_000);
        expect(daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(day);
      }),
    );
  });

  it('applies written offsets and reads epoch seconds and milliseconds', () => {
    expect(parseTimestamp('2022-06-30T23:30:00-02:30')).toBe(Date.UTC(2022, 6, 1, 2, 0));
    expect(parseTimestamp('2022-06-30 23:30+0100')).toBe(Date.UTC(2022, 5, 30, 22, 30));
    expect(parseTimestamp('1656633600')).toBe(Date.UTC(2022, 6, 1));
    expect(parseTimestamp('1656633600.5')).toBe(Date.UTC(2022, 6, 1) + 500);
    expect(parseTimestamp('1656633600000')).toBe(Date.UTC(2022, 6, 1));
    expect(parseTimestamp(' 2022/07/01 ')).toBe(Date.UTC(2022, 6, 1));
    expect(parseTimestamp('20220701')).toBe(Date.UTC(2022, 6, 1));
  });

  it('rejects what is not a timestamp, or an impossible one', () => {
    for (const text of ['', ' ', 'x', '2022-7-1', '2022-07-01x', '2022-07/01', '2022-02-29', '1900-02-29', '2022-04-31', '2022-00-10', '2022-07-01 7:00', '2022-07-01 07:00:5', '2022-07-01T07:00Z0', '2022-07-01T07:00+25:00', '1.2.3', '20221301']) {
      expect(parseTimestamp(text), text).toBeNaN();
    }
    expect(parseTimestamp('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
  });
});
