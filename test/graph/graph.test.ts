import { describe, expect, it } from 'vitest';
import { Graph, type Node, type Read } from '../../src/graph/index.js';

/** A compute function that counts its runs. */
function counted<T>(compute: (read: Read) => T): { compute: (read: Read) => T; runs: () => number } {
  let runs = 0;
  return {
    compute: (read) => {
      runs++;
      return compute(read);
    },
    runs: () => runs,
  };
}

describe('values', () => {
  it('computes derived nodes from inputs and follows input changes', () => {
    const graph = new Graph();
    const price = graph.input('price', 10);
    const quantity = graph.input('quantity', 3);
    const total = graph.derived('total', (read) => read(price) * read(quantity));
    const label = graph.derived('label', (read) => `total=${read(total)}`);
    expect(graph.get(label)).toBe('total=30');
    graph.set(quantity, 4);
    expect(graph.get(total)).toBe(40);
    expect(graph.get(label)).toBe('total=40');
    expect(graph.get(price)).toBe(10);
    expect(graph.size).toBe(4);
  });

  it('treats a set to an equal value (by the input equality) as no change', () => {
    const graph = new Graph();
    const sameLength = (a: string, b: string) => a.length === b.length;
    const word = graph.input('word', 'abc', { equals: sameLength });
    const upper = counted((read) => read(word).toUpperCase());
    const shout = graph.derived('shout', upper.compute);
    expect(graph.get(shout)).toBe('ABC');
    graph.set(word, 'xyz');
    expect(graph.revision).toBe(0);
    expect(graph.stabilize().recomputed).toBe(0);
    expect(graph.get(shout)).toBe('ABC');
    expect(graph.get(word)).toBe('abc');
    graph.set(word, 'long');
    expect(graph.revision).toBe(1);
    expect(graph.get(shout)).toBe('LONG');
    expect(upper.runs()).toBe(2);
  });

  it('stabilises on get when something is stale, and reports what it recomputed', () => {
    const graph = new Graph();
    const a = graph.input('a', 1);
    const double = graph.derived('double', (read) => read(a) * 2);
    const plusOne = graph.derived('plusOne', (read) => read(double) + 1);
    graph.get(plusOne);
    graph.set(a, 5);
    const stats = graph.stabilize();
    expect(stats).toEqual({ recomputed: 2, cutoffs: 0, recomputedNames: ['double', 'plusOne'] });
    expect(graph.stabilize()).toEqual({ recomputed: 0, cutoffs: 0, recomputedNames: [] });
    graph.set(a, 6);
    expect(graph.get(plusOne)).toBe(13); // no explicit stabilize
    expect(graph.stabilize().recomputed).toBe(0);
  });
});

