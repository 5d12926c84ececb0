import { dayOf } from '../../../src/valuation/dates/day.js';
import { PortfolioValidationError } from '../../../src/valuation/portfolio/portfolio-error.js';
import { formatPortfolioIssue } from '../../../src/valuation/portfolio/portfolio-error.js';
import type { BondPosition, MbsPosition, SwapPosition } from '../../../src/valuation/portfolio/position.js';

/** The PortfolioValidationError `read` throws (fails the test if it returns or throws something else). */
export function rejection(read: () => unknown): PortfolioValidationError {
  try {
    read();
  } catch (error) {
    if (error instanceof PortfolioValidationError) return error;
    throw error;
  }
  throw new Error('expected a PortfolioValidationError, but the portfolio was accepted');
}

/** Each issue as people read it: `portfolio.csv:17: field "balance": must be > 0, got -5`. */
export function issueLines(error: PortfolioValidationError): string[] {
  return error.issues.map(formatPortfolioIssue);
}

export const BOND: BondPosition = {
  kind: 'bond', id: 'UST-2033', face: 1_000_000, coupon: 0.04125, issueDate: dayOf(2023, 2, 15), maturityDate: dayOf(2033, 2, 15),
  frequency: 2, dayCount: 'ACT/ACT-ISMA', calendar: 'US-GOVT',
};

export const MBS: MbsPosition = {
  kind: 'mbs', id: 'FN-MA4000', balance: 12_345_678.9, wac: 0.0525, netCoupon: 0.045, wam: 330, age: 28, model: 'psa-165',
};

export const SWAP: SwapPosition = {
  kind: 'swap', id: 'IRS, 10Y "pay"', notional: 50_000_000, fixedRate: 0.0375, payFixed: true, startDate: dayOf(2023, 12, 29), maturityDate: dayOf(2033, 12, 29),
  fixedFrequency: 2, floatFrequency: 4, fixedDayCount: '30/360', floatDayCount: 'ACT/360',
};
