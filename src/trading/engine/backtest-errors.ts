import { TenureError } from '../../errors/tenure-error.js';

/** The date range holds no bars of the series. */
export class EmptyBacktestRangeError extends TenureError {
  readonly code = 'BAD_BACKTEST_RANGE';

  constructor(asset: string, from: number | undefined, to: number | undefined, length: number) {
    const at = (t: number | undefined): string => (t === undefined ? 'open' : new Date(t).toISOString());
    super(`no bars of ${asset} in the range [${at(from)}, ${at(to)}) (the series has ${length} bars)`);
  }
}

/** The request was cancelled while it ran. */
export class BacktestAbortedError extends TenureError {
  readonly code = 'TRADING_BACKTEST_ABORTED';

  constructor(blueprint: string, bars: number) {
    super(`backtest of "${blueprint}" aborted after ${bars} bars`);
  }
}
