import type { ConfigPath } from './config-path.js';
import { ConfigInputError, ForbiddenKeyError } from './config-error.js';
import type { ConfigOrigin } from './config-source.js';
import { isPlainObject, setOwnProperty } from './plain-object.js';

/**
 * Keys that reach an object's prototype or its constructor. JSON.parse makes `__proto__` an
 * ordinary own key, so a request body can carry it; refusing these names everywhere is simpler
 * and safer than reasoning about which merge step might honour them.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Throws {@link ForbiddenKeyError} when the last segment of `path` is a forbidden key. */
export function assertAllowedKey(path: ConfigPath, origin: ConfigOrigin): void {
  const key = path[path.length - 1];
  if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(path, origin.sourceOf(path));
}

/**
 * Copies a value that came from outside (a file, the environment, a request) into fresh
 * objects the config owns, refusing forbidden keys and cycles on the way.
 *
 * Why copy: the result is later validated and frozen, and freezing must never reach an object
 * the caller still holds; and the caller must not be able to change the config afterwards by
 * mutating what it passed in. Plain objects, arrays, Maps, Sets and Dates are copied; any other
 * object (a class instance) is kept by reference, because it cannot be copied faithfully.
 */
export function copyUntrusted(value: unknown, path: ConfigPath, origin: ConfigOrigin): unknown {
  return copy(value, path, origin, new WeakSet());
}

function copy(value: unknown, path: ConfigPath, origin: ConfigOrigin, ancestors: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) {
    throw new ConfigInputError(path, 'the value contains a cycle (it refers back to one of its own ancestors)', origin.sourceOf(path));
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return Array.from(value as unknown[], (item, index) => copy(item, [...path, index], origin, ancestors));
    }
    if (isPlainObject(value)) {
      const result = {};
      for (const key of Object.keys(value)) {
        const childPath = [...path, key];
        assertAllowedKey(childPath, origin);
        setOwnProperty(result, key, copy(value[key], childPath, origin, ancestors));
      }
      return result;
    }
    if (value instanceof Date) return new Date(value.getTime());
    if (value instanceof Map) {
      const result = new Map<unknown, unknown>();
      for (const [key, item] of value as Map<unknown, unknown>) {
        result.set(key, copy(item, [...path, String(key)], origin, ancestors));
      }
      return result;
    }
    if (value instanceof Set) {
      const result = new Set<unknown>();
      let index = 0;
      for (const item of value as Set<unknown>) result.add(copy(item, [...path, index++], origin, ancestors));
      return result;
    }
    return value;
  } finally {
    ancestors.delete(value);
  }
}
