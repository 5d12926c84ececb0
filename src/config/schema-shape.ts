import type { z } from 'zod';
import { asArrayIndex, sameSegment, type ConfigPath } from './config-path.js';
import { isPlainObject } from './plain-object.js';

/**
 * Reading a zod schema's shape, for the two questions validation alone cannot answer:
 * which keys of an input the schema would silently drop (so they can be reported as unknown
 * rather than ignored), and what kind of value a path expects (so an environment variable's
 * text can become a number or a boolean where one is expected).
 *
 * This reads `_zod.def`, zod 4's documented structure for tools built on schemas. Schema kinds
 * it does not understand (custom, transform, preprocess) are treated as "accepts anything",
 * which errs towards not reporting rather than reporting falsely.
 */

type Schema = z.core.$ZodType;
type KnownSchema = z.core.$ZodTypes;

/** Lazy schemas can, in a broken program, return themselves forever; stop unwrapping well before. */
const MAX_UNWRAP = 64;

/**
 * Peels wrappers that do not change which input is accepted: optional, nullable, default,
 * readonly, catch, lazy; and for a pipe its input side, because config data is input.
 */
function unwrap(schema: Schema): KnownSchema {
  let current = schema as KnownSchema;
  for (let i = 0; i < MAX_UNWRAP; i++) {
    const def = current._zod.def;
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        current = def.innerType as KnownSchema;
        break;
      case 'lazy':
        current = def.getter() as KnownSchema;
        break;
      case 'pipe':
        current = def.in as KnownSchema;
        break;
      default:
        return current;
    }
  }
  return current;
}

/** The schemas that may apply to the child at `segment` of a value matching `schema`. */
function childSchemas(schema: Schema, segment: string | number): Schema[] {
  const known = unwrap(schema);
  const def = known._zod.def;
  switch (def.type) {
    case 'object': {
      const key = String(segment);
      if (Object.hasOwn(def.shape, key)) return [def.shape[key]!];
      const catchall = def.catchall;
      return catchall === undefined || (catchall as KnownSchema)._zod.def.type === 'never' ? [] : [catchall];
    }
    case 'record':
      return [def.valueType];
    case 'array':
      return asArrayIndex(segment) === undefined ? [] : [def.element];
    case 'tuple': {
      const index = asArrayIndex(segment);
      if (index === undefined) return [];
      const item = def.items[index] ?? def.rest;
      return item === null ? [] : [item];
    }
    case 'union':
      return def.options.flatMap((option) => childSchemas(option, segment));
    case 'intersection':
      return [...childSchemas(def.left, segment), ...childSchemas(def.right, segment)];
    default:
      return [];
  }
}

/** What kind of value a schema accepts, coarsely: enough to turn env text into a value. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'bigint' | 'date' | 'null' | 'structured' | 'anything';

function kindOfLiteral(value: unknown): ValueKind {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'bigint':
      return 'bigint';
    default:
      return 'anything';
  }
}

function leafKinds(schema: Schema, into: Set<ValueKind>): void {
  const known = unwrap(schema);
  const def = known._zod.def;
  switch (def.type) {
    case 'string':
    case 'template_literal':
      into.add('string');
      return;
    case 'number':
    case 'nan':
      into.add('number');
      return;
    case 'boolean':
      into.add('boolean');
      return;
    case 'bigint':
      into.add('bigint');
      return;
    case 'date':
      into.add('date');
      return;
    case 'null':
      into.add('null');
      return;
    case 'enum':
      for (const value of Object.values(def.entries)) into.add(kindOfLiteral(value));
      return;
    case 'literal':
      for (const value of def.values) into.add(kindOfLiteral(value));
      return;
    case 'object':
    case 'record':
    case 'array':
    case 'tuple':
      into.add('structured');
      return;
    case 'union':
      for (const option of def.options) leafKinds(option, into);
      return;
    case 'intersection':
      leafKinds(def.left, into);
      leafKinds(def.right, into);
      return;
    default:
      into.add('anything');
  }
}

/**
 * The kinds of value the schema accepts at `path`; empty when the schema has no such path
 * (the value will then be reported as an unknown key).
 */
export function expectedKindsAt(schema: Schema, path: ConfigPath): ReadonlySet<ValueKind> {
  let candidates: Schema[] = [schema];
  for (const segment of path) candidates = candidates.flatMap((candidate) => childSchemas(candidate, segment));
  const kinds = new Set<ValueKind>();
  for (const candidate of candidates) leafKinds(candidate, kinds);
  return kinds;
}

/** Whether a schema could accept an object (`wantArray` false) or an array (`wantArray` true). */
function acceptsContainer(schema: Schema, wantArray: boolean): boolean {
  const type = unwrap(schema)._zod.def.type;
  switch (type) {
    case 'object':
    case 'record':
      return !wantArray;
    case 'array':
    case 'tuple':
      return wantArray;
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'date':
    case 'null':
    case 'undefined':
    case 'void':
    case 'never':
    case 'nan':
    case 'symbol':
    case 'enum':
    case 'literal':
    case 'template_literal':
      return false;
    default:
      return true;
  }
}

/**
 * Paths of keys in `value` that the schema does not declare and would silently strip. Keys of
 * strict objects are left to zod (which already reports them) and keys of loose objects and
 * records are accepted. For a union, the option that fits best (fewest unknown keys) decides.
 */
export function findUnknownKeys(schema: Schema, value: unknown, path: ConfigPath = []): ConfigPath[] {
  if (typeof value !== 'object' || value === null) return [];
  const known = unwrap(schema);
  const def = known._zod.def;
  switch (def.type) {
    case 'object': {
      if (Array.isArray(value)) return [];
      const found: ConfigPath[] = [];
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const childPath = [...path, key];
        if (Object.hasOwn(def.shape, key)) {
          found.push(...findUnknownKeys(def.shape[key]!, record[key], childPath));
        } else if (def.catchall === undefined) {
          found.push(childPath);
        } else if ((def.catchall as KnownSchema)._zod.def.type !== 'never') {
          found.push(...findUnknownKeys(def.catchall, record[key], childPath));
        }
      }
      return found;
    }
    case 'record': {
      if (!isPlainObject(value)) return [];
      return Object.keys(value).flatMap((key) => findUnknownKeys(def.valueType, value[key], [...path, key]));
    }
    case 'array':
      return Array.isArray(value) ? value.flatMap((item: unknown, i) => findUnknownKeys(def.element, item, [...path, i])) : [];
    case 'tuple': {
      if (!Array.isArray(value)) return [];
      return value.flatMap((item: unknown, i) => {
        const itemSchema = def.items[i] ?? def.rest;
        return itemSchema === null ? [] : findUnknownKeys(itemSchema, item, [...path, i]);
      });
    }
    case 'union': {
      const wantArray = Array.isArray(value);
      const options = def.options.filter((option) => acceptsContainer(option, wantArray));
      let best: ConfigPath[] | undefined;
      for (const option of options) {
        const found = findUnknownKeys(option, value, path);
        if (best === undefined || found.length < best.length) best = found;
        if (best.length === 0) break;
      }
      return best ?? [];
    }
    case 'intersection': {
      // A key is unknown only if neither side declares it.
      const right = findUnknownKeys(def.right, value, path);
      return findUnknownKeys(def.left, value, path).filter((candidate) =>
        right.some((other) => other.length === candidate.length && other.every((segment, i) => sameSegment(segment, candidate[i]!))),
      );
    }
    default:
      return [];
  }
}
