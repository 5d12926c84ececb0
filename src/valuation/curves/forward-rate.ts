import { CurveInputError } from './curve-error.js';

/**
 * The simply compounded forward rate between two discount factors: one unit invested at the
 * start grows to `dfStart / dfEnd` at the end. Every curve's `forwardRate` and every floating
 * leg use this one formula, so a leg projected from discount factors it already holds agrees
 * with the curve to the last bit.
 */
export function simpleForwardRate(dfStart: number, dfEnd: number, yearFraction: number): number {
  if (!(yearFraction > 0)) {
    throw new CurveInputError(`yearFraction of a forward rate must be positive, got ${String(yearFraction)}`);
  }
  return (dfStart / dfEnd - 1) / yearFraction;
}
