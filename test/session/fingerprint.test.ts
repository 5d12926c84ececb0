import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, FingerprintError } from '../../src/session/index.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('fingerprint', () => {
  it('is the SHA-256 of the canonical text: sorted keys, JSON strings and numbers', () => {
    expect(fingerprint({ b: 1, a: 'x', c: [true, null] })).toBe(sha256('{"a":"x","b":1,"c":[true,null]}'));
    expect(fingerprint('text')).toBe(sha256('"text"'));
    expect(fingerprint(1.5)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores key order at every depth', () => {
    const one = { alpha: 1, beta: { x: [1, { p: 1, q: 2 }], y: 'y' } };
    const two = { beta: { y: 'y', x: [1, { q: 2, p: 1 }] }, alpha: 1 };
    expect(fingerprint(two)).toBe(fingerprint(one));
  });

  it('keeps what JSON loses: NaN, Infinity and -0 are their own values', () => {
    const all = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null];
    expect(new Set(all.map(fingerprint)).size).toBe(all.length);
    expect(fingerprint({ level: Number.NaN })).toBe(fingerprint({ level: Number.NaN }));
    expect(fingerprint({ level: -0 })).not.toBe(fingerprint({ level: 0 }));
  });

  it('tells types apart: a string is not a number, a bigint is not a number, an array is not an object', () => {
    const values = [1, '1', 1n, [1], { 0: 1 }, true, 'true', [], {}, '', null, undefined, [undefined], [null]];
    expect(new Set(values.map(fingerprint)).size).toBe(values.length);
  });

  it('treats a property holding undefined as missing (as JSON does), but counts an undefined array item', () => {
    expect(fingerprint({ a: 1, b: undefined })).toBe(fingerprint({ a: 1 }));
    expect(fingerprint([1, undefined])).not.toBe(fingerprint([1]));
  });

  it('hashes typed arrays by type and element bytes, whatever the view offset, with NaN canonicalised', () => {
    expect(fingerprint(new Float64Array([1, 2]))).not.toBe(fingerprint([1, 2]));
    expect(fingerprint(new Float64Array([1, 2]))).not.toBe(fingerprint(new Float32Array([1, 2])));
    expect(fingerprint(new Float64Array([-0]))).not.toBe(fingerprint(new Float64Array([0])));
    expect(fingerprint(new Int32Array([1, 2, 3]))).not.toBe(fingerprint(new Int32Array([1, 2, 4])));
    expect(fingerprint(new Float64Array([9, 1, 2, 9]).subarray(1, 3))).toBe(fingerprint(new Float64Array([1, 2])));

    // Two NaNs with different bit patterns are the same number.
    const quiet = new Float64Array([Number.NaN]);
    const payload = new Float64Array(1);
    const bits = new DataView(payload.buffer);
    bits.setUint32(4, 0x7ff80001, true);
    bits.setUint32(0, 0x12345678, true);
    expect(Number.isNaN(payload[0])).toBe(true);
    expect(fingerprint(payload)).toBe(fingerprint(quiet));
  });

  it('ignores the insertion order of Map entries and Set items, but not their content', () => {
    const one = new Map<unknown, unknown>([['a', 1], [2, { z: 1 }]]);
    const two = new Map<unknown, unknown>([[2, { z: 1 }], ['a', 1]]);
    expect(fingerprint(two)).toBe(fingerprint(one));
    expect(fingerprint(new Map([['a', 2]]))).not.toBe(fingerprint(new Map([['a', 1]])));
    expect(fingerprint(new Map([['a', 1]]))).not.toBe(fingerprint({ a: 1 }));
    expect(fingerprint(new Set([3, 1, 2]))).toBe(fingerprint(new Set([1, 2, 3])));
    expect(fingerprint(new Set([1, 2]))).not.toBe(fingerprint([1, 2]));
  });

  it('handles dates, regular expressions, shared references and class instances', () => {
    expect(fingerprint(new Date(86_400_000))).toBe(fingerprint(new Date('1970-01-02T00:00:00Z')));
    expect(fingerprint(new Date(0))).not.toBe(fingerprint(new Date(1)));
    expect(fingerprint(/a+/g)).not.toBe(fingerprint(/a+/i));
    const shared = { k: 1 };
    expect(fingerprint({ x: shared, y: shared })).toBe(fingerprint({ x: { k: 1 }, y: { k: 1 } }));
    class Settings {
      constructor(
        readonly level: number,
        readonly label: string,
      ) {}
    }
    expect(fingerprint(new Settings(2, 'x'))).toBe(fingerprint({ label: 'x', level: 2 }));
  });

  it('throws on a cycle, naming where it closes', () => {
    const root: { child: { back?: unknown; list: unknown[] } } = { child: { list: [] } };
    root.child.back = root;
    expect(() => fingerprint(root)).toThrow(FingerprintError);
    expect(() => fingerprint(root)).toThrow('fingerprint: $.child.back: cycle: the value contains itself');
    const list: unknown[] = [1];
    list.push({ inner: list });
    expect(() => fingerprint(list)).toThrow('fingerprint: $[1].inner: cycle');
    const map = new Map<string, unknown>();
    map.set('self', map);
    expect(() => fingerprint({ m: map })).toThrow(/\$\.m\.<entry 0>\.value: cycle/);
  });

  it('throws on values without content, naming the path', () => {
    expect(() => fingerprint({ model: { fit: () => 1 } })).toThrow('fingerprint: $.model.fit: a function (fit) has no content to fingerprint');
    expect(() => fingerprint([Symbol('s')])).toThrow(/\$\[0\]: a symbol/);
    expect(() => fingerprint({ w: new WeakMap() })).toThrow(/\$\.w: a WeakMap has no readable content/);
    expect(fingerprint.length).toBe(1);
  });
});

