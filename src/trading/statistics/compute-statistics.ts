/**
 * Summary statistics of a finished backtest from its equity curve and round trips, with the
 * definitions of pyfolio/empyrical and QuantStats (see BacktestStatistics), so a figure can be
 * checked against another engine's.
 *
 * Conventions, where the references leave a choice:
 * - Returns. The first return is measured from the initial equity: r_0 = E_0 / initialEquity - 1,
 *   then r_t = E_t / E_{t-1} - 1, so N bars give N returns and a run whose first bar already
 *   moved the account is not flattered. Drawdown likewise starts from the initial equity as its
 *   first peak (empyrical's max_drawdown prepends the starting value the same way).
 * - Risk-free rate. `riskFreeRate` is annual; per bar it is (1 + rf)^(1/P) - 1, the geometric
 *   de-annualisation QuantStats applies (empyrical takes the per-period rate as given; this is
 *   the rate it expects). Sharpe is mean(r - rf_bar) / std(r, ddof = 1) * sqrt(P): rf_bar is a
 *   constant, so std(r - rf_bar) = std(r).
 * - Trades. Every round trip counts, including one still open at the end of the run and marked
 *   at the last price (`openAtEnd`), as backtrader, LEAN and vectorbt count it: its pnl is real
 *   equity on the curve, and dropping it would make the trade statistics disagree with the
 *   returns. A trade with pnl exactly 0 is neither a win nor a loss (but is counted).
 * - Profit factor with no losing trade is Infinity, unless nothing was won either (every trade
 *   broke even), where 0/0 is NaN: "infinitely profitable" would be false.
 * - Variance uses Welford's one-pass update: no catastrophic cancellation on long series, and a
 *   series of identical returns has a standard deviation of exactly 0 (so Sharpe is NaN, not a
 *   huge number from rounding noise).
 */
import { TenureError } from '../../errors/tenure-error.js';
import type { TradeRecord } from '../engine/trade-record.js';
import type { BacktestStatistics } from './backtest-statistics.js';

export interface StatisticsInput {
  /** Account equity after each bar (marked to market); equity[0] is after the first bar. */
  readonly equity: Float64Array;
  /** Equity before the first bar (the starting cash). */
  readonly initialEquity: number;
  readonly trades: readonly TradeRecord[];
  /** Bars that ended with a non-zero position. */
  readonly barsWithPosition: number;
  /** P: bars per year, for annualising (see inferPeriodsPerYear). */
  readonly periodsPerYear: number;
  /** Annual risk-free rate as a fraction (0.02 = 2 %); default 0. */
  readonly riskFreeRate?: number;
}

/** An input to computeStatistics is out of range; names the field and the value. */
export class StatisticsInputError extends TenureError {
  readonly code = 'STATISTICS_INPUT_INVALID';

  constructor(readonly field: string, problem: string) {
    super(`computeStatistics: ${field} ${problem}`);
  }
}

export function computeStatistics(input: StatisticsInput): BacktestStatistics {
  const { equity, initialEquity, trades, barsWithPosition, periodsPerYear } = input;
  const riskFreeRate = input.riskFreeRate ?? 0;
  const bars = equity.length;
  checkInput(initialEquity, barsWithPosition, bars, periodsPerYear, riskFreeRate);

  // One pass over the curve: Welford mean and variance of returns, and the running peak.
  let mean = 0;
  let m2 = 0;
  let previous = initialEquity;
  let peak = initialEquity;
  let maxDrawdown = 0;
  for (let t = 0; t < bars; t++) {
    const value = equity[t]!;
    const r = value / previous - 1;
    const delta = r - mean;
    mean += delta / (t + 1);
    m2 += delta * (r - mean);
    previous = value;
    if (value > peak) peak = value;
    const drawdown = 1 - value / peak;
    if (drawdown > maxDrawdown) maxDrawdown = drawdown;
  }

  const finalEquity = bars === 0 ? initialEquity : equity[bars - 1]!;
  const growth = finalEquity / initialEquity;
  const std = bars < 2 ? Number.NaN : Math.sqrt(m2 / (bars - 1));
  const rootP = Math.sqrt(periodsPerYear);
  const riskFreePerBar = Math.pow(1 + riskFreeRate, 1 / periodsPerYear) - 1;

  return {
    initialEquity,
    finalEquity,
    totalReturn: growth - 1,
    // A negative growth factor has no real fractional power: NaN (the account was wiped out and more).
    annualisedReturn: bars === 0 ? Number.NaN : Math.pow(growth, periodsPerYear / bars) - 1,
    annualisedVolatility: std * rootP,
    sharpeRatio: std === 0 || Number.isNaN(std) ? Number.NaN : ((mean - riskFreePerBar) / std) * rootP,
    maxDrawdown: bars === 0 ? Number.NaN : maxDrawdown,
    ...tradeStatistics(trades),
    exposureTime: bars === 0 ? Number.NaN : barsWithPosition / bars,
    bars,
    periodsPerYear,
    riskFreeRate,
  };
}

function tradeStatistics(trades: readonly TradeRecord[]): Pick<BacktestStatistics, 'winRate' | 'profitFactor' | 'numberOfTrades'> {
  const numberOfTrades = trades.length;
  if (numberOfTrades === 0) return { winRate: Number.NaN, profitFactor: Number.NaN, numberOfTrades };
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (const trade of trades) {
    if (trade.pnl > 0) {
      wins++;
      grossProfit += trade.pnl;
    } else if (trade.pnl < 0) {
      grossLoss -= trade.pnl;
    }
  }
  let profitFactor: number;
  if (grossLoss > 0) profitFactor = grossProfit / grossLoss;
  else profitFactor = grossProfit > 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  return { winRate: wins / numberOfTrades, profitFactor, numberOfTrades };
}

function checkInput(initialEquity: number, barsWithPosition: number, bars: number, periodsPerYear: number, riskFreeRate: number): void {
  if (!(Number.isFinite(initialEquity) && initialEquity > 0)) {
    throw new StatisticsInputError('initialEquity', `must be a positive finite number; got ${initialEquity}`);
  }
  if (!(Number.isFinite(periodsPerYear) && periodsPerYear > 0)) {
    throw new StatisticsInputError('periodsPerYear', `must be a positive finite number; got ${periodsPerYear}`);
  }
  if (!(Number.isSafeInteger(barsWithPosition) && barsWithPosition >= 0 && barsWithPosition <= bars)) {
    throw new StatisticsInputError('barsWithPosition', `must be an integer from 0 to the number of bars (${bars}); got ${barsWithPosition}`);
  }
  if (!(Number.isFinite(riskFreeRate) && riskFreeRate > -1)) {
    throw new StatisticsInputError('riskFreeRate', `must be a finite annual rate above -1; got ${riskFreeRate}`);
  }
}
