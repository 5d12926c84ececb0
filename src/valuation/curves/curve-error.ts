import { TenureError } from '../../errors/tenure-error.js';

/**
 * A curve was asked to do something with input it cannot honour: pillars out of order, a
 * discount factor that is not positive, a par yield no discount factor can reprice. The
 * message names the field and the value, so the caller can find the bad quote.
 */
export class CurveInputError extends TenureError {
  readonly code = 'BAD_CURVE_INPUT';
}

/** Throws unless `value` is a finite number; the message names `field`. */
export function requireFinite(field: string, value: number): void {
  if (!Number.isFinite(value)) throw new CurveInputError(`${field} must be a finite number, got ${String(value)}`);
}

/** Throws unless `value` is an integer day; the message names `field`. */
export function requireDay(field: string, value: number): void {
  if (!Number.isInteger(value)) throw new CurveInputError(`${field} must be an integer Day, got ${String(value)}`);
}
