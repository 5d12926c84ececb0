import type { BacktestStatistics } from '../trading/statistics/backtest-statistics.js';

const percent = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : String(x));
const number = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** A backtest's statistics as aligned lines for a terminal. */
export function statisticsLines(s: BacktestStatistics): string[] {
  const rows: [string, string][] = [
    ['final equity', `${number(s.finalEquity, 2)} (from ${number(s.initialEquity, 2)})`],
    ['total return', percent(s.totalReturn)],
    ['annualised return', percent(s.annualisedReturn)],
    ['annualised volatility', percent(s.annualisedVolatility)],
    ['Sharpe ratio', number(s.sharpeRatio)],
    ['max drawdown', percent(s.maxDrawdown)],
    ['win rate', percent(s.winRate)],
    ['profit factor', number(s.profitFactor)],
    ['trades', String(s.numberOfTrades)],
    ['exposure time', percent(s.exposureTime)],
    ['bars', `${s.bars} (${number(s.periodsPerYear, 0)} per year)`],
  ];
  return rows.map(([k, v]) => `  ${k.padEnd(22)}${v}`);
}
