/**
 * Reads a CSV file of bars into a BarSeries. One reader covers the layouts in shared/data/market:
 * `timestamp,open,high,low,close,volume`, `,Open,High,Low,Close,Volume` (unnamed first column is
 * the time), `Date,Open,High,Low,Close,Adj Close,Volume` and backtrader's `…,OpenInterest`.
 * Columns are found by name (any case, extra columns ignored), so column order does not matter.
 *
 * Every row is checked, because a backtest on bad bars gives wrong results without failing:
 * prices and volume must be non-negative numbers, low ≤ open, close ≤ high, and timestamps
 * strictly ascending. Each problem is a BarDataError naming the file, line and column. (All the
 * shared files satisfy these rules, so a file that breaks one is far more likely damaged than
 * a quirk of a data vendor.)
 *
 * The file is scanned as bytes, fields are never sliced into strings, and plain decimals
 * are converted without Number() (see parseDecimal): the 45,031-row BTC file reads in ~10–20 ms.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { BarDataError } from './bar-data-error.js';
import { BarSeries } from './bar-series.js';
import { parseTimestampBytes } from './parse-timestamp.js';

export interface ReadBarsOptions {
  /** The series' asset name; default: the file name without its extension. */
  readonly asset?: string;
  /** Put the series in a SharedArrayBuffer, for worker threads to read without copying. */
  readonly shared?: boolean;
  /** Keep bars at or after this time (epoch ms, inclusive). */
  readonly from?: number;
  /** Keep bars before this time (epoch ms, exclusive). */
  readonly to?: number;
}

/** Header names that hold the bar's time, in order of preference; an unnamed first column also does. */
const TIME_COLUMN_NAMES = ['timestamp', 'datetime', 'date', 'time'] as const;
const PRICE_COLUMN_NAMES = ['open', 'high', 'low', 'close', 'volume'] as const;

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const NEWLINE = 10;
const COMMA = 44;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const MINUS = 45;
const POINT = 46;

