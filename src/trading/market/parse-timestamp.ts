/**
 * UTC timestamps of market data files, parsed by hand into epoch milliseconds. Date.parse is
 * slow per row and lenient in ways that hide bad data (it reads "2022-02-30" as March 2); this
 * reads digits at fixed places, checks every range, and does the calendar with integers.
 *
 * Accepted (all UTC unless an offset is written):
 * - `YYYY-MM-DD` or `YYYY/MM/DD`, alone or followed by ` ` or `T` and `HH:MM[:SS[.fraction]]`,
 *   then optionally `Z` or an offset `±HH[:MM]`; fractions below a millisecond are truncated;
 * - `YYYYMMDD` (eight digits, the compact date some exporters write);
 * - epoch numbers: below 1e11 they are seconds (1e11 seconds is the year 5138), else milliseconds.
 */

import { daysFromCivil } from '../../valuation/dates/day.js';
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Epoch values below this are seconds; at or above, milliseconds (1e11 ms is March 1973). */
const EPOCH_SECONDS_BELOW = 1e11;

/** Days from 1970-01-01 to y-m-d: the valuation calendar's exact integer algorithm, shared. */
export { daysFromCivil };

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The `count` digits at `at` as a number, or -1 if any of them is not a digit. */
function digitsAt(text: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    // Negated so that a read past the end (undefined - 48 is NaN) is not a digit either.
    const digit = text[i]! - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Epoch ms of a calendar date and time of day, or NaN if any part is out of range. */
function civilToEpochMs(year: number, month: number, day: number, msOfDay: number): number {
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day) * MS_PER_DAY + msOfDay;
}

/** Epoch seconds or milliseconds written as a plain number (digits, at most one point). */
function parseEpoch(text: Uint8Array, start: number, end: number): number {
  let points = 0;
  for (let i = start; i < end; i++) {
    const code = text[i]!;
    if (code === 46) points++;
    else if (!isDigit(code)) return Number.NaN;
  }
  if (points > 1 || end - start === points) return Number.NaN;
  const value = Number(DECODER.decode(text.subarray(start, end)));
  return value < EPOCH_SECONDS_BELOW ? Math.round(value * 1000) : Math.floor(value);
}

/** Epoch milliseconds (UTC) of a timestamp string, or NaN (see parseTimestampBytes). */
export function parseTimestamp(text: string): number {
  return parseTimestampBytes(ENCODER.encode(text), 0);
}

/**
 * Epoch milliseconds (UTC) of the timestamp in the bytes `text[start, end)` (ASCII), or NaN if
 * it is not one of the accepted forms or names an impossible date or time. Surrounding spaces
 * are ignored. Bytes, not a string: reading a Uint8Array is about twice as fast as charCodeAt.
 */
export function parseTimestampBytes(text: Uint8Array, start: number, end = text.length): number {
  while (start < end && text[start]! === 32) start++;
  while (end > start && text[end - 1]! === 32) end--;
  const length = end - start;
  if (length === 0) return Number.NaN;

  const separator = length >= 10 ? text[start + 4]! : 0;
  if (separator !== 45 && separator !== 47) {
    if (length === 8) {
      const compact = digitsAt(text, start, 8);
      if (compact >= 0) return civilToEpochMs(Math.floor(compact / 10_000), Math.floor(compact / 100) % 100, compact % 100, 0);
    }
    return parseEpoch(text, start, end);
  }

  const year = digitsAt(text, start, 4);
  const month = digitsAt(text, start + 5, 2);
  const day = digitsAt(text, start + 8, 2);
  if (year < 0 || month < 0 || day < 0 || text[start + 7]! !== separator) return Number.NaN;
  if (length === 10) return civilToEpochMs(year, month, day, 0);

  // Time of day: the separator, HH:MM, then optional :SS, .fraction, and zone.
  let at = start + 10;
  const timeSeparator = text[at]!;
  if (timeSeparator !== 32 && timeSeparator !== 84 /* T */) return Number.NaN;
  at++;
  if (end - at < 5 || text[at + 2]! !== 58) return Number.NaN;
  const hour = digitsAt(text, at, 2);
  const minute = digitsAt(text, at + 3, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
  at += 5;
  let second = 0;
  let millisecond = 0;
  if (at < end && text[at]! === 58) {
    second = end - at >= 3 ? digitsAt(text, at + 1, 2) : -1;
    if (second < 0 || second > 59) return Number.NaN;
    at += 3;
    if (at < end && text[at]! === 46) {
      at++;
      const fractionStart = at;
      let scale = 100;
      while (at < end && isDigit(text[at]!)) {
        millisecond += (text[at]! - 48) * scale;
        scale /= 10;
        at++;
      }
      if (at === fractionStart) return Number.NaN;
      millisecond = Math.floor(millisecond);
    }
  }

  let offsetMs = 0;
  if (at < end) {
    const zone = text[at]!;
    if (zone === 90 /* Z */ && at + 1 === end) {
      at++;
    } else if (zone === 43 || zone === 45) {
      const sign = zone === 43 ? 1 : -1;
      const offsetHours = end - at >= 3 ? digitsAt(text, at + 1, 2) : -1;
      at += 3;
      let offsetMinutes = 0;
      if (at < end && text[at]! === 58) at++;
      if (at < end) {
        offsetMinutes = end - at === 2 ? digitsAt(text, at, 2) : -1;
        at += 2;
      }
      if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return Number.NaN;
      offsetMs = sign * (offsetHours * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE);
    }
    if (at !== end) return Number.NaN;
  }

  return civilToEpochMs(year, month, day, hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + millisecond) - offsetMs;
}
