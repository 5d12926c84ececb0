import { CurveInputError } from '../curves/curve-error.js';
import type { PiecewiseLogLinearCurve } from '../curves/piecewise-log-linear-curve.js';
import { bootstrapUstCurve, type ParYield } from '../curves/ust-bootstrap.js';
import type { Day } from '../dates/day.js';
import { MarketDataError } from './market-data-error.js';
import { loadUstParYields } from './ust-par-yields.js';

/** Everything a valuation needs from the market for one day, and where it came from. */
export interface MarketData {
  readonly effectiveDate: Day;
  /** Discount curve bootstrapped from `parYields`; forwards for floating legs come from it too. */
  readonly curve: PiecewiseLogLinearCurve;
  readonly parYields: readonly ParYield[];
  /** SHA-256 of the source file's bytes, hex. */
  readonly sourceHash: string;
  readonly sourceFile: string;
}

/** Reads the par yields for `date` from a Treasury par yield CSV and bootstraps the curve. */
export function loadMarketData(file: string, date: Day | string): MarketData {
  const quote = loadUstParYields(file, date);
  let curve: PiecewiseLogLinearCurve;
  try {
    curve = bootstrapUstCurve(quote.effectiveDate, quote.parYields);
  } catch (error) {
    if (!(error instanceof CurveInputError)) throw error;
    throw new MarketDataError(file, `${file}:${quote.line}: cannot bootstrap a curve: ${error.message}`, { cause: error });
  }
  return Object.freeze({
    effectiveDate: quote.effectiveDate,
    curve,
    parYields: quote.parYields,
    sourceHash: quote.sourceHash,
    sourceFile: file,
  });
}
