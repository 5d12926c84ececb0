/**
 * Points in time in environment files and run-config overrides: an ISO date or date-time
 * (`2022-01-01`, `2022-01-15T12:00`, `2022-01-15 12:00:00Z`, `…+02:00`), read as UTC unless an
 * offset is written, or epoch milliseconds. Either way the value becomes epoch milliseconds,
 * which is what the engine compares bar times with.
 */
import { z } from 'zod';
import { parseTimestamp } from '../market/parse-timestamp.js';

/** A date first: the market-data parser also reads bare digits as epoch seconds, which a date field must not. */
const DATE_FIRST = /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/;

/** Epoch ms of an ISO date or date-time text, or NaN when it is not one or names no real time. */
export function parseUtcInstant(text: string): number {
  return DATE_FIRST.test(text) ? parseTimestamp(text) : Number.NaN;
}

const EXPECTED = 'expected an ISO date or date-time such as 2022-01-01 or 2022-01-01T12:00:00Z (UTC unless an offset is given)';

function toInstant(value: string | number, ctx: z.RefinementCtx): number {
  if (typeof value === 'number') return value;
  const time = parseUtcInstant(value);
  if (Number.isNaN(time)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid time: ${EXPECTED}` });
    return z.NEVER;
  }
  return time;
}

/** An ISO date or date-time text, as files write it; parses to epoch ms. */
export const instantTextSchema = z.string().transform(toInstant);

/**
 * An ISO text or epoch ms (as parsed before, or as a JSON override gives it); the output is
 * always epoch ms, so a parsed value validates again unchanged.
 */
export const instantSchema = z.union([z.string(), z.int().min(0)]).transform(toInstant);
