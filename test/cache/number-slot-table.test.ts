import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashNumber } from '../../src/cache/key-hash.js';
import { KeyIndex } from '../../src/cache/key-index.js';
import { NumberSlotTable } from '../../src/cache/number-slot-table.js';

type Operation = { readonly kind: 'insert' | 'insertMissed' | 'delete' | 'get'; readonly key: number };

/** A few keys (short probe runs), keys that fill a small table, doubles, -0, large integers, extremes. */
const keys = fc.oneof(
  fc.integer({ min: 0, max: 6 }),
  fc.integer({ min: -20, max: 60 }),
  fc.constantFrom(-0, 0.5, -1.25, 2 ** 40, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity),
  fc.double({ noNaN: true }),
);
const operations = fc.array(
  fc.record({ kind: fc.constantFrom<Operation['kind']>('insert', 'insert', 'insertMissed', 'delete', 'get'), key: keys }),
  { maxLength: 500, size: 'max' },
);

/**
 * The table must be right for any hash its caller uses consistently; poor ones make long probe
 * runs that wrap around the table's end, which is where backward-shift deletion can go wrong.
 */
const hashings: Record<string, (key: number) => number> = {
  mixed: hashNumber,
  clustered: (key) => (hashNumber(key) & 7) - 3,
  constant: () => 5,
  constantAtTheEnd: () => -1,
};

describe('NumberSlotTable', () => {
  it('agrees with a Map through inserts, deletes (backward shifts) and growth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.constantFrom(...Object.keys(hashings)), operations, (expected, hashing, script) => {
        const hashOf = hashings[hashing]!;
        const table = new NumberSlotTable(expected);
        const model = new Map<number, number>();
        script.forEach(({ kind, key }, step) => {
          const hash = hashOf(key);
          if (kind === 'insert') {
            if (model.has(key)) return; // insert() is for absent keys only
            table.insert(key, hash, step);
            model.set(key, step);
          } else if (kind === 'insertMissed') {
            // Every step ends with a get of its key: this one may follow a miss of the same key
            // (then it must store into the cell that get stopped on) or of another (then it must refuse).
            const stored = table.insertMissed(key, step);
            if (stored) {
              expect(model.has(key)).toBe(false);
              model.set(key, step);
            }
          } else if (kind === 'delete') {
            expect(table.delete(key, hash)).toBe(model.get(key) ?? -1);
            model.delete(key);
            // Every key must still be found right after a deletion (a later insert could mend
            // a broken probe run and hide the damage).
            for (const [held, slot] of model) expect(table.get(held, hashOf(held))).toBe(slot);
          }
          // After every step every key the model holds is found, and this one agrees too.
          expect(table.get(key, hash)).toBe(model.get(key) ?? -1);
          expect(table.size).toBe(model.size);
        });
        for (const [key, slot] of model) expect(table.get(key, hashOf(key))).toBe(slot);
        const seen = new Map<number, number>();
        table.forEach((key, slot) => seen.set(key, slot));
        expect(seen).toEqual(model);
      }),
      { numRuns: 100 },
    );
  });

  it('inserts into the cell a miss stopped on only while nothing has changed since', () => {
    const table = new NumberSlotTable(8);
    expect(table.get(3, hashNumber(3))).toBe(-1);
    expect(table.insertMissed(4, 1)).toBe(false); // another key's miss
    expect(table.insertMissed(3, 1)).toBe(true);
    expect(table.get(3, hashNumber(3))).toBe(1);
    expect(table.insertMissed(3, 2)).toBe(false); // that miss is used up
    expect(table.get(5, hashNumber(5))).toBe(-1);
    table.insert(6, hashNumber(6), 3); // a change since the miss
    expect(table.insertMissed(5, 4)).toBe(false);
    expect(table.get(7, hashNumber(7))).toBe(-1);
    table.delete(6, hashNumber(6));
    expect(table.insertMissed(7, 5)).toBe(false);
    expect(table.size).toBe(1);
  });

  it('treats -0 and +0 as one key, as a Map does', () => {
    const table = new NumberSlotTable(4);
    table.insert(-0, hashNumber(-0), 7);
    expect(table.get(0, hashNumber(0))).toBe(7);
    expect(table.delete(0, hashNumber(0))).toBe(7);
    expect(table.size).toBe(0);
  });
});

describe('KeyIndex', () => {
  it('keeps number keys and every other key apart, and NaN as one key', () => {
    const index = new KeyIndex<unknown>(8);
    const objectKey = {};
    index.insert(1, 0);
    index.insert('1', 1);
    index.insert(Number.NaN, 2);
    index.insert(objectKey, 3);
    index.insert(1n, 4);
    expect([index.get(1), index.get('1'), index.get(Number.NaN), index.get(objectKey), index.get(1n), index.get({})]).toEqual([0, 1, 2, 3, 4, -1]);
    expect(index.size).toBe(5);
    index.delete(1, 0);
    index.delete(Number.NaN, 2);
    expect([index.get(1), index.get('1'), index.get(Number.NaN)]).toEqual([-1, 1, -1]);
    expect(index.entries().sort((a, b) => a[1] - b[1])).toEqual([['1', 1], [objectKey, 3], [1n, 4]]);
    index.clear();
    expect(index.size).toBe(0);
  });
});
