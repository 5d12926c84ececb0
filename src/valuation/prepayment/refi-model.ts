import { z } from 'zod';
import type { DiscountCurve } from '../curves/discount-curve.js';
import { addYears, type Day } from '../dates/day.js';
import type { PrepaymentContext, PrepaymentModel } from './prepayment-model.js';
import { cprToSmm } from './prepayment-rates.js';

/**
 * Parameters of the refinancing-incentive model. Rates and speeds are decimals (0.06 = 6%).
 *
 *   CPR(month) = (turnoverCpr + sCurve(incentive) × burnout(month)) × seasoning(age) × seasonality(calendar month)
 *
 * with incentive = WAC − mortgage rate, the mortgage rate read from the curve, and burnout
 * falling as refinancing takes the readiest borrowers out of the pool.
 */
export interface RefiParameters {
  /**
   * Annual CPR from housing turnover (moves, sales) of a seasoned pool with no reason to
   * refinance; what the pool prepays when it is out of the money. Typically 0.04–0.08.
   */
  readonly turnoverCpr: number;
  /**
   * Highest annual CPR refinancing adds, approached when the incentive is deep: the top of the
   * S-curve. Typically 0.3–0.6.
   */
  readonly sCurveMax: number;
  /**
   * Incentive (WAC − mortgage rate, decimal) at which refinancing runs at half of `sCurveMax`:
   * where the S-curve turns. Borrowers need some incentive to cover closing costs; typically
   * 0.005–0.01 (50–100 bp).
   */
  readonly sCurveMidpoint: number;
  /**
   * Steepness of the S-curve per unit of incentive: the logistic's argument moves by
   * sCurveSlope × Δincentive, so 400 means 4 per 100 bp (most of the rise within ±75 bp of
   * the midpoint). Higher is a more rate-responsive borrower base.
   */
  readonly sCurveSlope: number;
  /**
   * Loan age, in months, at which the seasoning ramp reaches full speed; speeds rise linearly
   * from zero at origination (PSA's ramp is 30 months).
   */
  readonly seasoningMonths: number;
  /**
   * Relative swing of the seasonal factor around 1: 0.15 means speeds run 15% above average in
   * the peak month and 15% below six months later. In [0, 1).
   */
  readonly seasonalityAmplitude: number;
  /** Calendar month (1 = January … 12) in which prepayments peak; home sales peak in summer. */
  readonly seasonalityPeakMonth: number;
  /**
   * How fast refinancing burns out as the pool's eager refinancers leave it. After t years of
   * refinancing at CPR s the refinancing term is multiplied by 1 / (1 + burnoutRate × s × t):
   * the closed form for a pool whose borrowers differ in how readily they refinance (gamma
   * frailty), equal to f^burnoutRate with f the fraction of the pool refinancing has left.
   * Burnout therefore follows what the pool has been through, not the incentive itself, and a
   * deeper incentive always refinances more of the pool in total. t counts from the start of
   * the projection (the pool's past rates are not known). 0 turns burnout off; typically 1–3.
   */
  readonly burnoutRate: number;
  /**
   * Primary mortgage rate minus the curve's zero rate at `mortgageRateTenorYears`: the proxy
   * for the rate borrowers could refinance at. Typically 0.015–0.025.
   */
  readonly mortgageSpread: number;
  /** Tenor, in whole years, of the zero rate the mortgage rate is read from (10: mortgages live about that long). */
  readonly mortgageRateTenorYears: number;
}

const speed = z.number().min(0).lt(1);

export const refiParametersSchema = z
  .strictObject({
    turnoverCpr: speed,
    sCurveMax: speed,
    sCurveMidpoint: z.number().min(-0.1).max(0.1),
    sCurveSlope: z.number().positive(),
    seasoningMonths: z.number().positive(),
    seasonalityAmplitude: z.number().min(0).lt(1),
    seasonalityPeakMonth: z.int().min(1).max(12),
    burnoutRate: z.number().min(0),
    mortgageSpread: z.number().min(-0.1).max(0.1),
    mortgageRateTenorYears: z.int().min(1).max(50),
  })
  .superRefine((parameters, context) => {
    const highest = (parameters.turnoverCpr + parameters.sCurveMax) * (1 + parameters.seasonalityAmplitude);
    if (highest >= 1) {
      context.addIssue({
        code: 'custom',
        path: ['sCurveMax'],
        message: `(turnoverCpr + sCurveMax) × (1 + seasonalityAmplitude) = ${highest.toFixed(4)} must stay below 1, or a pool could prepay entirely in a month`,
      });
    }
  });

