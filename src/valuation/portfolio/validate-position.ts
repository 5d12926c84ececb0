import { parseIsoDay } from './iso-day.js';
import { FIELD_TYPES, KIND_FIELDS } from './portfolio-fields.js';
import type { Position, PositionKind } from './position.js';
import { POSITION_SCHEMAS } from './position-schema.js';

/** What is wrong with one field (or, without a field, with the position as a whole). */
export interface FieldProblem {
  readonly field?: string;
  readonly message: string;
}

export type PositionValidation =
  | { readonly ok: true; readonly position: Position }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/**
 * Validates one position given as JSON-shaped values (numbers, booleans, dates as YYYY-MM-DD
 * text) against its kind's schema. Each problem names its field and ends with the value found,
 * so `must be > 0` becomes `must be > 0, got -5`.
 */
export function validatePosition(kind: PositionKind, raw: Readonly<Record<string, unknown>>): PositionValidation {
  const allowed = ALLOWED_KEYS[kind];
  let problems: FieldProblem[] | undefined;
  for (const key in raw) {
    if (!allowed.has(key)) (problems ??= []).push({ field: key, message: `not a field of a ${kind} position, got ${describeValue(raw[key])}` });
  }
  const result = POSITION_SCHEMAS[kind].safeParse(raw);
  if (result.success && problems === undefined) return { ok: true, position: withDays(kind, result.data) };
  problems ??= [];
  for (const issue of result.error?.issues ?? []) {
    const first = issue.path[0];
    if (first === undefined) {
      problems.push({ message: issue.message });
      continue;
    }
    const field = String(first);
    const value = raw[field];
    problems.push({ field, message: value === undefined ? 'missing' : `${issue.message}, got ${describeValue(value)}` });
  }
  return { ok: false, problems };
}

const DATE_FIELDS: Readonly<Record<PositionKind, readonly string[]>> = {
  bond: KIND_FIELDS.bond.filter((field) => FIELD_TYPES[field] === 'date'),
  mbs: KIND_FIELDS.mbs.filter((field) => FIELD_TYPES[field] === 'date'),
  swap: KIND_FIELDS.swap.filter((field) => FIELD_TYPES[field] === 'date'),
};

/** zod's output (a fresh object) with its checked YYYY-MM-DD dates turned into Days, in place. */
function withDays(kind: PositionKind, parsed: object): Position {
  const fields = parsed as Record<string, unknown>;
  for (const field of DATE_FIELDS[kind]) fields[field] = parseIsoDay(fields[field] as string);
  return parsed as Position;
}

const ALLOWED_KEYS: Readonly<Record<PositionKind, ReadonlySet<string>>> = {
  bond: new Set(['kind', 'id', ...KIND_FIELDS.bond]),
  mbs: new Set(['kind', 'id', ...KIND_FIELDS.mbs]),
  swap: new Set(['kind', 'id', ...KIND_FIELDS.swap]),
};

/** A value as it reads in an error message: numbers bare, text quoted. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
