import { describe, expect, it } from 'vitest';
import { ConfigInputError, deepFreeze, loadConfig } from '../../src/config/index.js';
import { appSchema, isDeepFrozen, thrownBy, validInput } from './fixtures.js';

// Test modules are ES modules, hence strict mode: writing to a frozen object throws a TypeError.

describe('deepFreeze', () => {
  it('freezes nested objects and arrays so writes throw', () => {
    const value = deepFreeze({ a: { b: { c: 1 } }, list: [{ d: 2 }, [3]] });
    const writable = value as unknown as { a: { b: { c: number } }; list: [{ d: number }, number[]] };
    expect(() => (writable.a.b.c = 9)).toThrow(TypeError);
    expect(() => (writable.list[0].d = 9)).toThrow(TypeError);
    expect(() => writable.list[1].push(4)).toThrow(TypeError);
    expect(() => delete (writable.a as { b?: unknown }).b).toThrow(TypeError);
    expect(() => Object.assign(writable.a, { extra: 1 })).toThrow(TypeError);
    expect(writable.a.b.c).toBe(1);
    expect(isDeepFrozen(value)).toBe(true);
  });

  it('handles cycles and shared references', () => {
    interface Node { name: string; self?: Node; peers: Node[] }
    const node: Node = { name: 'n', peers: [] };
    node.self = node;
    node.peers.push(node, { name: 'm', peers: [node] });
    const frozen = deepFreeze(node);
    expect(frozen.self).toBe(frozen);
    expect(isDeepFrozen(frozen)).toBe(true);
  });

  it('freezes Maps, Sets and Dates against their own mutators', () => {
    const value = deepFreeze({ map: new Map([['k', { v: 1 }]]), set: new Set([{ s: 1 }]), when: new Date(0) });
    const writable = value as unknown as { map: Map<string, { v: number }>; set: Set<unknown>; when: Date };
    expect(() => writable.map.set('x', { v: 2 })).toThrow(TypeError);
    expect(() => writable.map.delete('k')).toThrow(TypeError);
    expect(() => writable.map.clear()).toThrow(TypeError);
    expect(() => (writable.map.get('k')!.v = 5)).toThrow(TypeError);
    expect(() => writable.set.add(1)).toThrow(TypeError);
    expect(() => writable.set.clear()).toThrow(TypeError);
    expect(() => writable.when.setFullYear(2000)).toThrow(TypeError);
    expect(() => writable.when.setTime(5)).toThrow(TypeError);
    expect(writable.map.size).toBe(1);
    expect(writable.when.getTime()).toBe(0);
  });

  it('refuses typed arrays, whose bytes cannot be frozen, naming the path', () => {
    const error = thrownBy(() => deepFreeze({ blob: { bytes: new Uint8Array(4) } }), ConfigInputError);
    expect(error.message).toContain('blob.bytes');
    expect(error.message).toContain('Uint8Array');
  });
});

describe('a loaded config', () => {
  it('is deeply frozen: nested writes and array writes throw', () => {
    const config = loadConfig({ schema: appSchema, defaults: validInput() });
    const writable = config.value as unknown as {
      database: { pool: { max: number } };
      batch: { tags: string[]; targets: { weight: number }[] };
    };
    expect(() => (writable.database.pool.max = 1)).toThrow(TypeError);
    expect(() => writable.batch.tags.push('c')).toThrow(TypeError);
    expect(() => (writable.batch.tags[0] = 'z')).toThrow(TypeError);
    expect(() => (writable.batch.targets[0]!.weight = 2)).toThrow(TypeError);
    expect(isDeepFrozen(config.value)).toBe(true);
    expect(config.value.batch.tags).toEqual(['a', 'b']);
  });

  it('is read-only in its type as well', () => {
    const config = loadConfig({ schema: appSchema, defaults: validInput() });
    // @ts-expect-error: DeepReadonly makes nested properties read-only at compile time too.
    expect(() => (config.value.database.pool.max = 1)).toThrow(TypeError);
    // @ts-expect-error: and arrays.
    expect(() => (config.value.batch.tags[0] = 'z')).toThrow(TypeError);
  });

  it('cannot have its value replaced', () => {
    const config = loadConfig({ schema: appSchema, defaults: validInput() });
    expect(() => ((config as unknown as { value: unknown }).value = {})).toThrow(TypeError);
  });
});
