import { z } from 'zod';
import type { DiscountCurve } from '../curves/discount-curve.js';
import { addYears, type Day } from '../dates/day.js';
import type { PrepaymentContext, PrepaymentModel } from './prepayment-model.js';
import { fastCprToSmm } from './fast-cpr-to-smm.js';

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
/**
 * Incentives whose seasoned speeds are kept, the oldest replaced first: enough for the scenario
 * curves of a run (a pool sees up to 13 mortgage rates) and some more, so that pools with the
 * same WAC valued one after another share them.
 */
const SEASONED_SLOTS = 32;
/** Longest projection the kept speeds cover (MAX_POOL_MONTHS of the pools); longer ones are not kept. */
const SEASONED_MONTHS = 600;

/** The refinancing-incentive model: turnover plus an S-curve in the refinancing incentive. */
export class RefiModel implements PrepaymentModel {
  readonly type = 'refi';
  readonly rateSensitive = true;
  readonly parameters: RefiParameters;
  /** Seasonal factor by calendar month index (0 = January): fixed by the parameters. */
  readonly #seasonality = new Float64Array(MONTHS_PER_YEAR);
  #tenorFrom: Day = Number.NaN;
  #tenorDay: Day = Number.NaN;
  /**
   * Mortgage rates by curve (curves are values): every pool on this model asks for the rate on
   * each scenario curve, and reading a zero rate off a shifted curve costs more than the S-curve
   * it feeds. Held weakly, so that a model shared more widely than a run's curves (a registry's)
   * keeps none of them alive.
   */
  readonly #rates = new WeakMap<DiscountCurve, number>();
  /** Seasoned pools' speeds by incentive (made on first use). */
  #seasoned: SeasonedSpeeds | undefined;

  /**
   * The parameters the projection reads, as fields that start out as NaN: a field's first value
   * fixes how V8 stores it, and one first stored as a small integer (400) and later given a
   * fraction (400.5) changes the object's shape and throws away the optimised code that read
   * it. A session changes parameters all the time; starting every field as a double avoids that.
   */
  readonly #turnoverCpr: number = Number.NaN;
  readonly #sCurveMax: number = Number.NaN;
  readonly #sCurveMidpoint: number = Number.NaN;
  readonly #sCurveSlope: number = Number.NaN;
  readonly #seasoningMonths: number = Number.NaN;
  readonly #burnoutRate: number = Number.NaN;
  readonly #mortgageSpread: number = Number.NaN;

  constructor(readonly name: string, parameters: RefiParameters) {
    this.parameters = { ...parameters };
    this.#turnoverCpr = parameters.turnoverCpr;
    this.#sCurveMax = parameters.sCurveMax;
    this.#sCurveMidpoint = parameters.sCurveMidpoint;
    this.#sCurveSlope = parameters.sCurveSlope;
    this.#seasoningMonths = parameters.seasoningMonths;
    this.#burnoutRate = parameters.burnoutRate;
    this.#mortgageSpread = parameters.mortgageSpread;
    const { seasonalityAmplitude, seasonalityPeakMonth } = parameters;
    for (let month = 1; month <= MONTHS_PER_YEAR; month++) {
      this.#seasonality[month - 1] = 1 + seasonalityAmplitude * Math.cos((2 * Math.PI * (month - seasonalityPeakMonth)) / MONTHS_PER_YEAR);
    }
  }

