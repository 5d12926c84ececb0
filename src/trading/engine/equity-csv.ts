/**
 * An equity curve as CSV: `time,equity`, ISO-8601 UTC times, numbers exact (shortest
 * round-tripping form), one line per bar. What `tenure backtest --equity-csv` writes and the
 * server's `/backtests/:id/equity.csv` serves.
 */
export function equityCsv(curve: { readonly time: Float64Array; readonly equity: Float64Array }): string {
  const lines = new Array<string>(curve.time.length + 1);
  lines[0] = 'time,equity';
  for (let i = 0; i < curve.time.length; i++) lines[i + 1] = `${new Date(curve.time[i]!).toISOString()},${curve.equity[i]!}`;
  return `${lines.join('\n')}\n`;
}
