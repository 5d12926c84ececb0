import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { TenureError } from '../errors/tenure-error.js';
import { checkConfigFile } from './config-check.js';
import { registerPortfolioCommand } from './portfolio-command.js';
import { backtestCommand, type BacktestCommandOptions } from './backtest-command.js';
import { registerFeedCommand } from './feed-command.js';
import { operateCommand, type OperateCommandOptions } from './operate-command.js';
import { EXAMPLE_TRADING, parseSetting } from './trading-paths.js';
import { eodCommand, EXAMPLE_INPUTS, type EodCommandOptions } from './eod-command.js';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { selfCheck } from './selfcheck.js';
import { collect, parsePort, parsePositiveNumber, serveCommand, type ServeCommandOptions } from './serve-command.js';
import { registerWorkerCommand } from './worker-command.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The `tenure` command line. Returns the exit code instead of calling process.exit, so that
 * every scope can close and every log line can flush before the process ends.
 */
export async function main(argv: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('tenure')
    .description('Gives every object in a quantitative workload the right lifetime.')
    .version(packageJson.version)
    .exitOverride()
    .configureOutput({ writeOut: (text) => { out(text.trimEnd()); }, writeErr: (text) => { err(text.trimEnd()); } });

  program
    .command('selfcheck')
    .description('run the core end to end: scopes per run, a bounded lazy registry cleared between runs, a leak check after each run')
    .option('--runs <n>', 'number of runs', parsePositiveInteger, 10)
    .action(async (options: { runs: number }) => {
      const result = await selfCheck({ runs: options.runs, log: out });
      out(result.ok
        ? `selfcheck ok: ${result.runs} runs, ${result.instantiations} instantiations, ${result.leakChecks} leak checks clean`
        : 'selfcheck FAILED: see the leak report above');
      exitCode = result.ok ? EXIT_OK : EXIT_FAILED;
    });

  program
    .command('eod')
    .description('run the end-of-day valuation: load, value every position with all suites, persist results and an audit record in one transaction, report')
    .option('--portfolio <file>', 'portfolio file (.csv or .json), or db:<id> for a portfolio saved in the database', EXAMPLE_INPUTS.portfolio)
    .option('--market <file>', 'Treasury par yield CSV holding the effective date', EXAMPLE_INPUTS.market)
    .option('--date <yyyy-mm-dd>', 'effective date', EXAMPLE_INPUTS.date)
    .option('--models <dir>', 'directory of prepayment model files', EXAMPLE_INPUTS.models)
    .option('--database <url>', 'results database: a SQLite file path or postgres://… URL (default: DATABASE_URL, else .tenure/results.db)')
    .option('--database-schema <name>', 'PostgreSQL only: keep the tables in this schema')
    .option('--run-id <id>', 'run id (default: derived from the date and the inputs, so a re-run is idempotent)')
    .option('--report-dir <dir>', 'where the CSV and HTML reports go (default: .tenure/reports/<run id>)')
    .option('--force', 'value again even if this run id already succeeded')
    .option('--no-progress', 'log lines instead of a progress bar, even on a terminal')
    .option('--distributed', 'coordinate only: queue the portfolio in partitions for `tenure worker` processes (needs --database postgres://… and Redis; workers need the same input files, or the portfolio in the database)')
    .option('--redis <url>', 'Redis: the shared tier for market data and models, and with --distributed the job queue (default: REDIS_URL; without it and without --distributed, no Redis)')
    .option('--queue-prefix <prefix>', 'with --distributed: key prefix of the queue, the same as the workers\' (default: bull)')
    .option('--partition-size <n>', 'with --distributed: positions per partition job (default 5000)', parsePositiveInteger)
    .option('--wait-timeout <seconds>', 'with --distributed: fail the run if the partitions are not all done by then (default 3600)', parsePositiveNumber)
    .action(async (options: EodCommandOptions) => {
      exitCode = await eodCommand(options, { tenure: packageJson.version, node: process.version }, out);
    });

  program
    .command('serve')
    .description('run the model-development server: sessions keep a portfolio, market data and models loaded (parameter-only iterations are delta runs); backtest requests run in the background and are saved to the results database')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 8080)
    .option('--idle-timeout-minutes <minutes>', 'a session unused this long expires', parsePositiveNumber, 30)
    .option('--max-sessions <n>', 'sessions open at once (default 20)', parsePositiveInteger)
    .option('--admin-token <token>', 'token for the admin routes (default: TENURE_ADMIN_TOKEN; none: admin routes answer 401)')
    .option('--body-limit <bytes>', 'largest request body accepted (default 1 MiB)', parsePositiveInteger)
    .option('--data-dir <dir>', 'a directory clients may name files in; repeatable (default: the examples and the working directory)', collect)
    .option('--blueprints <dir>', 'directory of the strategy blueprints backtest requests may name', EXAMPLE_TRADING.blueprints)
    .option('--environments <dir>', 'directory of the execution environments backtest requests may name', EXAMPLE_TRADING.environments)
    .option('--database <url>', 'results database for backtests: a SQLite file path or postgres://… URL (default: DATABASE_URL, else .tenure/results.db)')
    .option('--redis <url>', 'shared tier for market data: redis://… (default: REDIS_URL; none: each session reads its files)')
    .action(async (options: ServeCommandOptions) => {
      exitCode = await serveCommand(options, out);
    });

  registerPortfolioCommand(program, out);

  registerWorkerCommand(program, out);

  program
    .command('backtest')
    .description('run one backtest request (fresh components, config slice + overrides) and save it to the results database; or a parameter sweep over worker threads')
    .requiredOption('--blueprint <id>', 'strategy blueprint id (a file <id>.yaml in --blueprints)')
    .requiredOption('--environment <id>', 'backtest environment id (a file <id>.yaml in --environments)')
    .option('--blueprints <dir>', 'directory of strategy blueprints', EXAMPLE_TRADING.blueprints)
    .option('--environments <dir>', 'directory of execution environments', EXAMPLE_TRADING.environments)
    .option('--set <path=value>', 'override, relative to the run config; repeatable (e.g. blueprint.workers.fast.params.period=12, environment.cash=50000)', parseSetting)
    .option('--sweep <path=[v1,v2,...]>', 'sweep a parameter over a JSON array of values; repeatable (combinations of all)', parseSetting)
    .option('--threads <n>', 'worker threads for a sweep (default: the core count)', parseNonNegativeInteger)
    .option('--distributed', 'with --sweep: queue the variants on Redis for `tenure worker` processes instead of local threads')
    .option('--redis <url>', 'with --distributed: Redis the workers listen on (default: REDIS_URL, else redis://127.0.0.1:6379)')
    .option('--queue-prefix <prefix>', 'with --distributed: BullMQ key prefix the workers use')
    .option('--database <url>', 'results database: a SQLite file path or postgres://… URL (default: DATABASE_URL, else .tenure/results.db)')
    .option('--database-schema <name>', 'PostgreSQL only: keep the tables in this schema')
    .option('--equity-csv <file>', 'also write the equity curve to this CSV file')
    .option('--json', 'print the result as one JSON line')
    .action(async (options: BacktestCommandOptions) => {
      exitCode = await backtestCommand(options, out);
    });

  program
    .command('operate')
    .description('run an operation: every active strategy link at once (live against a feed, or backtest), each with its own context provider; stops cleanly and leak-checks every strategy scope')
    .argument('[operation]', 'operation YAML file', EXAMPLE_TRADING.operation)
    .option('--feed <url>', 'feed address for every live strategy, instead of its environment\'s (e.g. a local `tenure feed simulate`)')
    .option('--duration <seconds>', 'stop every strategy after this long', parsePositiveNumber)
    .action(async (file: string, options: OperateCommandOptions) => {
      exitCode = await operateCommand(file, options, out);
    });

  registerFeedCommand(program, out);

  const config = program.command('config').description('work with tenure configuration files');
  config
    .command('check <file>')
    .description('validate a YAML or JSON config file; errors name the field, file and line')
    .action((file: string) => {
      const summary = checkConfigFile(file);
      out(`${file}: valid (${summary})`);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (error instanceof TenureError) {
      err(`tenure: ${error.message}`);
      return isBadInput(error) ? EXIT_BAD_INPUT : EXIT_FAILED;
    }
    err(`tenure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_FAILED;
  }
}

/** Codes of errors about the input (exit 2: nothing was attempted), by naming convention. */
function isBadInput(error: TenureError): boolean {
  return error.code.startsWith('CONFIG_') || error.code.startsWith('BAD_') || error.code.endsWith('_INVALID');
}

function parseNonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new CommanderError(EXIT_BAD_INPUT, 'tenure.invalidNumber', `expected a whole number ≥ 0, got "${text}"`);
  return value;
}

function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new CommanderError(EXIT_BAD_INPUT, 'tenure.invalidNumber', `expected a positive integer, got "${text}"`);
  return value;
}
