import { TenureError } from '../errors/tenure-error.js';
import { formatPath, type ConfigPath } from './config-path.js';
import { describeSource, type ConfigSource } from './config-source.js';

/** One thing wrong with a config: where it is, what is wrong, and which input to fix. */
export interface ConfigIssue {
  readonly path: ConfigPath;
  /** What is wrong, without the path: `expected number, received string`. */
  readonly message: string;
  /** The input the offending value came from, when it can be told. */
  readonly source?: ConfigSource;
  /** How to fix it, when there is more to say than the message (e.g. which env var sets it). */
  readonly hint?: string;
}

/** `database.pool.max: expected number, received string (config.yaml:4:10)`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.source === undefined ? undefined : describeSource(issue.source);
  const notes = [where, issue.hint].filter((note) => note !== undefined);
  const suffix = notes.length === 0 ? '' : ` (${notes.join('; ')})`;
  return `${formatPath(issue.path)}: ${issue.message}${suffix}`;
}

function bulletList(lines: readonly string[]): string {
  return lines.map((line) => `  - ${line}`).join('\n');
}

/**
 * The config (or an override) does not satisfy its schema. Every issue is listed, not just the
 * first, so a start-up failure is fixed in one round trip instead of one per field.
 */
export class ConfigValidationError extends TenureError {
  readonly code = 'CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];

  constructor(subject: string, issues: readonly ConfigIssue[]) {
    const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`;
    super(`Invalid ${subject} (${count}):\n${bulletList(issues.map(formatIssue))}`);
    this.issues = issues;
  }
}

/** One syntax problem in a config file, with its 1-based position. */
export interface ConfigSyntaxProblem {
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly message: string;
}

/** A config file is not valid YAML (or JSON); every problem the parser found is listed. */
export class ConfigSyntaxError extends TenureError {
  readonly code = 'CONFIG_SYNTAX';
  readonly file: string;
  readonly problems: readonly ConfigSyntaxProblem[];

  constructor(file: string, problems: readonly ConfigSyntaxProblem[]) {
    const lines = problems.map(({ line, column, message }) => {
      const at = line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
      return `${at}: ${message}`;
    });
    super(`Config file ${file} is not valid YAML/JSON:\n${bulletList(lines)}`);
    this.file = file;
    this.problems = problems;
  }
}

/** A config file could not be read at all (missing, a directory, no permission). */
export class ConfigFileError extends TenureError {
  readonly code = 'CONFIG_FILE_UNREADABLE';
  readonly file: string;

  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot read config file ${file}: ${reason}`, { cause });
    this.file = file;
  }
}

/** A required environment variable, as reported when it is missing. */
export interface MissingVariable {
  readonly name: string;
  /** What the variable is for, so the operator knows what value to supply. */
  readonly purpose?: string;
  /** The config path it sets, when it is mapped onto one. */
  readonly path?: string;
}

/** Required environment variables are unset or empty; all of them are named together. */
export class MissingEnvironmentError extends TenureError {
  readonly code = 'CONFIG_ENV_MISSING';
  readonly variables: readonly MissingVariable[];

  constructor(variables: readonly MissingVariable[]) {
    const lines = variables.map(({ name, purpose, path }) => {
      const notes = [purpose, path === undefined ? undefined : `sets ${path}`].filter((note) => note !== undefined);
      return notes.length === 0 ? name : `${name}: ${notes.join('; ')}`;
    });
    const noun = variables.length === 1 ? 'variable' : 'variables';
    super(`Missing required environment ${noun} (${variables.length}):\n${bulletList(lines)}`);
    this.variables = variables;
  }
}

/**
 * An input tried to use `__proto__`, `constructor` or `prototype` as a key. Such keys are how
 * a merge reaches Object.prototype or a shared object, so they are refused outright wherever
 * they appear, before anything is built.
 */
export class ForbiddenKeyError extends TenureError {
  readonly code = 'CONFIG_FORBIDDEN_KEY';
  readonly path: ConfigPath;
  readonly source: ConfigSource;

  constructor(path: ConfigPath, source: ConfigSource) {
    const where = describeSource(source);
    const key = String(path[path.length - 1]);
    super(`Forbidden key "${key}" at ${formatPath(path)}${where === undefined ? '' : ` (${where})`}: keys __proto__, constructor and prototype are never accepted in config`);
    this.path = path;
    this.source = source;
  }
}

/**
 * An input has a shape no config can have: a cycle, a malformed dotted path, an index outside
 * an array, overrides that are not an object, a value that cannot be frozen.
 */
export class ConfigInputError extends TenureError {
  readonly code = 'CONFIG_BAD_INPUT';
  readonly path: ConfigPath;
  readonly source: ConfigSource | undefined;

  constructor(path: ConfigPath, problem: string, source?: ConfigSource) {
    const where = source === undefined ? undefined : describeSource(source);
    super(`${formatPath(path)}: ${problem}${where === undefined ? '' : ` (${where})`}`);
    this.path = path;
    this.source = source;
  }
}
