import { basename, extname } from 'node:path';
import { parsePortfolioCsv } from './parse-portfolio-csv.js';
import { parsePortfolioJson } from './parse-portfolio-json.js';
import { portfolioOf, type Portfolio } from './portfolio.js';
import { PortfolioValidationError } from './portfolio-error.js';
import { portfolioFormatOf, type PortfolioReadOptions } from './portfolio-format.js';
import { readPortfolioText } from './read-portfolio-text.js';

/**
 * Reads and validates a portfolio file, CSV or JSON by its extension. The portfolio's id is
 * the file name without extension and its sourceHash the SHA-256 of the file's bytes.
 *
 * Throws PortfolioValidationError (code PORTFOLIO_INVALID) when the file cannot be read, is
 * not UTF-8, or holds anything invalid; all issues found (up to `maxIssues`) are listed.
 */
export async function readPortfolio(file: string, options: PortfolioReadOptions = {}): Promise<Portfolio> {
  const format = portfolioFormatOf(file);
  if (format === undefined) {
    throw new PortfolioValidationError(file, [{ file, message: `unsupported file type "${extname(file)}": a portfolio is a .csv or .json file` }]);
  }
  const { text, sourceHash } = await readPortfolioText(file);
  const positions = format === 'csv' ? parsePortfolioCsv(text, file, options) : parsePortfolioJson(text, file, options);
  return portfolioOf(basename(file, extname(file)), positions, sourceHash);
}