describe('observation and necessity', () => {
  it('never computes nodes nobody asked for, nor keeps them up to date', () => {
    const graph = new Graph();
    const a = graph.input('a', 1);
    const wanted = counted((read) => read(a) + 1);
    const ignored = counted((read) => read(a) * 100);
    const w = graph.derived('wanted', wanted.compute);
    const i = graph.derived('ignored', ignored.compute);
    expect(graph.get(w)).toBe(2);
    for (let v = 2; v < 6; v++) {
      graph.set(a, v);
      expect(graph.stabilize().recomputedNames).toEqual(['wanted']);
    }
    expect(ignored.runs()).toBe(0);
    expect(graph.isNecessary(i)).toBe(false);
    // Asking for it later computes it once, with the current input.
    expect(graph.get(i)).toBe(500);
    expect(ignored.runs()).toBe(1);
  });

  it('keeps the parents of an observed node necessary, and lets go of them when unobserved', () => {
    const graph = new Graph();
    const a = graph.input('a', 1);
    const inner = counted((read) => read(a) + 1);
    const innerNode = graph.derived('inner', inner.compute);
    const outer = graph.derived('outer', (read) => read(innerNode) * 2);
    expect(graph.get(outer)).toBe(4);
    expect(graph.isNecessary(innerNode)).toBe(true);
    graph.unobserve(outer);
    expect(graph.isNecessary(outer)).toBe(false);
    expect(graph.isNecessary(innerNode)).toBe(false);
    graph.set(a, 2);
    expect(graph.stabilize().recomputed).toBe(0);
    expect(inner.runs()).toBe(1);
    // Observed again: brought up to date from the inputs that changed meanwhile.
    expect(graph.get(outer)).toBe(6);
    expect(inner.runs()).toBe(2);
  });

  it('revalidates a node that was dropped and is needed again without recomputing it if nothing it read changed', () => {
    const graph = new Graph();
    const flag = graph.input('flag', true);
    const x = graph.input('x', 1);
    const y = graph.input('y', 1);
    const onX = counted((read) => read(x) * 10);
    const viaX = graph.derived('viaX', onX.compute);
    const pick = graph.derived('pick', (read) => (read(flag) ? read(viaX) : read(y)));
    expect(graph.get(pick)).toBe(10);
    graph.set(flag, false);
    expect(graph.get(pick)).toBe(1);
    expect(graph.isNecessary(viaX)).toBe(false);
    graph.set(y, 2); // viaX's input did not change
    graph.set(flag, true);
    expect(graph.stabilize().recomputedNames).toEqual(['pick']);
    expect(graph.get(pick)).toBe(10);
    expect(onX.runs()).toBe(1);
    // ... and recomputes it if it did.
    graph.set(flag, false);
    graph.stabilize();
    graph.set(x, 3);
    graph.set(flag, true);
    expect(graph.stabilize().recomputedNames).toEqual(['viaX', 'pick']);
    expect(graph.get(pick)).toBe(30);
  });
});

describe('order and at-most-once', () => {
  it('recomputes a diamond once per node, parents before children', () => {
    const graph = new Graph();
    const a = graph.input('a', 1);
    const left = counted((read) => read(a) + 1);
    const right = counted((read) => read(a) * 2);
    const l = graph.derived('left', left.compute);
    const r = graph.derived('right', right.compute);
    const bottom = counted((read) => read(l) + read(r));
    const b = graph.derived('bottom', bottom.compute);
    expect(graph.get(b)).toBe(4);
    graph.set(a, 10);
    const { recomputedNames } = graph.stabilize();
    expect(new Set(recomputedNames)).toEqual(new Set(['left', 'right', 'bottom']));
    expect(recomputedNames.at(-1)).toBe('bottom');
    expect(graph.get(b)).toBe(31);
    expect([left.runs(), right.runs(), bottom.runs()]).toEqual([2, 2, 2]);
  });

  it('settles a new dependency that sits higher than the reader before the reader uses it', () => {
    // `pick` (height 2) switches to the end of a chain of height 6 that is stale in the same
    // stabilisation: the chain must be brought up to date first, each link once.
    const graph = new Graph();
    const x = graph.input('x', 1);
    const flag = graph.input('flag', false);
    const links: Node<number>[] = [x];
    const runs: (() => number)[] = [];
    for (let i = 1; i <= 5; i++) {
      const previous = links[i - 1]!;
      const link = counted((read) => read(previous) + 1);
      runs.push(link.runs);
      links.push(graph.derived(`link${i}`, link.compute));
    }
    const end = links[5]!;
    const pick = graph.derived('pick', (read) => (read(flag) ? read(end) : read(x)));
    graph.get(end);
    expect(graph.get(pick)).toBe(1);
    graph.set(x, 100);
    graph.set(flag, true);
    const { recomputedNames } = graph.stabilize();
    expect(new Set(recomputedNames).size).toBe(recomputedNames.length);
    expect(recomputedNames).toHaveLength(6);
    expect(graph.get(pick)).toBe(105);
    expect(runs.map((count) => count())).toEqual([2, 2, 2, 2, 2]);
  });

  it('follows dependencies that change between computations', () => {
    const graph = new Graph();
    const useA = graph.input('useA', true);
    const a = graph.input('a', 1);
    const b = graph.input('b', 2);
    const choice = counted((read) => (read(useA) ? read(a) : read(b)));
    const c = graph.derived('choice', choice.compute);
    expect(graph.get(c)).toBe(1);
    graph.set(b, 20); // not read now: nothing to do
    expect(graph.stabilize().recomputed).toBe(0);
    graph.set(useA, false);
    expect(graph.get(c)).toBe(20);
    graph.set(a, 10); // no longer read
    expect(graph.stabilize().recomputed).toBe(0);
    graph.set(b, 30);
    expect(graph.get(c)).toBe(30);
    expect(choice.runs()).toBe(3);
  });
});

