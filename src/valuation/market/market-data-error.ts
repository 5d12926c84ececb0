import { TenureError } from '../../errors/tenure-error.js';

/**
 * A market data file cannot give what was asked of it: unreadable, a wrong header, a rate that
 * is not a number, a missing tenor, or no row for the date. The message starts with the file
 * and, when the fault is in one place, its line and column.
 */
export class MarketDataError extends TenureError {
  readonly code = 'BAD_MARKET_DATA';
  readonly file: string;

  constructor(file: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.file = file;
  }
}
