import type { z } from 'zod';
import { ConfigAssembly } from './config-assembly.js';
import { fixedOrigin } from './config-source.js';
import { deepCopy } from './deep-copy.js';
import { deepFreeze, type DeepReadonly } from './deep-freeze.js';
import { mergeOverrides, type ConfigOverrides } from './overrides.js';
import { validateConfig } from './validate.js';

const BASE_ORIGIN = fixedOrigin({ kind: 'base' });

/**
 * A validated, deeply frozen config: the app-lifetime object a service builds once at
 * start-up and shares with every request. It can never change. Requests take what they need
 * from it as new objects: {@link slice} for a mutable copy of one part (optionally with
 * overrides), {@link withOverrides} for a whole new frozen config.
 *
 * Created by `loadConfig`; there is no public constructor, so every FrozenConfig has been
 * validated.
 */
export class FrozenConfig<T> {
  /** The validated config, frozen all the way down. */
  readonly value: DeepReadonly<T>;
  /** The schema it was validated against; overrides are validated against it too. */
  readonly schema: z.core.$ZodType<T>;
  /**
   * The raw input the value was parsed from (frozen, private). Overrides are applied to it and
   * parsed again, rather than to the output, so transforms and defaults behave exactly as they
   * did at start-up.
   */
  readonly #input: unknown;

  private constructor(schema: z.core.$ZodType<T>, input: unknown, value: T) {
    this.schema = schema;
    this.#input = deepFreeze(input);
    this.value = deepFreeze(value);
    Object.freeze(this);
  }

  /**
   * Wraps an already validated value. Internal to the config module (loadConfig and
   * withOverrides); `input` and `value` must be fresh objects nobody else holds, because they
   * are frozen in place.
   * @internal
   */
  static fromValidated<T>(schema: z.core.$ZodType<T>, input: unknown, value: T): FrozenConfig<T> {
    return new FrozenConfig(schema, input, value);
  }

  /**
   * A deep, mutable copy of one part of the config (e.g. one mode's section), for a request to
   * own. Changing it never touches this config. With `overrides` (relative to that part: `{
   * 'limits.ceiling': 0.2 }`), they are applied and the whole config is validated again, so
   * cross-section rules still hold; errors name the full path (`batch.limits.ceiling`).
   */
  slice<K extends keyof T>(key: K, overrides?: ConfigOverrides): T[K] {
    if (overrides === undefined) return deepCopy((this.value as T)[key]);
    return this.#validateWith(overrides, [String(key)]).value[key];
  }

  /**
   * A new frozen config with `overrides` applied and validated. This config is unchanged; the
   * result shares no objects with it.
   */
  withOverrides(overrides: ConfigOverrides): FrozenConfig<T> {
    const { input, value } = this.#validateWith(overrides, []);
    return new FrozenConfig(this.schema, input, value);
  }

  #validateWith(overrides: ConfigOverrides, at: readonly string[]): { input: unknown; value: T } {
    const assembly = new ConfigAssembly();
    assembly.merge([], this.#input, BASE_ORIGIN);
    mergeOverrides(assembly, overrides, at);
    const value = validateConfig(this.schema, assembly.value, {
      subject: 'config override',
      sourceOf: (path) => assembly.sourceOf(path),
    });
    return { input: assembly.value, value };
  }
}
