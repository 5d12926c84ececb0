/**
 * A market data file that cannot be read as bars. The message names the file, the line and the
 * column, in the `file:line:` form editors jump to, so the fix starts where the problem is.
 */
import { TenureError } from '../../errors/tenure-error.js';

export class BarDataError extends TenureError {
  readonly code = 'BAD_MARKET_DATA';

  /**
   * @param file the file as the caller named it
   * @param line 1-based line (the header is line 1); undefined when the problem is the whole file
   * @param column the column's name as the header writes it ('' for the unnamed first column)
   * @param detail what is wrong, for people
   */
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: string | undefined,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${describeColumn(column)}${detail}`, options);
  }
}

function describeColumn(column: string | undefined): string {
  if (column === undefined) return '';
  return column === '' ? 'column 1 (unnamed): ' : `column "${column}": `;
}
