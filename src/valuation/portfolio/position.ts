import type { Day } from '../dates/day.js';

/**
 * The positions a portfolio holds, as plain data: what the portfolio files, the generator
 * and the database store, and what the valuation stages read. Rates are decimals (0.025 for
 * 2.5%); amounts are in the position's currency (USD throughout the examples).
 */
export type Position = BondPosition | MbsPosition | SwapPosition;
export type PositionKind = Position['kind'];

export type DayCountName = 'ACT/360' | 'ACT/365F' | '30/360' | 'ACT/ACT-ISMA' | 'ACT/ACT-ISDA';
export type CalendarName = 'none' | 'US-GOVT' | 'TARGET';
export type BusinessDayConvention = 'following' | 'modified-following' | 'unadjusted';
/** Coupon payments per year. */
export type Frequency = 1 | 2 | 4 | 12;

/** A fixed-rate bullet bond. */
export interface BondPosition {
  readonly kind: 'bond';
  readonly id: string;
  /** Face amount held. */
  readonly face: number;
  readonly coupon: number;
  readonly issueDate: Day;
  readonly maturityDate: Day;
  readonly frequency: Frequency;
  readonly dayCount: DayCountName;
  readonly calendar: CalendarName;
}

/** An agency MBS pass-through pool. */
export interface MbsPosition {
  readonly kind: 'mbs';
  readonly id: string;
  /** Current outstanding balance held. */
  readonly balance: number;
  /** Weighted average coupon of the underlying loans (what borrowers pay). */
  readonly wac: number;
  /** Pass-through rate paid to investors (WAC less servicing and guarantee fees). */
  readonly netCoupon: number;
  /** Weighted average remaining term, months. */
  readonly wam: number;
  /** Weighted average loan age, months. */
  readonly age: number;
  /** Name of the prepayment model in the model registry, e.g. "psa" or "refi-standard". */
  readonly model: string;
}

/** A vanilla interest-rate swap: fixed against floating on the forward curve. */
export interface SwapPosition {
  readonly kind: 'swap';
  readonly id: string;
  readonly notional: number;
  readonly fixedRate: number;
  /** True: we pay fixed and receive floating. */
  readonly payFixed: boolean;
  readonly startDate: Day;
  readonly maturityDate: Day;
  readonly fixedFrequency: Frequency;
  readonly floatFrequency: Frequency;
  readonly fixedDayCount: DayCountName;
  readonly floatDayCount: DayCountName;
}