describe('early cutoff', () => {
  it('does not recompute the children of a node whose value did not change', () => {
    const graph = new Graph();
    const n = graph.input('n', 2);
    const parity = graph.derived('parity', (read) => read(n) % 2);
    const described = counted((read) => (read(parity) === 0 ? 'even' : 'odd'));
    const d = graph.derived('described', described.compute);
    expect(graph.get(d)).toBe('even');
    graph.set(n, 4);
    expect(graph.stabilize()).toEqual({ recomputed: 1, cutoffs: 1, recomputedNames: ['parity'] });
    expect(described.runs()).toBe(1);
    graph.set(n, 5);
    expect(graph.stabilize()).toEqual({ recomputed: 2, cutoffs: 0, recomputedNames: ['parity', 'described'] });
    expect(graph.get(d)).toBe('odd');
  });

  it('uses the node equality, and keeps the old value object on a cutoff', () => {
    const graph = new Graph();
    const xs = graph.input('xs', [3, 1, 2]);
    const sameItems = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
    const sorted = graph.derived('sorted', (read) => [...read(xs)].sort((p, q) => p - q), { equals: sameItems });
    const sum = counted((read) => read(sorted).reduce((p, q) => p + q, 0));
    const s = graph.derived('sum', sum.compute);
    expect(graph.get(s)).toBe(6);
    const before = graph.get(sorted);
    graph.set(xs, [2, 3, 1]);
    expect(graph.stabilize().cutoffs).toBe(1);
    expect(graph.get(sorted)).toBe(before);
    expect(sum.runs()).toBe(1);
  });

  it('still recomputes a child that is stale through another parent', () => {
    const graph = new Graph();
    const n = graph.input('n', 2);
    const k = graph.input('k', 1);
    const parity = graph.derived('parity', (read) => read(n) % 2);
    const both = counted((read) => read(parity) + read(k));
    const b = graph.derived('both', both.compute);
    expect(graph.get(b)).toBe(1);
    graph.set(n, 4); // cut off
    graph.set(k, 7); // but k changed too
    expect(graph.stabilize()).toEqual({ recomputed: 2, cutoffs: 1, recomputedNames: ['parity', 'both'] });
    expect(graph.get(b)).toBe(7);
  });
});

describe('depth', () => {
  it('computes and updates a chain far deeper than the call stack allows', () => {
    const graph = new Graph();
    const x = graph.input('x', 0);
    let last: Node<number> = x;
    const length = 20_000;
    for (let i = 0; i < length; i++) {
      const previous = last;
      last = graph.derived(`step${i}`, (read) => read(previous) + 1);
    }
    expect(graph.get(last)).toBe(length);
    graph.set(x, 5);
    const stats = graph.stabilize();
    expect(stats.recomputed).toBe(length);
    expect(graph.get(last)).toBe(length + 5);
  });

  it('gives the same results with any maxDepth, starting a compute at most twice per computation', () => {
    for (const maxDepth of [1, 2, 5, 64]) {
      const graph = new Graph({ maxDepth });
      const x = graph.input('x', 1);
      const starts = new Map<string, number>();
      const nodes: Node<number>[] = [x];
      for (let i = 1; i <= 200; i++) {
        const name = `n${i}`;
        const parents = [nodes[i - 1]!, nodes[Math.floor(i / 2)]!, nodes[Math.floor(i / 3)]!];
        nodes.push(
          graph.derived(name, (read) => {
            starts.set(name, (starts.get(name) ?? 0) + 1);
            return parents.reduce((sum, parent) => (sum + read(parent)) % 1_000_003, 0);
          }),
        );
      }
      const reference = new Graph({ maxDepth: 10_000 });
      const rx = reference.input('x', 1);
      const rnodes: Node<number>[] = [rx];
      for (let i = 1; i <= 200; i++) {
        const parents = [rnodes[i - 1]!, rnodes[Math.floor(i / 2)]!, rnodes[Math.floor(i / 3)]!];
        rnodes.push(reference.derived(`n${i}`, (read) => parents.reduce((sum, parent) => (sum + read(parent)) % 1_000_003, 0)));
      }
      expect(graph.get(nodes[200]!)).toBe(reference.get(rnodes[200]!));
      for (const count of starts.values()) expect(count).toBeLessThanOrEqual(2);
      graph.set(x, 7);
      reference.set(rx, 7);
      const stats = graph.stabilize();
      expect(new Set(stats.recomputedNames).size).toBe(stats.recomputed);
      expect(graph.get(nodes[200]!)).toBe(reference.get(rnodes[200]!));
    }
  });

  it('rejects a maxDepth that is not a positive integer', () => {
    expect(() => new Graph({ maxDepth: 0 })).toThrow(/maxDepth must be an integer >= 1; got 0/);
    expect(() => new Graph({ maxDepth: 2.5 })).toThrow(/maxDepth/);
  });
});

