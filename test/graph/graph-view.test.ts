import { describe, expect, it } from 'vitest';
import { Graph, GraphCycleError, GraphViewStaleError, type Node, NodeComputeError, type Read } from '../../src/graph/index.js';

/** Counts runs per node name, across the base graph and its views. */
function recorder() {
  const runs = new Map<string, number>();
  return {
    runs,
    count<T>(name: string, compute: (read: Read) => T): (read: Read) => T {
      return (read) => {
        runs.set(name, (runs.get(name) ?? 0) + 1);
        return compute(read);
      };
    },
    reset: () => runs.clear(),
  };
}

/**
 * Two independent branches over their own inputs, joined at the end:
 *   rate → discount → pv ─┐
 *   notional ─────────────┴→ total ← fees ← feeRate
 */
function twoBranchGraph() {
  const rec = recorder();
  const graph = new Graph();
  const rate = graph.input('rate', 0.05);
  const notional = graph.input('notional', 1000);
  const feeRate = graph.input('feeRate', 0.01);
  const discount = graph.derived('discount', rec.count('discount', (read) => 1 / (1 + read(rate))));
  const pv = graph.derived('pv', rec.count('pv', (read) => ({ amount: read(notional) * read(discount) })));
  const fees = graph.derived('fees', rec.count('fees', (read) => ({ amount: read(notional) * read(feeRate) })));
  const total = graph.derived('total', rec.count('total', (read) => read(pv).amount - read(fees).amount));
  return { rec, graph, rate, notional, feeRate, discount, pv, fees, total };
}

