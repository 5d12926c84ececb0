import { PortfolioValidationError, type PortfolioIssue } from './portfolio-error.js';

/** How many issues a reader collects before it stops, unless told otherwise. */
export const DEFAULT_MAX_ISSUES = 20;

/**
 * Gathers the issues of one file up to a limit. Readers keep going after an issue, so one run
 * reports many, but stop at the limit: a file that is wrong on every line says so in 20 lines,
 * not 100,000.
 */
export class IssueCollector {
  readonly file: string;
  readonly #max: number;
  readonly #issues: PortfolioIssue[] = [];
  #truncated = false;

  constructor(file: string, maxIssues = DEFAULT_MAX_ISSUES) {
    if (!Number.isInteger(maxIssues) || maxIssues < 1) throw new RangeError(`maxIssues must be a positive integer, got ${maxIssues}`);
    this.file = file;
    this.#max = maxIssues;
  }

  add(issue: Omit<PortfolioIssue, 'file'>): void {
    if (this.#issues.length >= this.#max) {
      this.#truncated = true;
      return;
    }
    this.#issues.push({ file: this.file, ...issue });
  }

  /** True once the limit is reached: the reader should stop. */
  get full(): boolean {
    return this.#issues.length >= this.#max;
  }

  get count(): number {
    return this.#issues.length;
  }

  /** Marks that reading stopped early with input left unchecked. */
  markTruncated(): void {
    this.#truncated = true;
  }

  /** Throws everything collected, if anything was. */
  throwIfAny(): void {
    if (this.#issues.length > 0) throw new PortfolioValidationError(this.file, this.#issues, this.#truncated);
  }

  /** Throws what was collected so far plus this last issue (for problems that end reading). */
  fail(issue: Omit<PortfolioIssue, 'file'>): never {
    this.add(issue);
    throw new PortfolioValidationError(this.file, this.#issues, this.#truncated);
  }
}
