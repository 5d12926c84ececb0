/** A mutable string-keyed object as built by the config merge. */
export type PlainObject = Record<string, unknown>;

/**
 * True for objects that are nothing but their own keys: `{}` literals, JSON.parse/YAML output,
 * and null-prototype objects. Class instances, arrays, Maps, Dates are not: a merge treats them
 * as single values and never walks into them.
 */
export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Creates an own, enumerable data property. Plain assignment (`target[key] = value`) goes
 * through the prototype chain, so a key like `__proto__` would replace the prototype instead
 * of creating a property; defineProperty never does.
 */
export function setOwnProperty(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
