/**
 * A worker's view of a run's portfolio: the positions of one partition at a time.
 *
 * For a CSV file the worker does not parse all of it: the coordinator already parsed and
 * validated every row, and the worker checks that it reads the very same bytes (SHA-256), so
 * it indexes where each record starts (once per run) and parses only the records of the
 * partition it values, with the same parser and checks. A worker then spends time on the
 * portfolio in proportion to its share of it, and holds the file's text instead of every
 * position object. JSON files and `db:<id>` portfolios are loaded whole, once per run.
 */
import { extname } from 'node:path';
import { loadPortfolioInput, type PortfolioSource } from '../eod-inputs.js';
import { DATABASE_PORTFOLIO_PREFIX } from '../eod-options.js';
import { parsePortfolioCsv } from '../../valuation/portfolio/parse-portfolio-csv.js';
import { readPortfolioText } from '../../valuation/portfolio/read-portfolio-text.js';
import type { Position } from '../../valuation/portfolio/position.js';

export interface PortfolioSlices {
  /** SHA-256 of the source, as readPortfolio (or the database load) computes it. */
  readonly sourceHash: string;
  /** Positions in the portfolio. */
  readonly length: number;
  /** Positions [from, to), in portfolio order. */
  slice(from: number, to: number): readonly Position[];
}

/** Opens the portfolio a run names: a CSV file by slices, anything else whole. */
export async function openPortfolioSlices(reference: string, database: PortfolioSource): Promise<PortfolioSlices> {
  if (!reference.startsWith(DATABASE_PORTFOLIO_PREFIX) && extname(reference).toLowerCase() === '.csv') return CsvPortfolioSlices.open(reference);
  const portfolio = await loadPortfolioInput(reference, database);
  return { sourceHash: portfolio.sourceHash, length: portfolio.positions.length, slice: (from, to) => portfolio.positions.slice(from, to) };
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** A CSV portfolio's text with the offset of every record: header first, then one per position. */
export class CsvPortfolioSlices implements PortfolioSlices {
  readonly sourceHash: string;
  readonly #file: string;
  readonly #text: string;
  /** Start of each non-blank record, and the text's length at the end. */
  readonly #starts: number[];

  private constructor(file: string, text: string, sourceHash: string) {
    this.#file = file;
    this.#text = text;
    this.sourceHash = sourceHash;
    this.#starts = recordStarts(text);
  }

  static async open(file: string): Promise<CsvPortfolioSlices> {
    const { text, sourceHash } = await readPortfolioText(file);
    return new CsvPortfolioSlices(file, text, sourceHash);
  }

  get length(): number {
    // Records less the header (and the end marker).
    return Math.max(0, this.#starts.length - 2);
  }

  slice(from: number, to: number): Position[] {
    if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && 0 <= from && from <= to && to <= this.length)) {
      throw new RangeError(`positions [${from}, ${to}) are not within the ${this.length} of ${this.#file}`);
    }
    if (from === to) return [];
    const starts = this.#starts;
    const header = this.#text.slice(starts[0], starts[1]);
    const positions = parsePortfolioCsv(header + this.#text.slice(starts[from + 1], starts[to + 1]), this.#file);
    if (positions.length !== to - from) throw new RangeError(`${this.#file}: records ${from + 1}–${to} gave ${positions.length} positions, not ${to - from}`);
    return positions;
  }
}

/**
 * Where each record starts, as the portfolio CSV reader splits them: at line feeds outside
 * quoted fields, blank lines skipped, a leading byte-order mark not part of the header. The
 * last element is the text's length.
 */
function recordStarts(text: string): number[] {
  const starts: number[] = [];
  const length = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // The next quote at or after `pos`, searched again only once passed: one scan of the text.
  let quote = text.indexOf('"', pos);
  while (pos < length) {
    const start = pos;
    let lineFeed = text.indexOf('\n', pos);
    if (lineFeed === -1) lineFeed = length;
    if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
    if (quote !== -1 && quote < lineFeed) {
      // A quoted field may hold line feeds: walk this record character by character.
      let quoted = false;
      lineFeed = length;
      for (let i = pos; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code === QUOTE) quoted = !quoted;
        else if (code === LF && !quoted) {
          lineFeed = i;
          break;
        }
      }
    }
    pos = lineFeed + 1;
    const blank = lineFeed === start || (lineFeed === start + 1 && text.charCodeAt(start) === CR);
    if (!blank) starts.push(start);
  }
  starts.push(length);
  return starts;
}
