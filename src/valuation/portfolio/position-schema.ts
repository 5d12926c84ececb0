import { z } from 'zod';
import { parseIsoDay } from './iso-day.js';
import type { BondPosition, CalendarName, DayCountName, Frequency, MbsPosition, PositionKind, SwapPosition } from './position.js';

/** Complete lists of the names position.ts allows; the checks at the end fail to compile if one is missing. */
export const DAY_COUNT_NAMES = ['ACT/360', 'ACT/365F', '30/360', 'ACT/ACT-ISMA', 'ACT/ACT-ISDA'] as const satisfies readonly DayCountName[];
export const CALENDAR_NAMES = ['none', 'US-GOVT', 'TARGET'] as const satisfies readonly CalendarName[];
export const FREQUENCIES = [1, 2, 4, 12] as const;

// Messages say what the value must be; the reader appends the value it got.
const DECIMAL_RATE_HINT = 'rates are decimals: 0.05 for 5%';

const number = () => z.number({ error: 'must be a number' });
const amount = () => number().positive({ error: 'must be > 0' });
const rate = () => number().gt(-1, { error: `must be > -1 (${DECIMAL_RATE_HINT})` }).lt(1, { error: `must be < 1 (${DECIMAL_RATE_HINT})` });
const nonNegativeRate = () => rate().min(0, { error: 'must be >= 0' });
const months = () => number().int({ error: 'must be a whole number of months' });
const frequency = () => z.literal(FREQUENCIES, { error: `must be one of ${FREQUENCIES.join(', ')} (payments a year)` });
const dayCount = () => z.enum(DAY_COUNT_NAMES, { error: `must be one of ${DAY_COUNT_NAMES.join(', ')}` });
const calendar = z.enum(CALENDAR_NAMES, { error: `must be one of ${CALENDAR_NAMES.join(', ')}` });
const id = z.string({ error: 'must be text' }).regex(/^\S(?:.*\S)?$/u, { error: 'must be non-empty text on one line, without surrounding spaces' });
const modelName = z.string({ error: 'must be text' }).regex(/^[A-Za-z0-9][\w.-]*$/u, { error: 'must be a model name (letters, digits, ".", "_", "-")' });

// Dates stay text through zod (a check is cheaper than a transform's pipe); validatePosition
// turns them into Days afterwards. ISO dates compare as text in date order.
const day = () =>
  z.string({ error: 'must be a date YYYY-MM-DD' }).refine((text) => parseIsoDay(text) !== undefined, { error: 'must be a calendar date YYYY-MM-DD' });

/** Cross-field checks run only when every field passed: comparing a bad date says nothing. */
const everyFieldValid = (payload: { readonly issues: readonly unknown[] }): boolean => payload.issues.length === 0;

function fieldOf(input: unknown, field: string): string {
  return String((input as Readonly<Record<string, unknown>>)[field]);
}

// Plain (not strict) objects: validatePosition checks for unknown keys itself, which costs a
// fraction of zod's catch-all pass.
const bondSchema = z
  .object({
    kind: z.literal('bond'),
    id,
    face: amount(),
    coupon: nonNegativeRate(),
    issueDate: day(),
    maturityDate: day(),
    frequency: frequency(),
    dayCount: dayCount(),
    calendar,
  })
  .refine((bond) => bond.maturityDate > bond.issueDate, {
    path: ['maturityDate'],
    when: everyFieldValid,
    error: (issue) => `must be after issueDate (${fieldOf(issue.input, 'issueDate')})`,
  });

const mbsSchema = z
  .object({
    kind: z.literal('mbs'),
    id,
    balance: amount(),
    wac: nonNegativeRate(),
    netCoupon: nonNegativeRate(),
    wam: months().min(1, { error: 'must be >= 1' }).max(480, { error: 'must be <= 480 (40 years)' }),
    age: months().min(0, { error: 'must be >= 0' }).max(480, { error: 'must be <= 480 (40 years)' }),
    model: modelName,
  })
  // Investors are paid the loans' interest less fees, never more.
  .refine((pool) => pool.netCoupon <= pool.wac, {
    path: ['netCoupon'],
    when: everyFieldValid,
    error: (issue) => `must not exceed wac (${fieldOf(issue.input, 'wac')})`,
  });

const swapSchema = z
  .object({
    kind: z.literal('swap'),
    id,
    notional: amount(),
    fixedRate: rate(),
    payFixed: z.boolean({ error: 'must be true or false' }),
    startDate: day(),
    maturityDate: day(),
    fixedFrequency: frequency(),
    floatFrequency: frequency(),
    fixedDayCount: dayCount(),
    floatDayCount: dayCount(),
  })
  .refine((swap) => swap.maturityDate > swap.startDate, {
    path: ['maturityDate'],
    when: everyFieldValid,
    error: (issue) => `must be after startDate (${fieldOf(issue.input, 'startDate')})`,
  });

// Compile-time checks: a type error here means the lists or schemas drifted from position.ts.
type Expect<T extends true> = T;
type IsNever<T> = [T] extends [never] ? true : false;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** A position as zod outputs it: dates still YYYY-MM-DD text. */
export type WithDatesAsText<P> = { [K in keyof P]: K extends 'issueDate' | 'maturityDate' | 'startDate' ? string : P[K] };
type _PositionContractChecks = [
  Expect<IsNever<Exclude<DayCountName, (typeof DAY_COUNT_NAMES)[number]>>>,
  Expect<IsNever<Exclude<CalendarName, (typeof CALENDAR_NAMES)[number]>>>,
  Expect<Same<(typeof FREQUENCIES)[number], Frequency>>,
  Expect<Same<z.output<typeof bondSchema>, WithDatesAsText<BondPosition>>>,
  Expect<Same<z.output<typeof mbsSchema>, WithDatesAsText<MbsPosition>>>,
  Expect<Same<z.output<typeof swapSchema>, WithDatesAsText<SwapPosition>>>,
];

export const POSITION_SCHEMAS = { bond: bondSchema, mbs: mbsSchema, swap: swapSchema } as const satisfies Record<PositionKind, z.ZodType>;
