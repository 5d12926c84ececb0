import type { z } from 'zod';
import { splitDottedPath, type ConfigPath } from './config-path.js';
import { ConfigAssembly } from './config-assembly.js';
import { ConfigInputError } from './config-error.js';
import { fixedOrigin, type ConfigOrigin } from './config-source.js';
import type { DeepReadonly } from './deep-freeze.js';
import { isPlainObject } from './plain-object.js';
import { validateConfig } from './validate.js';
import { assertAllowedKey } from './untrusted-input.js';

/**
 * Changes to apply to a config, typically from a request. Top-level keys are dotted paths
 * (`'limits.ceiling': 0.2`, `'servers.0.port': 8080`) or plain keys whose object values merge
 * into the config (`{ limits: { ceiling: 0.2 } }`); both can be mixed and are applied in
 * order. Only top-level keys are split on dots: inside a nested object a dot is part of the key,
 * so a record keyed by host names still works. Objects merge; arrays and other values replace.
 *
 * Typed loosely on purpose: overrides arrive as untrusted JSON, and validation is what gives
 * them a type.
 */
export type ConfigOverrides = Readonly<Record<string, unknown>>;

/** The origin of every value an override writes. */
export const OVERRIDES_ORIGIN: ConfigOrigin = fixedOrigin({ kind: 'overrides' });

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return `an instance of ${typeof name === 'string' ? name : 'a class'}`;
}

/**
 * Applies `overrides` to an assembly under the path `at` (the slice they are for). Every path
 * segment is checked before anything is written; the assembly copies every value, so the
 * overrides object stays the caller's and is never adopted or changed.
 */
export function mergeOverrides(assembly: ConfigAssembly, overrides: unknown, at: ConfigPath, origin: ConfigOrigin = OVERRIDES_ORIGIN): void {
  if (!isPlainObject(overrides)) {
    throw new ConfigInputError(at, `overrides must be a plain object of paths to values, received ${describeKind(overrides)}`, origin.sourceOf(at));
  }
  for (const key of Object.keys(overrides)) {
    const segments = splitDottedPath(key);
    const path = [...at, ...segments];
    for (let i = at.length + 1; i <= path.length; i++) {
      const prefix = path.slice(0, i);
      if (prefix[i - 1] === '') throw new ConfigInputError(prefix, `override path "${key}" has an empty segment`, origin.sourceOf(prefix));
      assertAllowedKey(prefix, origin);
    }
    assembly.merge(path, overrides[key], origin);
  }
}

/**
 * Returns a new, validated value: `base` with `overrides` applied, checked against `schema`
 * (the schema of that part of the config, e.g. one section). Neither `base` nor `overrides` is
 * changed or shared with the result, which is mutable and the caller's own.
 *
 * Unknown keys, type errors and forbidden keys are refused with the path; see
 * {@link ConfigOverrides} for the accepted forms.
 *
 * `base` is re-validated as input, so a schema whose transforms produce values it would not
 * accept as input (a string parsed into a URL, say) cannot be used here; FrozenConfig's own
 * `withOverrides` and `slice(key, overrides)` start from the original input and have no such
 * restriction.
 */
export function applyOverrides<S extends z.core.$ZodType<object>>(
  schema: S,
  base: DeepReadonly<z.core.input<S>> | DeepReadonly<z.core.output<S>>,
  overrides: ConfigOverrides,
): z.core.output<S> {
  const assembly = new ConfigAssembly();
  assembly.merge([], base, fixedOrigin({ kind: 'base' }));
  mergeOverrides(assembly, overrides, []);
  return validateConfig(schema, assembly.value, { subject: 'config override', sourceOf: (path) => assembly.sourceOf(path) });
}