/** Exact powers of ten: every one up to 1e22 is a double without rounding. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Reads and checks the bars of a CSV file; see the module comment for formats and rules. */
export function readBars(file: string, options: ReadBarsOptions = {}): BarSeries {
  let text: Uint8Array;
  try {
    text = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read the file (${(error as Error).message})`;
    throw new BarDataError(file, undefined, undefined, reason, { cause: error });
  }
  return parseBars(text, file, { ...options, asset: options.asset ?? basename(file, extname(file)) });
}

/**
 * Parses CSV bars, given as text or as its UTF-8 bytes; `source` names it in errors (and is the
 * default asset name). The parser reads bytes: a Uint8Array is about twice as fast to scan as a
 * string's charCodeAt, and every delimiter is ASCII, so UTF-8 text needs no decoding.
 */
export function parseBars(input: string | Uint8Array, source: string, options: ReadBarsOptions = {}): BarSeries {
  const text = typeof input === 'string' ? ENCODER.encode(input) : input;
  const asset = options.asset ?? source;
  const from = options.from ?? Number.NEGATIVE_INFINITY;
  const to = options.to ?? Number.POSITIVE_INFINITY;
  const length = text.length;
  let position = text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf ? 3 : 0;

  const headerEnd = lineEnd(text, position);
  const header = DECODER.decode(text.subarray(position, trimCarriageReturn(text, position, headerEnd)));
  if (header.trim() === '') throw new BarDataError(source, 1, undefined, 'the file is empty: expected a header such as "timestamp,open,high,low,close,volume"');
  const { time: timeColumn, open: openColumn, high: highColumn, low: lowColumn, close: closeColumn, volume: volumeColumn, last: lastColumn, names } = findColumns(header, source);
  position = headerEnd + 1;

  // An upper bound on the rows (one per newline), so the columns are allocated once.
  let capacity = 1;
  for (let at = text.indexOf(NEWLINE, position); at !== -1; at = text.indexOf(NEWLINE, at + 1)) capacity++;
  const times = new Float64Array(capacity);
  const opens = new Float64Array(capacity);
  const highs = new Float64Array(capacity);
  const lows = new Float64Array(capacity);
  const closes = new Float64Array(capacity);
  const volumes = new Float64Array(capacity);
  const fieldStart = new Int32Array(lastColumn + 1);
  const fieldEnd = new Int32Array(lastColumn + 1);

  let line = 1;
  let rows = 0;
  let kept = 0;
  let firstTime = Number.NaN;
  let previousTime = Number.NEGATIVE_INFINITY;
  let previousLine = 0;
  let previousTimeStart = 0;
  let previousTimeEnd = 0;

  const fail = (column: number | undefined, detail: string): BarDataError =>
    new BarDataError(source, line, column === undefined ? undefined : names[column], detail);
  // Called only when a price is not a non-negative number: builds the message off the hot path.
  const badNumber = (column: number): BarDataError => {
    const start = fieldStart[column]!;
    const end = fieldEnd[column]!;
    if (start === end) return fail(column, 'the value is empty');
    const value = parseDecimal(text, start, end);
    return fail(column, Number.isNaN(value) ? `"${decode(text, start, end)}" is not a number` : `${decode(text, start, end)} is negative`);
  };

  while (position < length) {
    line++;
    const end = lineEnd(text, position);
    const contentEnd = trimCarriageReturn(text, position, end);
    if (isBlank(text, position, contentEnd)) {
      position = end + 1;
      continue;
    }

    // Split only as far as the last column needed; later columns are never looked at.
    let count = 0;
    let start = position;
    for (let at = position; count <= lastColumn; at++) {
      if (at === contentEnd || text[at]! === COMMA) {
        let fieldFrom = start;
        let fieldTo = at;
        while (fieldFrom < fieldTo && isPadding(text[fieldFrom]!)) fieldFrom++;
        while (fieldTo > fieldFrom && isPadding(text[fieldTo - 1]!)) fieldTo--;
        fieldStart[count] = fieldFrom;
        fieldEnd[count] = fieldTo;
        count++;
        start = at + 1;
        if (at === contentEnd) break;
      }
    }
    if (count <= lastColumn) throw fail(undefined, `expected at least ${lastColumn + 1} columns (up to "${names[lastColumn]}"), found ${count}`);

    const timeStart = fieldStart[timeColumn]!;
    const timeEnd = fieldEnd[timeColumn]!;
    const time = parseTimestampBytes(text, timeStart, timeEnd);
    if (Number.isNaN(time)) {
      throw fail(timeColumn, `"${decode(text, timeStart, timeEnd)}" is not a timestamp (expected UTC YYYY-MM-DD, optionally with HH:MM[:SS[.fff]], or epoch seconds or milliseconds)`);
    }
    if (time <= previousTime) {
      const current = `"${decode(text, timeStart, timeEnd)}" (${new Date(time).toISOString()})`;
      const previous = `"${decode(text, previousTimeStart, previousTimeEnd)}" (${new Date(previousTime).toISOString()})`;
      throw fail(
        timeColumn,
        time === previousTime
          ? `timestamp ${current} repeats line ${previousLine}'s ${previous}; each bar needs its own time`
          : `timestamp ${current} is before line ${previousLine}'s ${previous}; bars must be in ascending time order`,
      );
    }
    previousTime = time;
    previousLine = line;
    previousTimeStart = timeStart;
    previousTimeEnd = timeEnd;

    // `!(x >= 0)` is true for NaN too: one test per field on the hot path.
    const open = parseDecimal(text, fieldStart[openColumn]!, fieldEnd[openColumn]!);
    if (!(open >= 0)) throw badNumber(openColumn);
    const high = parseDecimal(text, fieldStart[highColumn]!, fieldEnd[highColumn]!);
    if (!(high >= 0)) throw badNumber(highColumn);
    const low = parseDecimal(text, fieldStart[lowColumn]!, fieldEnd[lowColumn]!);
    if (!(low >= 0)) throw badNumber(lowColumn);
    const close = parseDecimal(text, fieldStart[closeColumn]!, fieldEnd[closeColumn]!);
    if (!(close >= 0)) throw badNumber(closeColumn);
    const volume = parseDecimal(text, fieldStart[volumeColumn]!, fieldEnd[volumeColumn]!);
    if (!(volume >= 0)) throw badNumber(volumeColumn);
    if (high < low) throw fail(highColumn, `high ${high} is below low ${low}`);
    if (open < low || open > high) throw fail(openColumn, `open ${open} is outside the bar's range [low ${low}, high ${high}]`);
    if (close < low || close > high) throw fail(closeColumn, `close ${close} is outside the bar's range [low ${low}, high ${high}]`);

    if (rows === 0) firstTime = time;
    rows++;
    if (time >= from && time < to) {
      times[kept] = time;
      opens[kept] = open;
      highs[kept] = high;
      lows[kept] = low;
      closes[kept] = close;
      volumes[kept] = volume;
      kept++;
    }
    position = end + 1;
  }

  if (rows === 0) throw new BarDataError(source, 2, undefined, 'no bars: the file has a header but no data rows');
  if (kept === 0) {
    throw new BarDataError(
      source,
      undefined,
      undefined,
      `no bars from ${describeTime(from)} to ${describeTime(to)}; the file covers ${describeTime(firstTime)} to ${describeTime(previousTime)}`,
    );
  }

  const series = BarSeries.allocate(asset, kept, options.shared === true);
  series.time.set(times.subarray(0, kept));
  series.open.set(opens.subarray(0, kept));
  series.high.set(highs.subarray(0, kept));
  series.low.set(lows.subarray(0, kept));
  series.close.set(closes.subarray(0, kept));
  series.volume.set(volumes.subarray(0, kept));
  return series;
}

