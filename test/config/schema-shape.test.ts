import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectedKindsAt, findUnknownKeys } from '../../src/config/schema-shape.js';

describe('findUnknownKeys', () => {
  it('reports keys a plain object schema would strip, at any depth', () => {
    const schema = z.object({ a: z.object({ b: z.number() }), list: z.array(z.object({ c: z.string() })) });
    expect(findUnknownKeys(schema, { a: { b: 1, x: 2 }, list: [{ c: 'k' }, { c: 'k', y: 1 }], z: 0 })).toEqual([
      ['a', 'x'],
      ['list', 1, 'y'],
      ['z'],
    ]);
  });

  it('sees through optional, nullable, default, readonly, lazy and pipes', () => {
    const inner = z.object({ k: z.number() });
    const schema = z.object({
      o: inner.optional(),
      n: inner.nullable(),
      d: inner.default({ k: 1 }),
      r: inner.readonly(),
      l: z.lazy(() => inner),
      p: inner.transform((value) => value.k),
    });
    const extra = { k: 1, extra: true };
    const found = findUnknownKeys(schema, { o: extra, n: extra, d: extra, r: extra, l: extra, p: extra });
    expect(found.map((path) => path.join('.'))).toEqual(['o.extra', 'n.extra', 'd.extra', 'r.extra', 'l.extra', 'p.extra']);
  });

  it('leaves strict objects to zod, and accepts keys of loose objects and records', () => {
    const schema = z.object({
      strict: z.strictObject({ a: z.number() }),
      loose: z.looseObject({ a: z.number() }),
      record: z.record(z.string(), z.object({ v: z.number() })),
    });
    expect(findUnknownKeys(schema, { strict: { a: 1, b: 2 }, loose: { a: 1, b: 2 }, record: { any: { v: 1, w: 2 } } })).toEqual([
      ['record', 'any', 'w'],
    ]);
  });

  it('judges a union by its best-fitting option, ignoring options that cannot hold an object', () => {
    const schema = z.object({
      u: z.union([z.string(), z.object({ kind: z.literal('a'), a: z.number() }), z.object({ kind: z.literal('b'), b: z.number() })]),
    });
    expect(findUnknownKeys(schema, { u: { kind: 'b', b: 1, typo: 1 } })).toEqual([['u', 'typo']]);
    expect(findUnknownKeys(schema, { u: { kind: 'a', a: 1 } })).toEqual([]);
  });

  it('counts a key as known if either side of an intersection declares it', () => {
    const schema = z.object({ a: z.number() }).and(z.object({ b: z.number() }));
    expect(findUnknownKeys(schema, { a: 1, b: 2, c: 3 })).toEqual([['c']]);
  });

  it('reports a whole unknown subtree once, at its root', () => {
    expect(findUnknownKeys(z.object({}), { extra: { deep: { deeper: 1 } } })).toEqual([['extra']]);
  });
});

describe('expectedKindsAt', () => {
  const schema = z.object({
    n: z.number().optional(),
    s: z.string(),
    b: z.boolean().default(false),
    e: z.enum(['x', 'y']),
    either: z.union([z.number(), z.boolean()]),
    list: z.array(z.string()),
    byName: z.record(z.string(), z.number()),
    anything: z.unknown(),
  });

  it('reads the kinds a path accepts through wrappers, unions and records', () => {
    expect([...expectedKindsAt(schema, ['n'])]).toEqual(['number']);
    expect([...expectedKindsAt(schema, ['b'])]).toEqual(['boolean']);
    expect([...expectedKindsAt(schema, ['e'])]).toEqual(['string']);
    expect([...expectedKindsAt(schema, ['either'])].sort()).toEqual(['boolean', 'number']);
    expect([...expectedKindsAt(schema, ['list'])]).toEqual(['structured']);
    expect([...expectedKindsAt(schema, ['list', '0'])]).toEqual(['string']);
    expect([...expectedKindsAt(schema, ['byName', 'anyKey'])]).toEqual(['number']);
    expect([...expectedKindsAt(schema, ['anything'])]).toEqual(['anything']);
  });

  it('is empty for a path the schema does not have', () => {
    expect(expectedKindsAt(schema, ['missing']).size).toBe(0);
    expect(expectedKindsAt(schema, ['s', 'deeper']).size).toBe(0);
  });
});
