import type { Clock } from '../clock/clock.js';

/**
 * Turns a reading of the server's clock into an ISO date-time a client can read. Session
 * deadlines are kept on the (monotonic, possibly manual) clock; a client needs wall time, so
 * a reading is placed relative to now: `now + (reading - clock.now())`.
 */
export function wallTimeOf(reading: number, clock: Clock, wallNow: number = Date.now()): string {
  const wall = wallNow + (reading - clock.now());
  // A reading of Infinity (never expires) has no date; clamp to the largest Date rather than throw.
  return new Date(Number.isFinite(wall) ? wall : 8.64e15).toISOString();
}
