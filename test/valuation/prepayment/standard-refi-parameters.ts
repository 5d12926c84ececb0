import type { RefiParameters } from '../../../src/valuation/prepayment/index.js';

/** The parameters of examples/models/refi-standard.json, for tests that build the model directly. */
export const STANDARD_REFI_PARAMETERS: RefiParameters = {
  turnoverCpr: 0.06,
  sCurveMax: 0.4,
  sCurveMidpoint: 0.0075,
  sCurveSlope: 400,
  seasoningMonths: 30,
  seasonalityAmplitude: 0.15,
  seasonalityPeakMonth: 6,
  burnoutRate: 2,
  mortgageSpread: 0.017,
  mortgageRateTenorYears: 10,
};
