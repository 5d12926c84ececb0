import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DisposalStack, intrinsicDisposer } from '../../src/lifetime/index.js';

describe('DisposalStack', () => {
  it('runs disposers in reverse push order, awaiting each before the next', async () => {
    const stack = new DisposalStack();
    const events: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      stack.push(name, async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        events.push(`end ${name}`);
      });
    }
    expect(stack.size).toBe(3);
    expect(await stack.disposeAll()).toEqual([]);
    expect(events).toEqual(['start c', 'end c', 'start b', 'end b', 'start a', 'end a']);
    expect(stack.size).toBe(0);
    expect(stack.disposed).toBe(true);
  });

  it('runs every disposer when some throw or reject, and returns every failure', async () => {
    const stack = new DisposalStack();
    const ran: string[] = [];
    stack.push('first', () => { ran.push('first'); });
    stack.push('sync-thrower', () => {
      ran.push('sync-thrower');
      throw new Error('sync boom');
    });
    stack.push('middle', () => { ran.push('middle'); });
    stack.push('async-rejecter', async () => {
      ran.push('async-rejecter');
      await Promise.resolve();
      throw new Error('async boom');
    });
    const failures = await stack.disposeAll();
    expect(ran).toEqual(['async-rejecter', 'middle', 'sync-thrower', 'first']);
    expect(failures.map((failure) => failure.label)).toEqual(['async-rejecter', 'sync-thrower']);
    expect(failures.map((failure) => (failure.error as Error).message)).toEqual(['async boom', 'sync boom']);
  });

  it('refuses pushes once disposed, so nothing is silently never released', async () => {
    const stack = new DisposalStack();
    await stack.disposeAll();
    expect(() => { stack.push('late', () => undefined); }).toThrow(/already been disposed/);
  });

  it('property: whatever throws, all run in reverse order and exactly the throwers are reported', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { maxLength: 30, size: 'max' }), async (throws) => {
        const stack = new DisposalStack();
        const ran: number[] = [];
        throws.forEach((shouldThrow, index) => {
          stack.push(String(index), () => {
            ran.push(index);
            if (shouldThrow) throw new Error(String(index));
          });
        });
        const failures = await stack.disposeAll();
        const reversed = throws.map((_, index) => index).reverse();
        expect(ran).toEqual(reversed);
        expect(failures.map((failure) => Number(failure.label))).toEqual(reversed.filter((index) => throws[index]));
      }),
    );
  });
});

describe('intrinsicDisposer', () => {
  it('prefers Symbol.asyncDispose, then Symbol.dispose, and calls it on the value', async () => {
    const calls: string[] = [];
    const both = {
      [Symbol.asyncDispose]() { calls.push('async'); return Promise.resolve(); },
      [Symbol.dispose]() { calls.push('sync'); },
    };
    const syncOnly = { [Symbol.dispose]() { calls.push(`sync-only ${String(this === syncOnly)}`); } };
    await intrinsicDisposer(both)?.();
    await intrinsicDisposer(syncOnly)?.();
    expect(calls).toEqual(['async', 'sync-only true']);
  });

  it('returns undefined for values that carry nothing to release', () => {
    expect(intrinsicDisposer({})).toBeUndefined();
    expect(intrinsicDisposer(null)).toBeUndefined();
    expect(intrinsicDisposer(42)).toBeUndefined();
  });
});
