import { z } from 'zod';
import { formatPath, type ConfigPath } from './config-path.js';
import { ConfigValidationError, type ConfigIssue } from './config-error.js';
import type { ConfigSource } from './config-source.js';
import { isPlainObject } from './plain-object.js';
import { findUnknownKeys } from './schema-shape.js';

/** What validation needs besides the schema: how to name the input and where paths came from. */
export interface ValidationContext {
  /** Names the thing validated in the error headline: "config", "config override". */
  readonly subject: string;
  /** The input a path's value came from, so an issue can name the file line or variable. */
  sourceOf(path: ConfigPath): ConfigSource | undefined;
  /** Extra advice for an issue at a path (e.g. which env variable sets it). */
  hintFor?(path: ConfigPath): string | undefined;
}

const UNKNOWN_KEY = 'unknown key, not in the schema';

/** zod prefixes type errors with "Invalid input: "; the path already says the input is wrong. */
function tidy(message: string): string {
  return message.replace(/^Invalid input: /, '');
}

function normalizePath(path: readonly PropertyKey[]): ConfigPath {
  return path.map((segment) => (typeof segment === 'symbol' ? segment.toString() : segment));
}

/** The value at `path`, or undefined when any step is missing. */
function valueAt(root: unknown, path: ConfigPath): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isPlainObject(current) && Object.hasOwn(current, String(segment))) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

type RawIssue = z.core.$ZodIssue;

/** Turns one zod issue into the issues people read: one per unknown key, unions explained. */
function describeIssue(issue: RawIssue, input: unknown): { path: ConfigPath; message: string }[] {
  const path = normalizePath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: UNKNOWN_KEY }));
    case 'invalid_type':
      if (valueAt(input, path) === undefined && issue.expected !== 'undefined') {
        return [{ path, message: `missing required value (expected ${issue.expected})` }];
      }
      return [{ path, message: tidy(issue.message) }];
    case 'invalid_union': {
      if (issue.errors.length === 0) return [{ path, message: tidy(issue.message) }];
      const alternatives = issue.errors.map((branch) =>
        branch.map((inner) => (inner.path.length === 0 ? '' : `${formatPath(inner.path)}: `) + tidy(inner.message)).join(', '),
      );
      return [{ path, message: `matches none of the allowed alternatives: ${alternatives.join(' | ')}` }];
    }
    default:
      return [{ path, message: tidy(issue.message) }];
  }
}

/**
 * Validates `input` against `schema` and returns zod's output, or throws one
 * {@link ConfigValidationError} listing every problem: zod's issues and every key the schema
 * would otherwise have dropped silently (a typo in a config file or an override must not pass
 * for a setting). Each issue names its path and, where known, the file line or variable.
 *
 * The schema must be synchronous (no async refinements): config is validated at start-up and
 * on the request path, where a surprise await does not belong.
 */
export function validateConfig<S extends z.core.$ZodType>(schema: S, input: unknown, context: ValidationContext): z.core.output<S> {
  const result = z.safeParse(schema, input);
  const described = result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, input));
  const unknown = findUnknownKeys(schema, input).map((path) => ({ path, message: UNKNOWN_KEY }));

  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const { path, message } of [...described, ...unknown]) {
    const identity = `${formatPath(path)}\u0000${message}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const source = context.sourceOf(path);
    const hint = message.startsWith('missing required value') ? context.hintFor?.(path) : undefined;
    issues.push({ path, message, ...(source === undefined ? {} : { source }), ...(hint === undefined ? {} : { hint }) });
  }
  if (issues.length > 0 || !result.success) throw new ConfigValidationError(context.subject, issues);
  return result.data;
}