describe('misuse', () => {
  it('refuses duplicate and empty names, naming them', () => {
    const graph = new Graph();
    graph.input('rate', 1);
    expect(() => graph.derived('rate', () => 2)).toThrow(/a node named "rate" already exists/);
    expect(() => graph.input('', 1)).toThrow(/non-empty string/);
  });

  it('refuses nodes of another graph and values that are not nodes', () => {
    const one = new Graph();
    const other = new Graph();
    const a = one.input('a', 1);
    expect(() => other.get(a)).toThrow(/graph.get\(\): node "a" is not a node of this graph/);
    expect(() => other.set(a, 2)).toThrow(/not a node of this graph/);
    expect(() => one.get({ name: 'fake' })).toThrow(/node "fake" is not a node of this graph/);
    const reader = other.derived('reader', (read) => read(a));
    expect(() => other.get(reader)).toThrow(/graph node "reader" failed: read\(\): node "a" is not a node of this graph/);
  });

  it('refuses to set a derived node, even past the type checker', () => {
    const graph = new Graph();
    const d = graph.derived('d', () => 1);
    expect(() => graph.set(d as never, 2)).toThrow(/"d" is a derived node; only inputs can be set/);
  });

  it('refuses set, get and stabilize from inside a compute, recording it as the node failure', () => {
    const graph = new Graph();
    const a = graph.input('a', 1);
    const setter = graph.derived('setter', () => {
      graph.set(a, 2);
      return 0;
    });
    const getter = graph.derived('getter', () => graph.get(a));
    const stabilizer = graph.derived('stabilizer', () => graph.stabilize().recomputed);
    expect(() => graph.get(setter)).toThrow(/graph.set\("a"\) was called during a stabilisation/);
    expect(() => graph.get(getter)).toThrow(/use the read function the compute receives/);
    expect(() => graph.get(stabilizer)).toThrow(/graph.stabilize\(\) was called during a stabilisation/);
    expect(graph.get(a)).toBe(1);
  });

  it('refuses a read function used after its compute returned', () => {
    const graph = new Graph();
    const a = graph.input('a', 1);
    let leaked: Read | undefined;
    const d = graph.derived('d', (read) => {
      leaked = read;
      return read(a);
    });
    graph.get(d);
    expect(() => leaked!(a)).toThrow(/read\("a"\) was called outside a compute function/);
  });
});

describe('types', () => {
  it('keeps node value types apart and inputs distinct from derived nodes', () => {
    const graph = new Graph();
    const count = graph.input('count', 1);
    const text = graph.derived('text', (read) => String(read(count)));
    const length: number = graph.get(graph.derived('length', (read) => read(text).length));
    expect(length).toBe(1);
    // @ts-expect-error a derived node cannot be set
    expect(() => graph.set(text, 'x')).toThrow(/only inputs can be set/);
    // @ts-expect-error a node of numbers is not a node of strings
    const wrong: Node<string> = count;
    expect(wrong.name).toBe('count');
    // @ts-expect-error the value must have the input's type
    graph.set(count, 'two');
  });
});
