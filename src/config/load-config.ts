import type { z } from 'zod';
import { ConfigAssembly } from './config-assembly.js';
import { fixedOrigin } from './config-source.js';
import { readConfigFile } from './config-file.js';
import { checkRequiredEnv, envHintFor, readMappedEnv, type EnvMap, type Environment } from './env.js';
import { FrozenConfig } from './frozen-config.js';
import { mergeOverrides, type ConfigOverrides } from './overrides.js';
import { validateConfig } from './validate.js';

/** Everything {@link loadConfig} reads; only `schema` is required. */
export interface LoadConfigOptions<S extends z.core.$ZodType<object>> {
  /** The schema of the whole config. Must be synchronous (no async refinements). */
  readonly schema: S;
  /** Lowest-precedence values, written in code. Schema `.default()`s apply after all layers. */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** Path to a YAML or JSON file (JSON is read as YAML, so errors get lines either way). */
  readonly file?: string;
  /** The environment to read; defaults to `process.env`. */
  readonly env?: Environment;
  /**
   * Variables mapped onto config paths: `{ APP_DATABASE_URL: 'database.url' }`, or
   * `{ APP_DATABASE_URL: { path: 'database.url', required: true, purpose: 'results database' } }`.
   * Values are converted by what the schema expects at the path (see `coerceEnvText`).
   */
  readonly envMap?: EnvMap;
  /** Variables start-up cannot do without, name → what it is for; checked before anything else. */
  readonly requiredEnv?: Readonly<Record<string, string>>;
  /** Highest precedence, e.g. from command-line flags; same forms as `withOverrides`. */
  readonly overrides?: ConfigOverrides;
}

/**
 * Loads, validates and deeply freezes the app's config, once, at start-up.
 *
 * Precedence, lowest first: `defaults` < `file` < environment (`envMap`) < `overrides`;
 * objects merge key by key, anything else is replaced by the later layer.
 *
 * Fails fast and completely, in this order (each step reports all of its problems at once):
 * 1. missing required environment variables ({@link MissingEnvironmentError}), by name and purpose;
 * 2. a file that cannot be read or parsed ({@link ConfigFileError}, {@link ConfigSyntaxError} with lines);
 * 3. forbidden keys (`__proto__`, `constructor`, `prototype`) in any input ({@link ForbiddenKeyError});
 * 4. schema violations and unknown keys ({@link ConfigValidationError}), each with its path and,
 *    where the value came from, the file line or variable name.
 */
export function loadConfig<S extends z.core.$ZodType<object>>(options: LoadConfigOptions<S>): FrozenConfig<z.core.output<S>> {
  const { schema, defaults, file, env = process.env, envMap = {}, requiredEnv = {}, overrides } = options;

  checkRequiredEnv(env, envMap, requiredEnv);
  const envValues = readMappedEnv(env, envMap, schema);
  const parsedFile = file === undefined ? undefined : readConfigFile(file);

  const assembly = new ConfigAssembly();
  if (defaults !== undefined) assembly.merge([], defaults, fixedOrigin({ kind: 'defaults' }));
  if (parsedFile !== undefined) assembly.merge([], parsedFile.data, parsedFile.locations);
  for (const { variable, path, value } of envValues) assembly.merge(path, value, fixedOrigin({ kind: 'env', variable }));
  if (overrides !== undefined) mergeOverrides(assembly, overrides, []);

  const value = validateConfig(schema, assembly.value, {
    subject: 'config',
    sourceOf: (path) => assembly.sourceOf(path),
    hintFor: envHintFor(envMap),
  });
  // A schema's output type is z.output<S> by definition; TypeScript cannot see that through the generic.
  const typedSchema = schema as unknown as z.core.$ZodType<z.core.output<S>>;
  return FrozenConfig.fromValidated(typedSchema, assembly.value, value);
}
