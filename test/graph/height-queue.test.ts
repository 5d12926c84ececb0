import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeightQueue, type HeightQueued } from '../../src/graph/height-queue.js';

function item(height: number, id: number): HeightQueued & { id: number } {
  return { id, height, queueIndex: -1, queueHeight: -1 };
}

describe('HeightQueue', () => {
  it('pops lowest heights first and ignores items already queued', () => {
    const queue = new HeightQueue<ReturnType<typeof item>>();
    const items = [item(3, 0), item(0, 1), item(2, 2), item(0, 3)];
    for (const it of items) queue.push(it);
    queue.push(items[0]!);
    expect(queue.size).toBe(4);
    const heights: number[] = [];
    for (let next = queue.popMin(); next !== undefined; next = queue.popMin()) heights.push(next.height);
    expect(heights).toEqual([0, 0, 2, 3]);
    expect(items.every((it) => it.queueIndex === -1)).toBe(true);
  });

  it('behaves like a sorted multiset under random pushes, removals, height raises and pops', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), id: fc.nat({ max: 19 }) }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.nat({ max: 19 }) }),
      fc.record({ kind: fc.constant('raise' as const), id: fc.nat({ max: 19 }), by: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10 }), { minLength: 20, maxLength: 20 }), fc.array(op, { maxLength: 80, size: 'max' }), (heights, ops) => {
        const items = heights.map((height, id) => item(height, id));
        const queue = new HeightQueue<ReturnType<typeof item>>();
        const model = new Set<number>();
        for (const step of ops) {
          if (step.kind === 'push') {
            queue.push(items[step.id]!);
            model.add(step.id);
          } else if (step.kind === 'remove') {
            queue.remove(items[step.id]!);
            model.delete(step.id);
          } else if (step.kind === 'raise') {
            items[step.id]!.height += step.by;
            queue.reposition(items[step.id]!);
          } else {
            const popped = queue.popMin();
            if (model.size === 0) {
              expect(popped).toBeUndefined();
            } else {
              const least = Math.min(...[...model].map((id) => items[id]!.height));
              expect(popped!.height).toBe(least);
              expect(model.has(popped!.id)).toBe(true);
              model.delete(popped!.id);
            }
          }
          expect(queue.size).toBe(model.size);
          for (const [id, it] of items.entries()) expect(it.queueIndex >= 0).toBe(model.has(id));
        }
      }),
      { numRuns: 300 },
    );
  });
});
