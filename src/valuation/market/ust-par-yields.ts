import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ParYield } from '../curves/ust-bootstrap.js';
import { formatDay, parseDay, type Day } from '../dates/day.js';
import { MarketDataError } from './market-data-error.js';

/** The columns of the Treasury's daily par yield curve CSV, in order: rates in percent. */
export const UST_PAR_YIELD_HEADER: readonly string[] = [
  'Date', '1 Mo', '2 Mo', '3 Mo', '4 Mo', '6 Mo', '1 Yr', '2 Yr', '3 Yr', '5 Yr', '7 Yr', '10 Yr', '20 Yr', '30 Yr',
];

/** The par yields of one day, read from a Treasury par yield curve file. */
export interface UstParYieldQuote {
  readonly effectiveDate: Day;
  /** Ascending tenors; rates as decimals (4.79 in the file is 0.0479 here). */
  readonly parYields: readonly ParYield[];
  /** SHA-256 of the file's bytes, hex: names exactly which data a valuation used. */
  readonly sourceHash: string;
  readonly file: string;
  /** 1-based line of the row in the file. */
  readonly line: number;
}

const TENOR_LABEL = /^(\d+) (Mo|Yr)$/;
const DECIMAL_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Reads the par yields for `date` (a Day or YYYY-MM-DD) from a Treasury daily par yield curve
 * CSV (`Date,1 Mo,…,30 Yr`, percent, any row order). The header must be exactly the expected
 * one; every row's date must be a date; the requested row must have a number in every tenor.
 * Rows for other dates are not checked beyond their date, so one bad day does not block the
 * rest of the year. Reading is synchronous: market data is loaded once per run, before
 * valuation starts.
 */
export function loadUstParYields(file: string, date: Day | string): UstParYieldQuote {
  const wanted = requestedDay(file, date);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new MarketDataError(file, `cannot read par yield file ${file}: ${reason}`, { cause });
  }
  const sourceHash = createHash('sha256').update(bytes).digest('hex');
  const lines = bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);

  checkHeader(file, lines[0]);
  const tenorMonths = UST_PAR_YIELD_HEADER.slice(1).map(tenorLabelMonths);

  let found: { line: number; cells: string[] } | undefined;
  let before: Day | undefined;
  let after: Day | undefined;
  for (let index = 1; index < lines.length; index++) {
    const text = lines[index]!;
    if (text.trim() === '') continue;
    const line = index + 1;
    const cells = splitCells(text);
    const dateCell = cells[0] ?? '';
    const day = parseDay(dateCell);
    if (day === undefined) {
      throw new MarketDataError(file, `${file}:${line}, column 1 (Date): "${dateCell}" is not a YYYY-MM-DD date`);
    }
    if (day === wanted) {
      if (found !== undefined) {
        throw new MarketDataError(file, `${file}: ${formatDay(wanted)} appears twice, on lines ${found.line} and ${line}`);
      }
      found = { line, cells };
    } else if (day < wanted) {
      if (before === undefined || day > before) before = day;
    } else if (after === undefined || day < after) {
      after = day;
    }
  }

  if (found === undefined) {
    const nearest = [
      before === undefined ? 'no earlier date' : `${formatDay(before)} before`,
      after === undefined ? 'no later date' : `${formatDay(after)} after`,
    ].join(', ');
    throw new MarketDataError(file, `${file}: no par yields for ${formatDay(wanted)}; nearest dates in the file: ${nearest}`);
  }

  const { line, cells } = found;
  if (cells.length > UST_PAR_YIELD_HEADER.length) {
    throw new MarketDataError(file, `${file}:${line}: ${cells.length} columns, but the header has ${UST_PAR_YIELD_HEADER.length}`);
  }
  const parYields = tenorMonths.map((months, tenorIndex): ParYield => {
    const column = tenorIndex + 2;
    const where = `${file}:${line}, column ${column} (${UST_PAR_YIELD_HEADER[column - 1]!})`;
    const cell = cells[column - 1];
    if (cell === undefined) throw new MarketDataError(file, `${where}: rate missing (the line has ${cells.length} columns)`);
    if (cell === '') throw new MarketDataError(file, `${where}: rate is empty`);
    if (!DECIMAL_NUMBER.test(cell)) throw new MarketDataError(file, `${where}: rate "${cell}" is not a number`);
    // Shifting the decimal point in the text gives the nearest double to the decimal rate
    // ("5.6" → 0.056), where dividing by 100 would not (5.6 / 100 = 0.055999999999999994).
    return { tenorMonths: months, rate: Number(`${cell}e-2`) };
  });
  return Object.freeze({ effectiveDate: wanted, parYields: Object.freeze(parYields), sourceHash, file, line });
}

function requestedDay(file: string, date: Day | string): Day {
  if (typeof date === 'string') {
    const day = parseDay(date);
    if (day === undefined) throw new MarketDataError(file, `date must be a YYYY-MM-DD calendar date, got "${date}"`);
    return day;
  }
  if (!Number.isInteger(date)) throw new MarketDataError(file, `date must be an integer Day or a YYYY-MM-DD string, got ${String(date)}`);
  return date;
}

function checkHeader(file: string, headerLine: string | undefined): void {
  const expected = UST_PAR_YIELD_HEADER.join(',');
  if (headerLine === undefined || headerLine.trim() === '') {
    throw new MarketDataError(file, `${file}:1: the header is missing; expected "${expected}"`);
  }
  const cells = splitCells(headerLine);
  for (let i = 0; i < Math.max(cells.length, UST_PAR_YIELD_HEADER.length); i++) {
    const found = cells[i];
    const wanted = UST_PAR_YIELD_HEADER[i];
    if (found === wanted) continue;
    const problem = found === undefined
      ? `header ends after column ${cells.length}; column ${i + 1} should be "${wanted!}"`
      : wanted === undefined
        ? `header column ${i + 1} is "${found}", but the header should end after column ${UST_PAR_YIELD_HEADER.length}`
        : `header column ${i + 1} is "${found}", expected "${wanted}"`;
    throw new MarketDataError(file, `${file}:1: ${problem} (expected header "${expected}")`);
  }
}

function splitCells(line: string): string[] {
  return line.split(',').map((cell) => cell.trim());
}

function tenorLabelMonths(label: string): number {
  const match = TENOR_LABEL.exec(label);
  if (!match) throw new Error(`not a tenor label: ${label}`);
  return Number(match[1]) * (match[2] === 'Yr' ? 12 : 1);
}
