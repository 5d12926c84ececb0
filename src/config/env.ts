import type { z } from 'zod';
import { isPrefixOf, splitDottedPath, type ConfigPath } from './config-path.js';
import { ConfigInputError, MissingEnvironmentError, type MissingVariable } from './config-error.js';
import { fixedOrigin } from './config-source.js';
import { expectedKindsAt, type ValueKind } from './schema-shape.js';
import { assertAllowedKey } from './untrusted-input.js';

/** The process environment, or a stand-in for it in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Where an environment variable goes in the config, and whether start-up needs it. */
export interface EnvBinding {
  /** Dotted config path the variable sets, e.g. `database.url`. */
  readonly path: string;
  /** When true, start-up fails if the variable is unset or empty. */
  readonly required?: boolean;
  /** What the variable is for; shown when it is missing. */
  readonly purpose?: string;
}

/** Variable name → dotted config path, or a full {@link EnvBinding}. */
export type EnvMap = Readonly<Record<string, string | EnvBinding>>;

/** A mapped variable's value, converted to what the schema expects at its path. */
export interface EnvValue {
  readonly variable: string;
  readonly path: ConfigPath;
  readonly value: unknown;
}

function bindingOf(entry: string | EnvBinding): EnvBinding {
  return typeof entry === 'string' ? { path: entry } : entry;
}

/**
 * An empty variable counts as unset: `FOO=` in a compose file or a shell usually means "not
 * configured", and treating it as an empty string would turn a missing secret into a puzzling
 * validation error far from its cause.
 */
function readVariable(env: Environment, name: string): string | undefined {
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  return value === '' ? undefined : value;
}

/**
 * Fails with every missing required variable named at once: those in `requiredEnv`
 * (name → purpose) and the `envMap` bindings marked required.
 */
export function checkRequiredEnv(env: Environment, envMap: EnvMap, requiredEnv: Readonly<Record<string, string>>): void {
  const missing: MissingVariable[] = [];
  for (const [name, purpose] of Object.entries(requiredEnv)) {
    if (readVariable(env, name) !== undefined) continue;
    const mapped = Object.hasOwn(envMap, name) ? envMap[name] : undefined;
    missing.push({ name, purpose, ...(mapped === undefined ? {} : { path: bindingOf(mapped).path }) });
  }
  for (const [name, entry] of Object.entries(envMap)) {
    const binding = bindingOf(entry);
    if (binding.required !== true || Object.hasOwn(requiredEnv, name) || readVariable(env, name) !== undefined) continue;
    missing.push({ name, path: binding.path, ...(binding.purpose === undefined ? {} : { purpose: binding.purpose }) });
  }
  if (missing.length > 0) throw new MissingEnvironmentError(missing);
}

/** Checks an env binding's dotted path: no empty segment, no forbidden key. */
function parseBindingPath(variable: string, dotted: string): ConfigPath {
  const segments = splitDottedPath(dotted);
  const origin = fixedOrigin({ kind: 'env', variable });
  segments.forEach((segment, i) => {
    const path = segments.slice(0, i + 1);
    if (segment === '') throw new ConfigInputError(path, `env binding path "${dotted}" has an empty segment`, origin.sourceOf(path));
    assertAllowedKey(path, origin);
  });
  return segments;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
]);

/**
 * Environment variables are text; the schema decides what they become. Where the schema
 * accepts a string (or anything), the text is kept as is: a password of `0123` stays a string.
 * Where it expects only a number, number-like text becomes a number; only a boolean, `true`,
 * `false`, `1` or `0`; a bigint, integer text; a date, parseable date text; an object or array,
 * JSON text. Anything else is passed through unchanged, so validation rejects it and names the
 * variable: `pool.max: expected number, received string (env POOL_MAX)`.
 */
export function coerceEnvText(text: string, kinds: ReadonlySet<ValueKind>): unknown {
  if (kinds.size === 0 || kinds.has('string') || kinds.has('anything')) return text;
  const trimmed = text.trim();
  if (kinds.has('number') && NUMBER.test(trimmed)) return Number(trimmed);
  const flag = BOOLEANS.get(trimmed.toLowerCase());
  if (kinds.has('boolean') && flag !== undefined) return flag;
  if (kinds.has('bigint') && /^[+-]?\d+$/.test(trimmed)) return BigInt(trimmed);
  if (kinds.has('null') && trimmed === 'null') return null;
  if (kinds.has('date')) {
    const date = new Date(trimmed);
    if (!Number.isNaN(date.getTime())) return date;
  }
  if (kinds.has('structured')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** The set, non-empty mapped variables, each converted for its path (see {@link coerceEnvText}). */
export function readMappedEnv(env: Environment, envMap: EnvMap, schema: z.core.$ZodType): EnvValue[] {
  const values: EnvValue[] = [];
  for (const [variable, entry] of Object.entries(envMap)) {
    const path = parseBindingPath(variable, bindingOf(entry).path);
    const text = readVariable(env, variable);
    if (text === undefined) continue;
    values.push({ variable, path, value: coerceEnvText(text, expectedKindsAt(schema, path)) });
  }
  return values;
}

/** For a path some variable sets: "set by env NAME", to add to "missing" issues. */
export function envHintFor(envMap: EnvMap): (path: ConfigPath) => string | undefined {
  const bindings = Object.entries(envMap).map(([variable, entry]) => ({ variable, path: splitDottedPath(bindingOf(entry).path) }));
  return (path) => {
    const variables = bindings
      .filter((binding) => binding.path.length === path.length && isPrefixOf(binding.path, path))
      .map((binding) => binding.variable);
    return variables.length === 0 ? undefined : `set by env ${variables.join(' or ')}`;
  };
}
