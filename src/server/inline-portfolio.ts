import { createHash } from 'node:crypto';
import { parsePortfolioJson, portfolioOf, PortfolioValidationError, type Portfolio } from '../valuation/portfolio/index.js';
import { HttpError } from './http-error.js';

/**
 * A portfolio sent in the request body as an array of positions (the JSON portfolio format's
 * `positions`). It is validated by the same reader as a JSON file, so the rules are the same;
 * problems come back with the path of each wrong field in the request
 * (`body.portfolio[3].coupon`). Its sourceHash is the SHA-256 of the positions' JSON, so
 * sending the same positions again is recognised as the same portfolio.
 */
export function inlinePortfolio(positions: readonly unknown[], field: string): Portfolio {
  const text = JSON.stringify({ positions });
  let parsed;
  try {
    parsed = parsePortfolioJson(text, field);
  } catch (error) {
    if (!(error instanceof PortfolioValidationError)) throw error;
    const issues = error.issues.map((issue) => {
      const at = issue.index === undefined ? field : `${field}[${issue.index}]${issue.field === undefined ? '' : `.${issue.field}`}`;
      return { field: at, message: issue.message };
    });
    const first = issues[0] ?? { field, message: 'invalid' };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new HttpError(400, { code: 'BAD_PORTFOLIO', field: first.field, message: `${first.field}: ${first.message}${more}`, issues }, { cause: error });
  }
  return portfolioOf('inline', parsed, createHash('sha256').update(text).digest('hex'));
}
