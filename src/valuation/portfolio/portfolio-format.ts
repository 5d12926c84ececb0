import { extname } from 'node:path';

/** The file formats a portfolio can be read from and written to. */
export type PortfolioFormat = 'csv' | 'json';

export const PORTFOLIO_FORMATS: readonly PortfolioFormat[] = ['csv', 'json'];

/** The format a file name implies (by extension, any case), or undefined for any other name. */
export function portfolioFormatOf(file: string): PortfolioFormat | undefined {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  return undefined;
}

/** Options of the portfolio readers. */
export interface PortfolioReadOptions {
  /** Stop and report after this many issues (default 20). */
  readonly maxIssues?: number;
}