  mortgageRate(curve: DiscountCurve): number {
    const known = this.#rates.get(curve);
    if (known !== undefined) return known;
    // Shocked curves share the base curve's reference date: find the tenor's day once.
    if (curve.referenceDate !== this.#tenorFrom) {
      this.#tenorDay = addYears(curve.referenceDate, this.parameters.mortgageRateTenorYears);
      this.#tenorFrom = curve.referenceDate;
    }
    const rate = curve.zeroRate(this.#tenorDay) + this.#mortgageSpread;
    this.#rates.set(curve, rate);
    return rate;
  }

  /** Annual refinancing CPR (before burnout, seasoning and seasonality) at an incentive. */
  refinancingCpr(incentive: number): number {
    return this.#sCurveMax / (1 + Math.exp(-this.#sCurveSlope * (incentive - this.#sCurveMidpoint)));
  }

  fillSmm(out: Float64Array, months: number, context: PrepaymentContext): void {
    const speeds = this.speeds(out, months, context);
    if (speeds !== out) out.set(speeds.subarray(0, months));
  }

  /**
   * The SMMs fillSmm gives. A pool seasoned from its first projection month gets the speeds
   * every seasoned pool at its incentive shares (see SeasonedSpeeds) as they are, without a
   * copy; a younger one gets its own months in `scratch`, followed by the shared ones.
   */
  speeds(scratch: Float64Array, months: number, context: PrepaymentContext): Float64Array {
    if (!Number.isFinite(context.mortgageRate)) {
      throw new RangeError(`prepayment model "${this.name}" needs a finite mortgage rate, got ${context.mortgageRate}`);
    }
    const seasoningMonths = this.#seasoningMonths;
    const incentive = context.wac - context.mortgageRate;
    const calendarStart = (((context.firstCalendarMonth - 1) % MONTHS_PER_YEAR) + MONTHS_PER_YEAR) % MONTHS_PER_YEAR;
    const age = context.firstLoanAge;
    // Months before the pool is seasoned are its own; from then on its speeds are those of every
    // seasoned pool at the same incentive, computed once and shared (see SeasonedSpeeds).
    const firstSeasoned = Math.min(months, Math.max(0, Math.ceil(seasoningMonths - age)));
    if (firstSeasoned > 0) this.#fill(scratch, 0, 0, firstSeasoned, this.refinancingCpr(incentive), calendarStart, age);
    if (firstSeasoned === months) return scratch;
    if (months > SEASONED_MONTHS) {
      this.#fill(scratch, 0, firstSeasoned, months, this.refinancingCpr(incentive), calendarStart, age);
      return scratch;
    }
    const seasoned = (this.#seasoned ??= new SeasonedSpeeds());
    let slot = seasoned.find(incentive, calendarStart);
    if (slot < 0) slot = seasoned.claim(incentive, calendarStart);
    const speeds = seasoned.values;
    const start = slot * SEASONED_MONTHS;
    const filled = seasoned.filled[slot]!;
    if (filled < months) {
      const refinancing = this.refinancingCpr(incentive);
      // Without burnout a seasoned pool's speed depends on the calendar month alone: after
      // twelve months it repeats exactly.
      const computed = this.#burnoutRate === 0 ? Math.min(months, MONTHS_PER_YEAR) : months;
      if (filled < computed) this.#fill(speeds, start, filled, computed, refinancing, calendarStart, Number.POSITIVE_INFINITY);
      for (let i = start + Math.max(filled, computed); i < start + months; i++) speeds[i] = speeds[i - MONTHS_PER_YEAR]!;
      seasoned.filled[slot] = months;
    }
    if (firstSeasoned === 0) return seasoned.views[slot]!;
    for (let i = firstSeasoned; i < months; i++) scratch[i] = speeds[start + i]!;
    return scratch;
  }

  /**
   * SMMs of months `from`..`to` − 1 (0-based) into out[offset + month], for a pool whose first
   * month is at loan age `firstAge` (Infinity: seasoned throughout).
   */
  #fill(out: Float64Array, offset: number, from: number, to: number, refinancing: number, calendarStart: number, firstAge: number): void {
    const turnoverCpr = this.#turnoverCpr;
    const seasoningMonths = this.#seasoningMonths;
    const burnout = burnoutFactors((this.#burnoutRate * refinancing) / MONTHS_PER_YEAR, from, to);
    const seasonality = this.#seasonality;
    // A local: some loaders compile an imported function into a getter read on every call.
    // The fast conversion: every month's speed is its own, so this is the projection's inner loop.
    const toSmm = fastCprToSmm;
    let calendarIndex = (calendarStart + from) % MONTHS_PER_YEAR;
    if (firstAge + from >= seasoningMonths) {
      // Seasoned throughout: the seasoning factor is 1 (and multiplying by it would change nothing).
      for (let i = from; i < to; i++) {
        out[offset + i] = toSmm((turnoverCpr + refinancing * burnout[i]!) * seasonality[calendarIndex]!);
        calendarIndex = calendarIndex === MONTHS_PER_YEAR - 1 ? 0 : calendarIndex + 1;
      }
      return;
    }
    let age = firstAge + from;
    for (let i = from; i < to; i++) {
      const seasoning = age >= seasoningMonths ? 1 : Math.max(age, 0) / seasoningMonths;
      out[offset + i] = toSmm((turnoverCpr + refinancing * burnout[i]!) * seasoning * seasonality[calendarIndex]!);
      calendarIndex = calendarIndex === MONTHS_PER_YEAR - 1 ? 0 : calendarIndex + 1;
      age++;
    }
  }
}

/** Burnout factors by month, scratch shared by all models (a few months of slack for whole groups). */
let burnoutScratch = new Float64Array(608);

/**
 * The burnout factors 1 / (1 + perMonth × i) of months `from`..`to` − 1, at their month index
 * in the returned scratch array. Month 0 is exactly 1; the others are computed four at a time
 * with one division, 1/(u₁u₂u₃u₄) times the other three u's: a division costs as much as the
 * rest of a month's speed, and the result is within a few ulps of dividing each. Groups are
 * fixed by month index (1–4, 5–8, …), never by `from`, so a month's factor is the same however
 * the months are asked for (the shared seasoned speeds are filled piecemeal).
 */
function burnoutFactors(perMonth: number, from: number, to: number): Float64Array {
  if (burnoutScratch.length < to + 4) burnoutScratch = new Float64Array(to + 8);
  const out = burnoutScratch;
  let start = from;
  if (start === 0) {
    out[0] = 1;
    start = 1;
  }
  for (let group = start - ((start - 1) % 4); group < to; group += 4) {
    const u0 = 1 + perMonth * group;
    const u1 = 1 + perMonth * (group + 1);
    const u2 = 1 + perMonth * (group + 2);
    const u3 = 1 + perMonth * (group + 3);
    const first = u0 * u1;
    const second = u2 * u3;
    const inverse = 1 / (first * second);
    if (inverse > 0 && Number.isFinite(first * second)) {
      const firstInverse = second * inverse;
      const secondInverse = first * inverse;
      out[group] = u1 * firstInverse;
      out[group + 1] = u0 * firstInverse;
      out[group + 2] = u3 * secondInverse;
      out[group + 3] = u2 * secondInverse;
    } else {
      // Products out of range (absurd burnout rates): one division each.
      out[group] = 1 / u0;
      out[group + 1] = 1 / u1;
      out[group + 2] = 1 / u2;
      out[group + 3] = 1 / u3;
    }
  }
  return out;
}

/**
 * The SMMs of seasoned pools at a few incentives (WAC − mortgage rate), from projection month 1:
 * they depend on nothing else (burnout counts from the start of the projection, the calendar
 * month of month 1 is the valuation date's), so pools with the same WAC valued one after another
 * on the same curves share them, and only the months before a young pool is seasoned are its
 * own. A fixed number of slots in one buffer, replaced oldest first: nothing is allocated once
 * it exists, and it never grows.
 */
class SeasonedSpeeds {
  readonly values = new Float64Array(SEASONED_SLOTS * SEASONED_MONTHS);
  /** Each slot's part of `values`, made once. */
  readonly views: readonly Float64Array[] = Array.from({ length: SEASONED_SLOTS }, (_, slot) => this.values.subarray(slot * SEASONED_MONTHS, (slot + 1) * SEASONED_MONTHS));
  readonly incentives = new Float64Array(SEASONED_SLOTS).fill(Number.NaN);
  readonly calendarStarts = new Int32Array(SEASONED_SLOTS);
  /** Months filled in each slot. */
  readonly filled = new Int32Array(SEASONED_SLOTS);
  #next = 0;
  #lastFound = SEASONED_SLOTS - 1;

  /** The slot holding `incentive`, or −1. */
  find(incentive: number, calendarStart: number): number {
    const incentives = this.incentives;
    // Pools with one WAC come one after another, asking for the same incentives in the same
    // order: the slot after the last one found is the likeliest.
    const likely = this.#lastFound === SEASONED_SLOTS - 1 ? 0 : this.#lastFound + 1;
    if (incentives[likely] === incentive && this.calendarStarts[likely] === calendarStart) return (this.#lastFound = likely);
    for (let slot = 0; slot < SEASONED_SLOTS; slot++) {
      if (incentives[slot] === incentive && this.calendarStarts[slot] === calendarStart) return (this.#lastFound = slot);
    }
    return -1;
  }

  /** An emptied slot for `incentive`: the oldest one. */
  claim(incentive: number, calendarStart: number): number {
    const slot = this.#next;
    this.#lastFound = slot;
    this.#next = slot === SEASONED_SLOTS - 1 ? 0 : slot + 1;
    this.incentives[slot] = incentive;
    this.calendarStarts[slot] = calendarStart;
    this.filled[slot] = 0;
    return slot;
  }
}
