import { z } from 'zod';
import type { PrepaymentContext, PrepaymentModel } from './prepayment-model.js';
import { cprToSmm } from './prepayment-rates.js';

/** The PSA benchmark ramp: CPR rises by 0.2% a month of loan age to 6% at month 30. */
const PSA_PLATEAU_CPR = 0.06;
const PSA_RAMP_MONTHS = 30;

/** Parameters of a PSA model file. */
export interface PsaParameters {
  /**
   * Speed as a percentage of the PSA benchmark: 100 is the benchmark itself (6% CPR from loan
   * age 30 on), 165 prepays 1.65 times as fast, 0 not at all. Must keep CPR below 100%.
   */
  readonly speed: number;
}

/** The largest speed whose plateau CPR stays below 1 (a whole pool cannot prepay in a month). */
const MAX_PSA_SPEED = 100 / PSA_PLATEAU_CPR;

export const psaParametersSchema = z.strictObject({
  speed: z.number().min(0).lt(MAX_PSA_SPEED, `must be below ${MAX_PSA_SPEED.toFixed(2)} (plateau CPR under 100%)`),
});

/** CPR(age) = speed/100 × 6% × min(age, 30)/30 (SIFMA standard formula). */
export function psaCpr(speed: number, loanAge: number): number {
  return (speed / 100) * PSA_PLATEAU_CPR * Math.min(Math.max(loanAge, 0), PSA_RAMP_MONTHS) / PSA_RAMP_MONTHS;
}

/** The PSA model: speeds by loan age alone, blind to rates, so one projection serves all curves. */
export class PsaModel implements PrepaymentModel {
  readonly type = 'psa';
  readonly rateSensitive = false;
  /** Starts as NaN so that V8 stores it as a double whatever the speed (see RefiModel's fields). */
  readonly speed: number = Number.NaN;
  /** SMM once the ramp is over: the same for every later month, so computed once. */
  readonly #plateauSmm: number = Number.NaN;

  constructor(readonly name: string, parameters: PsaParameters) {
    this.speed = parameters.speed;
    this.#plateauSmm = cprToSmm(psaCpr(this.speed, PSA_RAMP_MONTHS));
  }

  mortgageRate(): number {
    return Number.NaN;
  }

  fillSmm(out: Float64Array, months: number, context: PrepaymentContext): void {
    const firstAge = context.firstLoanAge;
    // Months still on the ramp; the rest share the plateau SMM.
    const rampMonths = Math.min(months, Math.max(0, PSA_RAMP_MONTHS - firstAge));
    for (let i = 0; i < rampMonths; i++) out[i] = cprToSmm(psaCpr(this.speed, firstAge + i));
    out.fill(this.#plateauSmm, rampMonths, months);
  }
}