describe('scenario views', () => {
  it('gives the values the graph would have with the tweaked inputs', () => {
    const { graph, rate, total, pv } = twoBranchGraph();
    expect(graph.get(total)).toBeCloseTo(1000 / 1.05 - 10, 10);
    const view = graph.tweak([[rate, 0.1]]);
    expect(view.get(total)).toBeCloseTo(1000 / 1.1 - 10, 10);
    expect(view.get(pv).amount).toBeCloseTo(1000 / 1.1, 10);
    expect(view.get(rate)).toBe(0.1);
  });

  it('recomputes only what depends on a tweak, memoised, and shares the rest by identity', () => {
    const { rec, graph, rate, fees, pv, total } = twoBranchGraph();
    graph.get(total);
    rec.reset();
    const view = graph.tweak([[rate, 0.1]]);
    view.get(total);
    view.get(total);
    view.get(pv);
    expect(Object.fromEntries(rec.runs)).toEqual({ discount: 1, pv: 1, total: 1 });
    expect(view.recomputed).toBe(3);
    expect(view.get(fees)).toBe(graph.get(fees));
    expect(view.get(pv)).not.toBe(graph.get(pv));
  });

  it('leaves the base graph untouched: values, revision, statistics, necessity', () => {
    const { rec, graph, rate, discount, pv, total } = twoBranchGraph();
    graph.get(total);
    const before = { total: graph.get(total), pv: graph.get(pv), revision: graph.revision, computed: graph.totalRecomputed };
    rec.reset();
    const view = graph.tweak([[rate, 0.2]]);
    view.get(total);
    expect(graph.get(total)).toBe(before.total);
    expect(graph.get(pv)).toBe(before.pv);
    expect(graph.get(rate)).toBe(0.05);
    expect(graph.revision).toBe(before.revision);
    expect(graph.totalRecomputed).toBe(before.computed);
    expect(graph.stabilize()).toEqual({ recomputed: 0, cutoffs: 0, recomputedNames: [] });
    expect(graph.isNecessary(discount)).toBe(true);
    // The view's work happened in the view only.
    expect(rec.runs.get('total')).toBe(1);
    graph.set(rate, 0.06);
    expect(graph.stabilize().recomputedNames).toEqual(['discount', 'pv', 'total']);
  });

  it('cuts off like the graph: a tweak that does not change an intermediate value shares everything below it', () => {
    const rec = recorder();
    const graph = new Graph();
    const n = graph.input('n', 2);
    const parity = graph.derived('parity', rec.count('parity', (read) => read(n) % 2));
    const heavy = graph.derived('heavy', rec.count('heavy', (read) => ({ parity: read(parity) })));
    graph.get(heavy);
    rec.reset();
    const view = graph.tweak([[n, 8]]);
    expect(view.get(heavy)).toBe(graph.get(heavy));
    expect(Object.fromEntries(rec.runs)).toEqual({ parity: 1 });
  });

  it('ignores tweaks equal to the current value', () => {
    const { rec, graph, rate, total } = twoBranchGraph();
    graph.get(total);
    rec.reset();
    const view = graph.tweak([[rate, 0.05]]);
    expect(view.get(total)).toBe(graph.get(total));
    expect(view.recomputed).toBe(0);
  });

  it('follows branches the base never took, computing nodes the base never computed', () => {
    const rec = recorder();
    const graph = new Graph();
    const mode = graph.input('mode', 'simple');
    const x = graph.input('x', 3);
    const expensive = graph.derived('expensive', rec.count('expensive', (read) => read(x) ** 2));
    const result = graph.derived('result', rec.count('result', (read) => (read(mode) === 'simple' ? read(x) : read(expensive))));
    expect(graph.get(result)).toBe(3);
    const view = graph.tweak([[mode, 'full']]);
    expect(view.get(result)).toBe(9);
    expect(graph.isNecessary(expensive)).toBe(false);
    expect(rec.runs.get('expensive')).toBe(1);
    // A node nobody asked for in the base is computed in the view, once.
    const unasked = graph.derived('unasked', rec.count('unasked', (read) => read(x) + 1));
    const other = graph.tweak([[x, 10]]);
    expect(other.get(unasked)).toBe(11);
    expect(other.get(unasked)).toBe(11);
    expect(rec.runs.get('unasked')).toBe(1);
    expect(graph.isNecessary(unasked)).toBe(false);
  });

  it('keeps views independent of each other', () => {
    const { graph, rate, total } = twoBranchGraph();
    const low = graph.tweak([[rate, 0]]);
    const high = graph.tweak([[rate, 1]]);
    expect(high.get(total)).toBeCloseTo(500 - 10, 10);
    expect(low.get(total)).toBeCloseTo(1000 - 10, 10);
  });

  it('stabilises a stale base when the view is made, and refuses to answer after the base changes', () => {
    const { graph, rate, notional, total } = twoBranchGraph();
    graph.get(total);
    graph.set(notional, 2000);
    const view = graph.tweak([[rate, 0]]);
    expect(graph.stabilize().recomputed).toBe(0);
    expect(view.get(total)).toBeCloseTo(2000 - 20, 10);
    graph.set(notional, 3000);
    expect(() => view.get(total)).toThrow(GraphViewStaleError);
    expect(() => view.get(total)).toThrow(/created at graph revision 1 was read at revision 2/);
  });

  it('reports failures under the tweak, naming the node where they start, without failing the base', () => {
    const graph = new Graph();
    const divisor = graph.input('divisor', 2);
    const ratio = graph.derived('ratio', (read) => {
      const d = read(divisor);
      if (d === 0) throw new RangeError('division by zero');
      return 10 / d;
    });
    const doubled = graph.derived('doubled', (read) => read(ratio) * 2);
    expect(graph.get(doubled)).toBe(10);
    const broken = graph.tweak([[divisor, 0]]);
    expect(() => broken.get(doubled)).toThrow(NodeComputeError);
    try {
      broken.get(doubled);
    } catch (error) {
      expect((error as NodeComputeError).node).toBe('ratio');
    }
    expect(graph.get(doubled)).toBe(10);
    // ... and the other way round: a tweak can fix a failing base.
    graph.set(divisor, 0);
    expect(() => graph.get(doubled)).toThrow(NodeComputeError);
    expect(graph.tweak([[divisor, 5]]).get(doubled)).toBe(4);
  });

  it('finds cycles that only a tweak closes', () => {
    const graph = new Graph();
    const closed = graph.input('closed', false);
    const nodes: Record<string, Node<number>> = {};
    nodes.a = graph.derived('a', (read) => (read(closed) ? read(nodes.b!) : 1));
    nodes.b = graph.derived('b', (read) => read(nodes.a!) + 1);
    expect(graph.get(nodes.b)).toBe(2);
    const view = graph.tweak([[closed, true]]);
    expect(() => view.get(nodes.b!)).toThrow(GraphCycleError);
    expect(graph.get(nodes.b)).toBe(2);
  });

  it('evaluates chains far deeper than the call stack allows', () => {
    const graph = new Graph();
    const x = graph.input('x', 0);
    let last: Node<number> = x;
    for (let i = 0; i < 20_000; i++) {
      const previous = last;
      last = graph.derived(`step${i}`, (read) => read(previous) + 1);
    }
    expect(graph.get(last)).toBe(20_000);
    const view = graph.tweak([[x, 1]]);
    expect(view.get(last)).toBe(20_001);
    expect(view.recomputed).toBe(20_000);
  });

  it('rejects tweaks of derived nodes, repeated inputs and foreign nodes, naming them', () => {
    const { graph, rate, discount } = twoBranchGraph();
    const other = new Graph().input('other', 1);
    expect(() => graph.tweak([[discount as never, 1]])).toThrow(/change 0 names "discount", a derived node/);
    expect(() => graph.tweak([[rate, 1], [rate, 2]])).toThrow(/input "rate" is tweaked twice \(change 1\)/);
    expect(() => graph.tweak([[other, 2]])).toThrow(/change 0: node "other" is not a node of this graph/);
    expect(() => graph.tweak([[rate] as never])).toThrow(/change 0 must be a pair/);
  });
});