interface ColumnIndexes {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** The rightmost column needed: a row is split only this far. */
  readonly last: number;
  /** Header names as written (unquoted, trimmed), for messages. */
  readonly names: readonly string[];
}

function findColumns(header: string, source: string): ColumnIndexes {
  const names = header.split(',').map((name) => unquote(name.trim()));
  const keys = names.map((name) => name.toLowerCase());
  const indexOf = (key: string): number => keys.indexOf(key);

  let time = -1;
  for (const name of TIME_COLUMN_NAMES) {
    time = indexOf(name);
    if (time >= 0) break;
  }
  if (time < 0 && keys[0] === '') time = 0;
  const [open, high, low, close, volume] = PRICE_COLUMN_NAMES.map(indexOf) as [number, number, number, number, number];

  const missing = [
    ...(time < 0 ? ['"timestamp" (or date, datetime, time, or an unnamed first column)'] : []),
    ...PRICE_COLUMN_NAMES.filter((name) => indexOf(name) < 0).map((name) => `"${name}"`),
  ];
  if (missing.length > 0) {
    throw new BarDataError(source, 1, undefined, `missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; the header has: ${names.map((name) => (name === '' ? '(unnamed)' : name)).join(', ')}`);
  }
  return { time, open, high, low, close, volume, last: Math.max(time, open, high, low, close, volume), names };
}

function unquote(name: string): string {
  return name.length >= 2 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).trim() : name;
}

function describeTime(time: number): string {
  if (time === Number.NEGATIVE_INFINITY) return 'the beginning';
  if (time === Number.POSITIVE_INFINITY) return 'the end';
  return new Date(time).toISOString();
}

function lineEnd(text: Uint8Array, from: number): number {
  const end = text.indexOf(NEWLINE, from);
  return end === -1 ? text.length : end;
}

function trimCarriageReturn(text: Uint8Array, start: number, end: number): number {
  return end > start && text[end - 1]! === CARRIAGE_RETURN ? end - 1 : end;
}

function isBlank(text: Uint8Array, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const code = text[at]!;
    if (code !== SPACE && code !== TAB) return false;
  }
  return true;
}

/** Spaces and the quotes some exporters put around every field. */
function isPadding(code: number): boolean {
  return code === SPACE || code === TAB || code === QUOTE;
}

/**
 * The number in `text[start, end)`, or NaN. Plain decimals ("46319.0", "1.07219") are read digit
 * by digit: with at most 15–16 significant digits the digits form an exact integer, and dividing
 * it by an exact power of ten is one correctly rounded operation, so the result is bit for bit
 * what Number() gives. Anything else (exponents, very long digit strings) goes through Number().
 */
function parseDecimal(text: Uint8Array, start: number, end: number): number {
  if (start === end) return Number.NaN;
  let at = start;
  const negative = text[at]! === MINUS;
  if (negative) at++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (; at < end; at++) {
    const code = text[at]!;
    const digit = code - 48;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      if (fractionDigits >= 0) fractionDigits++;
    } else if (code === POINT && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return parseGeneralNumber(text, start, end);
    }
  }
  if (digits === 0 || mantissa > Number.MAX_SAFE_INTEGER || fractionDigits >= POWERS_OF_TEN.length) return parseGeneralNumber(text, start, end);
  const value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits]! : mantissa;
  return negative ? -value : value;
}

function parseGeneralNumber(text: Uint8Array, start: number, end: number): number {
  const value = Number(decode(text, start, end));
  return Number.isFinite(value) ? value : Number.NaN;
}

/** The bytes `text[start, end)` as a string, for messages and the rare general number. */
function decode(text: Uint8Array, start: number, end: number): string {
  return DECODER.decode(text.subarray(start, end));
}
