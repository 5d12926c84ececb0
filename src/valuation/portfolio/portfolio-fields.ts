import type { BondPosition, MbsPosition, Position, PositionKind, SwapPosition } from './position.js';

/** Every field a position kind has besides `kind` and `id`. */
export type PositionField =
  | Exclude<keyof BondPosition, 'kind' | 'id'>
  | Exclude<keyof MbsPosition, 'kind' | 'id'>
  | Exclude<keyof SwapPosition, 'kind' | 'id'>;

/** How a field is written as text: numbers as decimals, dates as YYYY-MM-DD, flags as true/false. */
export type FieldType = 'number' | 'date' | 'boolean' | 'text';

/**
 * Every field with its text type, in the order of the CSV columns: bond fields, then the MBS
 * and swap fields not already listed. The mapped type makes leaving a field out a compile error.
 */
export const FIELD_TYPES: { readonly [F in PositionField]: FieldType } = {
  face: 'number',
  coupon: 'number',
  issueDate: 'date',
  maturityDate: 'date',
  frequency: 'number',
  dayCount: 'text',
  calendar: 'text',
  balance: 'number',
  wac: 'number',
  netCoupon: 'number',
  wam: 'number',
  age: 'number',
  model: 'text',
  notional: 'number',
  fixedRate: 'number',
  payFixed: 'boolean',
  startDate: 'date',
  fixedFrequency: 'number',
  floatFrequency: 'number',
  fixedDayCount: 'text',
  floatDayCount: 'text',
};

export const ALL_FIELDS = Object.keys(FIELD_TYPES) as readonly PositionField[];

export const POSITION_KINDS = ['bond', 'mbs', 'swap'] as const satisfies readonly PositionKind[];

type FieldsOf<P extends Position> = readonly Exclude<keyof P, 'kind' | 'id'>[];

/** Each kind's fields in the order of position.ts (the order JSON files are written in). */
export const KIND_FIELDS: {
  readonly bond: FieldsOf<BondPosition>;
  readonly mbs: FieldsOf<MbsPosition>;
  readonly swap: FieldsOf<SwapPosition>;
} = {
  bond: ['face', 'coupon', 'issueDate', 'maturityDate', 'frequency', 'dayCount', 'calendar'],
  mbs: ['balance', 'wac', 'netCoupon', 'wam', 'age', 'model'],
  swap: ['notional', 'fixedRate', 'payFixed', 'startDate', 'maturityDate', 'fixedFrequency', 'floatFrequency', 'fixedDayCount', 'floatDayCount'],
};

export function isPositionKind(text: string): text is PositionKind {
  return text === 'bond' || text === 'mbs' || text === 'swap';
}
