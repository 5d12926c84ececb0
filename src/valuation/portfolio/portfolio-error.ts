import { TenureError } from '../../errors/tenure-error.js';

/** One thing wrong with a portfolio file, located as precisely as the format allows. */
export interface PortfolioIssue {
  readonly file: string;
  /** 1-based physical line: where the CSV record or the JSON field starts. */
  readonly line?: number;
  /** 0-based index in a JSON file's `positions` array (a CSV line already says which row). */
  readonly index?: number;
  readonly field?: string;
  /** What is wrong, with the offending value: `must be > 0, got -5`. */
  readonly message: string;
}

/** `portfolio.csv:17: field "balance": must be > 0, got -5` */
export function formatPortfolioIssue(issue: PortfolioIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const index = issue.index === undefined ? '' : `positions[${issue.index}] `;
  const field = issue.field === undefined ? '' : `field "${issue.field}": `;
  return `${where}: ${index}${field}${issue.message}`;
}

/**
 * A portfolio file cannot be used: unreadable, malformed, or holding invalid positions. Every
 * issue found (up to a limit) is listed, so a file is fixed in one round trip; no partial
 * portfolio is ever returned. The code ends in `_INVALID`, which the CLI maps to exit code 2.
 */
export class PortfolioValidationError extends TenureError {
  readonly code = 'PORTFOLIO_INVALID';
  readonly file: string;
  readonly issues: readonly PortfolioIssue[];
  /** True when reading stopped at the issue limit: there may be more. */
  readonly truncated: boolean;

  constructor(file: string, issues: readonly PortfolioIssue[], truncated = false) {
    const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`;
    const limit = truncated ? `; stopped after the first ${issues.length}` : '';
    const lines = issues.map((issue) => `  - ${formatPortfolioIssue(issue)}`).join('\n');
    super(`Invalid portfolio ${file} (${count}${limit}):\n${lines}`);
    this.file = file;
    this.issues = issues;
    this.truncated = truncated;
  }
}
