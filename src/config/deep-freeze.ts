import { ConfigInputError } from './config-error.js';
import type { ConfigPath } from './config-path.js';

/**
 * The type of a deeply frozen value: every property, array, Map and Set read-only, all the
 * way down. Functions and primitives are left as they are.
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends Date
    ? T
    : T extends ReadonlyMap<infer K, infer V>
      ? ReadonlyMap<DeepReadonly<K>, DeepReadonly<V>>
      : T extends ReadonlySet<infer V>
        ? ReadonlySet<DeepReadonly<V>>
        : T extends object
          ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
          : T;

function refuseMutation(kind: string, method: string): () => never {
  return () => {
    throw new TypeError(`Cannot call ${method} on a frozen ${kind}: config is read-only; slice it to get a mutable copy`);
  };
}

/** Methods that change a Map, Set or Date in place; Object.freeze alone does not stop them. */
const MAP_MUTATORS = ['set', 'delete', 'clear'] as const;
const SET_MUTATORS = ['add', 'delete', 'clear'] as const;
const DATE_MUTATORS = Object.getOwnPropertyNames(Date.prototype).filter((name) => name.startsWith('set'));

function shadowMutators(target: object, kind: string, methods: readonly string[]): void {
  for (const method of methods) {
    Object.defineProperty(target, method, { value: refuseMutation(kind, method), writable: false, enumerable: false, configurable: false });
  }
}

/**
 * Freezes `value` and everything reachable from it: object properties (including symbol keys
 * and non-enumerable ones), array items, Map keys and values, Set items. Cycles and shared
 * references are visited once.
 *
 * Object.freeze does not reach the internal slots of Maps, Sets and Dates, so those get their
 * mutating methods (`set`/`add`/`delete`/`clear`, `setX` on Dates) shadowed by own properties
 * that throw a TypeError, then are frozen so the shadows cannot be removed. This stops every
 * ordinary mutation; a caller determined to write `Map.prototype.set.call(frozenMap, k, v)` can
 * still get through, which is why config schemas should prefer records and arrays.
 *
 * Typed arrays and ArrayBuffers are refused: their bytes cannot be frozen at all, and a value
 * that only looks frozen is worse than one that is plainly mutable.
 *
 * Accessor properties are frozen in place (they cannot be redefined) but not called: running
 * getters while freezing could have side effects. Functions are left alone: they are code the
 * caller owns, not data, and freezing them would reach outside the config.
 */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  freeze(value, [], new WeakSet());
  return value as DeepReadonly<T>;
}

function freeze(value: unknown, path: ConfigPath, seen: WeakSet<object>): void {
  if (typeof value !== 'object' || value === null) return;
  if (seen.has(value)) return;
  seen.add(value);

  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
    throw new ConfigInputError(path, `${value.constructor.name} cannot be deeply frozen (its bytes stay writable); keep binary data out of config`);
  }
  if (value instanceof Map) {
    for (const [key, item] of value as Map<unknown, unknown>) {
      freeze(key, path, seen);
      freeze(item, [...path, String(key)], seen);
    }
    shadowMutators(value, 'Map', MAP_MUTATORS);
  } else if (value instanceof Set) {
    let index = 0;
    for (const item of value as Set<unknown>) freeze(item, [...path, index++], seen);
    shadowMutators(value, 'Set', SET_MUTATORS);
  } else if (value instanceof Date) {
    shadowMutators(value, 'Date', DATE_MUTATORS);
  }

  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor !== undefined && 'value' in descriptor) {
      freeze(descriptor.value, [...path, typeof key === 'symbol' ? key.toString() : key], seen);
    }
  }
}