/** JSON-like trees with the numbers JSON cannot hold. */
const leaf = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-0, 0, Number.NaN),
);
const { tree } = fc.letrec<{ tree: unknown; node: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, leaf, tie('node')),
  node: fc.oneof(fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('tree'), { maxKeys: 5 })),
}));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The same tree with every object's keys rotated by `shift` (so created in another order). */
function reorder(value: unknown, shift: number): unknown {
  if (Array.isArray(value)) return (value as unknown[]).map((item) => reorder(item, shift));
  if (!isRecord(value)) return value;
  const entries = Object.entries(value).map(([key, item]) => [key, reorder(item, shift)] as const);
  const cut = entries.length === 0 ? 0 : shift % entries.length;
  return Object.fromEntries([...entries.slice(cut), ...entries.slice(0, cut)].reverse());
}

/** Paths (key lists) of every primitive leaf. */
function leafPaths(value: unknown, path: readonly (string | number)[] = []): (readonly (string | number)[])[] {
  if (Array.isArray(value)) return (value as unknown[]).flatMap((item, index) => leafPaths(item, [...path, index]));
  if (isRecord(value)) return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return [path];
}

function leafAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
}

/** A copy of the tree with the leaf at `path` replaced. */
function replaceLeaf(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value)) return (value as unknown[]).map((item, index) => (index === head ? replaceLeaf(item, rest, replacement) : item));
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, key === head ? replaceLeaf(item, rest, replacement) : item]));
}

describe('fingerprint properties', () => {
  it('is invariant under key order', () => {
    fc.assert(
      fc.property(tree, fc.nat(), (value, shift) => {
        expect(fingerprint(reorder(value, shift))).toBe(fingerprint(value));
      }),
      { numRuns: 300 },
    );
  });

  it('changes when any single leaf changes', () => {
    fc.assert(
      fc.property(tree, fc.nat(), leaf, (value, pick, replacement) => {
        const paths = leafPaths(value);
        fc.pre(paths.length > 0);
        const path = paths[pick % paths.length]!;
        fc.pre(!Object.is(leafAt(value, path), replacement));
        expect(fingerprint(replaceLeaf(value, path, replacement))).not.toBe(fingerprint(value));
      }),
      { numRuns: 500 },
    );
  });
});
