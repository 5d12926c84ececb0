import { isPlainObject, setOwnProperty } from './plain-object.js';

/**
 * A deep, mutable copy of (part of) a frozen config, for a request to own and change freely.
 * Plain objects (keeping a null prototype if they had one), arrays, Maps, Sets and Dates are
 * copied; cycles and shared references are reproduced, not expanded. Other objects (class
 * instances a schema let through) are returned as the same, still frozen, reference: they
 * cannot be copied faithfully in general.
 */
export function deepCopy<T>(value: T): T {
  return copy(value, new Map()) as T;
}

function copy(value: unknown, copies: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const existing = copies.get(value);
  if (existing !== undefined) return existing;

  if (Array.isArray(value)) {
    const result: unknown[] = [];
    copies.set(value, result);
    for (const item of value as unknown[]) result.push(copy(item, copies));
    return result;
  }
  if (isPlainObject(value)) {
    const result: object = Object.getPrototypeOf(value) === null ? Object.create(null) as object : {};
    copies.set(value, result);
    for (const key of Object.keys(value)) setOwnProperty(result, key, copy(value[key], copies));
    return result;
  }
  if (value instanceof Map) {
    const result = new Map<unknown, unknown>();
    copies.set(value, result);
    for (const [key, item] of value as Map<unknown, unknown>) result.set(copy(key, copies), copy(item, copies));
    return result;
  }
  if (value instanceof Set) {
    const result = new Set<unknown>();
    copies.set(value, result);
    for (const item of value as Set<unknown>) result.add(copy(item, copies));
    return result;
  }
  if (value instanceof Date) {
    const result = new Date(value.getTime());
    copies.set(value, result);
    return result;
  }
  return value;
}