const MONTHS_PER_YEAR = 12;

/** The refinancing-incentive model: turnover plus an S-curve in the refinancing incentive. */
export class RefiModel implements PrepaymentModel {
  readonly type = 'refi';
  readonly rateSensitive = true;
  readonly parameters: RefiParameters;
  /** Seasonal factor by calendar month index (0 = January): fixed by the parameters. */
  readonly #seasonality = new Float64Array(MONTHS_PER_YEAR);
  #tenorFrom: Day = Number.NaN;
  #tenorDay: Day = Number.NaN;

  constructor(readonly name: string, parameters: RefiParameters) {
    this.parameters = { ...parameters };
    const { seasonalityAmplitude, seasonalityPeakMonth } = parameters;
    for (let month = 1; month <= MONTHS_PER_YEAR; month++) {
      this.#seasonality[month - 1] = 1 + seasonalityAmplitude * Math.cos((2 * Math.PI * (month - seasonalityPeakMonth)) / MONTHS_PER_YEAR);
    }
  }

  mortgageRate(curve: DiscountCurve): number {
    // Shocked curves share the base curve's reference date: find the tenor's day once.
    if (curve.referenceDate !== this.#tenorFrom) {
      this.#tenorDay = addYears(curve.referenceDate, this.parameters.mortgageRateTenorYears);
      this.#tenorFrom = curve.referenceDate;
    }
    return curve.zeroRate(this.#tenorDay) + this.parameters.mortgageSpread;
  }

  /** Annual refinancing CPR (before burnout, seasoning and seasonality) at an incentive. */
  refinancingCpr(incentive: number): number {
    const { sCurveMax, sCurveSlope, sCurveMidpoint } = this.parameters;
    return sCurveMax / (1 + Math.exp(-sCurveSlope * (incentive - sCurveMidpoint)));
  }

  fillSmm(out: Float64Array, months: number, context: PrepaymentContext): void {
    if (!Number.isFinite(context.mortgageRate)) {
      throw new RangeError(`prepayment model "${this.name}" needs a finite mortgage rate, got ${context.mortgageRate}`);
    }
    const { turnoverCpr, seasoningMonths, burnoutRate } = this.parameters;
    const incentive = context.wac - context.mortgageRate;
    // The rate is flat over the projection, so the S-curve is evaluated once.
    const refinancing = this.refinancingCpr(incentive);
    const burnoutPerMonth = (burnoutRate * refinancing) / MONTHS_PER_YEAR;
    const seasonality = this.#seasonality;
    // A local: some loaders compile an imported function into a getter read on every call.
    const toSmm = cprToSmm;
    let calendarIndex = (((context.firstCalendarMonth - 1) % MONTHS_PER_YEAR) + MONTHS_PER_YEAR) % MONTHS_PER_YEAR;
    let age = context.firstLoanAge;
    // Without burnout, once seasoned the speed depends on the calendar month alone: after
    // twelve seasoned months it repeats exactly.
    const firstSeasoned = Math.max(0, Math.ceil(seasoningMonths - age));
    const computed = burnoutRate === 0 ? Math.min(months, firstSeasoned + MONTHS_PER_YEAR) : months;
    for (let i = 0; i < computed; i++) {
      const seasoning = age >= seasoningMonths ? 1 : Math.max(age, 0) / seasoningMonths;
      const burnout = 1 / (1 + burnoutPerMonth * i);
      out[i] = toSmm((turnoverCpr + refinancing * burnout) * seasoning * seasonality[calendarIndex]!);
      calendarIndex = calendarIndex === MONTHS_PER_YEAR - 1 ? 0 : calendarIndex + 1;
      age++;
    }
    for (let i = computed; i < months; i++) out[i] = out[i - MONTHS_PER_YEAR]!;
  }
}
