import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatDay, parseDay, type Day } from '../valuation/dates/day.js';
import { generatePortfolio } from '../valuation/portfolio/generate-portfolio.js';
import { DEFAULT_MAX_ISSUES } from '../valuation/portfolio/issue-collector.js';
import { describeCounts, countByKind } from '../valuation/portfolio/portfolio.js';
import { PORTFOLIO_FORMATS, portfolioFormatOf, type PortfolioFormat } from '../valuation/portfolio/portfolio-format.js';
import { readPortfolio } from '../valuation/portfolio/read-portfolio.js';
import { formatPortfolio } from '../valuation/portfolio/write-portfolio.js';
import { EXIT_BAD_INPUT } from './exit-codes.js';

/** The effective date of the example portfolio, and of `generate` when --date is not given. */
export const DEFAULT_EFFECTIVE_DATE = '2023-12-29';
/** Far beyond any test portfolio; a typo (an extra zero or three) should not fill the disk. */
const MAX_GENERATED_POSITIONS = 10_000_000;

interface GenerateOptions {
  readonly positions: number;
  readonly seed: number;
  readonly date?: Day;
  readonly format?: PortfolioFormat;
  readonly out?: string;
}

interface CheckOptions {
  readonly maxIssues: number;
}

/**
 * `tenure portfolio generate` and `tenure portfolio check`. Bad flags and bad files exit 2:
 * flag errors through commander, file errors as PortfolioValidationError (PORTFOLIO_INVALID).
 */
export function registerPortfolioCommand(program: Command, out: (text: string) => void): void {
  const portfolio = program.command('portfolio').description('generate and check portfolio files (CSV or JSON)');

  portfolio
    .command('generate')
    .description('generate a deterministic test portfolio (about 50% bonds, 30% MBS pools, 20% swaps): the same flags give the same bytes')
    .requiredOption('--positions <n>', `number of positions (1 to ${MAX_GENERATED_POSITIONS.toLocaleString('en-US')})`, parsePositionCount)
    .requiredOption('--seed <s>', 'seed of the random generator, a non-negative integer', parseSeed)
    .option('--date <yyyy-mm-dd>', `effective date the positions are live on (default ${DEFAULT_EFFECTIVE_DATE})`, parseDate)
    .addOption(new Option('--format <format>', 'file format (default: from the --out extension, else csv)').choices(PORTFOLIO_FORMATS))
    .option('--out <file>', 'write the portfolio to this .csv or .json file (default: print it to stdout)')
    .action(async (options: GenerateOptions, command: Command) => {
      const format = resolveFormat(options, command);
      const effectiveDate = options.date ?? parseDay(DEFAULT_EFFECTIVE_DATE)!;
      const positions = generatePortfolio({ positions: options.positions, seed: options.seed, effectiveDate });
      const text = formatPortfolio(format, positions);
      if (options.out === undefined) {
        // `out` ends what it prints with a newline, and so does the text: print all but that.
        out(text.slice(0, -1));
        return;
      }
      try {
        await writeFile(options.out, text);
      } catch (error) {
        command.error(`error: cannot write ${options.out}: ${error instanceof Error ? error.message : String(error)}`, { exitCode: EXIT_BAD_INPUT, code: 'tenure.cannotWrite' });
      }
      out(`wrote ${options.out}: ${positions.length} positions (${describeCounts(countByKind(positions))}), seed ${options.seed}, effective ${formatDay(effectiveDate)}`);
    });

  portfolio
    .command('check <file>')
    .description('validate a portfolio file (.csv or .json); errors name the file, line and field')
    .option('--max-issues <n>', 'stop after this many issues', parsePositiveInteger, DEFAULT_MAX_ISSUES)
    .action(async (file: string, options: CheckOptions) => {
      const checked = await readPortfolio(file, { maxIssues: options.maxIssues });
      out(`${file}: valid, ${checked.positions.length} positions (${describeCounts(checked.counts)}), sha256 ${checked.sourceHash}`);
    });
}

/** --format, else the --out extension, else CSV; a contradiction or an unknown extension is a bad flag. */
function resolveFormat(options: GenerateOptions, command: Command): PortfolioFormat {
  if (options.out === undefined) return options.format ?? 'csv';
  const implied = portfolioFormatOf(options.out);
  if (implied === undefined) {
    command.error(`error: --out ${options.out}: a portfolio file name ends in .csv or .json`, { exitCode: EXIT_BAD_INPUT, code: 'tenure.badOut' });
  }
  if (options.format !== undefined && options.format !== implied) {
    command.error(`error: --format ${options.format} contradicts --out ${options.out}`, { exitCode: EXIT_BAD_INPUT, code: 'tenure.badFormat' });
  }
  return implied;
}

function parsePositiveInteger(text: string): number {
  const value = /^\d+$/u.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${text}"`);
  return value;
}

function parsePositionCount(text: string): number {
  const value = parsePositiveInteger(text);
  if (value > MAX_GENERATED_POSITIONS) throw new InvalidArgumentError(`at most ${MAX_GENERATED_POSITIONS} positions, got ${text}`);
  return value;
}

function parseSeed(text: string): number {
  const value = /^\d+$/u.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(`expected a non-negative integer up to 2^53 - 1, got "${text}"`);
  return value;
}

function parseDate(text: string): Day {
  const day = parseDay(text);
  if (day === undefined) throw new InvalidArgumentError(`expected a calendar date YYYY-MM-DD, got "${text}"`);
  return day;
}
