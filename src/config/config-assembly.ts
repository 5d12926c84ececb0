import { asArrayIndex, formatPath, isPrefixOf, type ConfigPath } from './config-path.js';
import { ConfigInputError } from './config-error.js';
import type { ConfigOrigin, ConfigSource } from './config-source.js';
import { isPlainObject, setOwnProperty } from './plain-object.js';
import { assertAllowedKey, copyUntrusted } from './untrusted-input.js';

interface Write {
  readonly path: ConfigPath;
  readonly origin: ConfigOrigin;
}

/**
 * Builds the raw (not yet validated) config by layering inputs: defaults, then a file, then
 * environment variables, then overrides; a later layer wins where both set a value.
 *
 * Every object in the result is freshly made here: inputs are copied, never adopted and never
 * mutated, so nothing the caller holds can change the config later and freezing the config can
 * never freeze the caller's objects. Writes use defineProperty, never assignment, so no key can
 * travel up a prototype chain; forbidden keys are refused anyway.
 *
 * It also remembers which layer wrote each path, so a validation issue can name the input to
 * fix (file and line, env variable, overrides).
 */
export class ConfigAssembly {
  #root: unknown = {};
  readonly #writes: Write[] = [];

  /** The assembled raw value. Owned by the assembly: hand it to validation, not to callers. */
  get value(): unknown {
    return this.#root;
  }

  /**
   * Merges `value` at `path`: plain objects merge key by key, anything else (arrays included)
   * replaces what was there. Missing intermediate objects are created; numeric segments index
   * into existing arrays.
   */
  merge(path: ConfigPath, value: unknown, origin: ConfigOrigin): void {
    for (let i = 1; i <= path.length; i++) assertAllowedKey(path.slice(0, i), origin);
    this.#root = this.#setIn(this.#root, path, 0, value, origin);
  }

  /** The source of the latest layer that wrote `path` or one of its ancestors. */
  sourceOf(path: ConfigPath): ConfigSource | undefined {
    for (let i = this.#writes.length - 1; i >= 0; i--) {
      const write = this.#writes[i]!;
      if (isPrefixOf(write.path, path)) return write.origin.sourceOf(path);
    }
    return undefined;
  }

  #setIn(container: unknown, path: ConfigPath, depth: number, value: unknown, origin: ConfigOrigin): unknown {
    if (depth === path.length) return this.#mergeValue(container, value, path, origin);
    const segment = path[depth]!;
    if (Array.isArray(container)) {
      const index = asArrayIndex(segment);
      if (index === undefined || index >= container.length) {
        const at = path.slice(0, depth);
        throw new ConfigInputError(
          [...at, index ?? segment],
          `"${segment}" is not an index of the array at ${formatPath(at)}, which has ${container.length} items`,
          origin.sourceOf(path),
        );
      }
      container[index] = this.#setIn(container[index], path, depth + 1, value, origin);
      return container;
    }
    // Created intermediates are not recorded as writes: a layer that sets `database.url` does
    // not thereby own `database.pool`.
    const target = isPlainObject(container) ? container : {};
    const key = String(segment);
    const current = Object.hasOwn(target, key) ? target[key] : undefined;
    setOwnProperty(target, key, this.#setIn(current, path, depth + 1, value, origin));
    return target;
  }

  #mergeValue(existing: unknown, incoming: unknown, path: ConfigPath, origin: ConfigOrigin): unknown {
    if (isPlainObject(existing) && isPlainObject(incoming)) {
      for (const key of Object.keys(incoming)) {
        const childPath = [...path, key];
        assertAllowedKey(childPath, origin);
        const current = Object.hasOwn(existing, key) ? existing[key] : undefined;
        setOwnProperty(existing, key, this.#mergeValue(current, incoming[key], childPath, origin));
      }
      return existing;
    }
    this.#writes.push({ path, origin });
    return copyUntrusted(incoming, path, origin);
  }
}
