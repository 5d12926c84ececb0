import { describe, expect, it } from 'vitest';
import { TenureError } from '../../src/errors/index.js';
import { Graph, GraphCycleError, type Node, NodeComputeError } from '../../src/graph/index.js';

function failureOf(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** A small pricing-free graph in which `ratio` fails when its divisor is zero. */
function ratioGraph() {
  const graph = new Graph();
  const numerator = graph.input('numerator', 6);
  const divisor = graph.input('divisor', 3);
  const other = graph.input('other', 1);
  const ratio = graph.derived('ratio', (read) => {
    const d = read(divisor);
    if (d === 0) throw new RangeError('division by zero');
    return read(numerator) / d;
  });
  const scaled = graph.derived('scaled', (read) => read(ratio) * 10);
  const report = graph.derived('report', (read) => `scaled ${read(scaled)}`);
  const independent = graph.derived('independent', (read) => read(other) + 1);
  return { graph, numerator, divisor, other, ratio, scaled, report, independent };
}

describe('compute failures', () => {
  it('stores the failure in the node and throws a NodeComputeError naming it, with the cause', () => {
    const { graph, divisor, ratio } = ratioGraph();
    graph.set(divisor, 0);
    const error = failureOf(() => graph.get(ratio));
    expect(error).toBeInstanceOf(NodeComputeError);
    expect(error).toBeInstanceOf(TenureError);
    const failure = error as NodeComputeError;
    expect(failure.code).toBe('GRAPH_NODE_FAILED');
    expect(failure.node).toBe('ratio');
    expect(failure.cause).toBeInstanceOf(RangeError);
    expect(failure.message).toBe('graph node "ratio" failed: division by zero');
    // The failure is stored: reading again does not recompute, and gives the same error.
    expect(failureOf(() => graph.get(ratio))).toBe(failure);
  });

  it('fails the dependents with the error of the node where the failure started', () => {
    const { graph, divisor, report, scaled } = ratioGraph();
    expect(graph.get(report)).toBe('scaled 20');
    graph.set(divisor, 0);
    const fromReport = failureOf(() => graph.get(report)) as NodeComputeError;
    expect(fromReport.node).toBe('ratio');
    expect(failureOf(() => graph.get(scaled))).toBe(fromReport);
  });

  it('leaves nodes that do not depend on the failure working', () => {
    const { graph, divisor, other, report, independent } = ratioGraph();
    graph.get(report);
    expect(graph.get(independent)).toBe(2);
    graph.set(divisor, 0);
    graph.set(other, 41);
    expect(graph.get(independent)).toBe(42);
    expect(() => graph.get(report)).toThrow(NodeComputeError);
  });

  it('clears the failure on the next stabilisation once the input is fixed', () => {
    const { graph, divisor, report, ratio } = ratioGraph();
    graph.set(divisor, 0);
    expect(() => graph.get(report)).toThrow(NodeComputeError);
    graph.set(divisor, 2);
    const stats = graph.stabilize();
    expect(stats.recomputedNames).toEqual(['ratio', 'scaled', 'report']);
    expect(graph.get(ratio)).toBe(3);
    expect(graph.get(report)).toBe('scaled 30');
  });

  it('lets a compute catch a failed read and fall back', () => {
    const { graph, divisor, ratio } = ratioGraph();
    const safe = graph.derived('safe', (read) => {
      try {
        return read(ratio);
      } catch (error) {
        if (error instanceof NodeComputeError) return Number.NaN;
        throw error;
      }
    });
    graph.set(divisor, 0);
    expect(graph.get(safe)).toBeNaN();
    graph.set(divisor, 1);
    expect(graph.get(safe)).toBe(6);
  });

  it('hands dependents the new failure when the failing node fails differently', () => {
    const graph = new Graph();
    const code = graph.input('code', 0);
    const check = graph.derived('check', (read) => {
      const c = read(code);
      if (c !== 0) throw new Error(`bad code ${c}`);
      return c;
    });
    const downstream = graph.derived('downstream', (read) => read(check) + 1);
    graph.set(code, 1);
    expect(() => graph.get(downstream)).toThrow(/bad code 1/);
    graph.set(code, 2);
    expect(() => graph.get(downstream)).toThrow(/bad code 2/);
  });

  it('records a throwing equality as a failure of the node', () => {
    const graph = new Graph();
    const a = graph.input('a', 1);
    const fussy = graph.derived('fussy', (read) => read(a), {
      equals: () => {
        throw new Error('cannot compare');
      },
    });
    expect(graph.get(fussy)).toBe(1); // the first value is not compared
    graph.set(a, 2);
    expect(() => graph.get(fussy)).toThrow(/graph node "fussy" failed: cannot compare/);
  });

  it('describes causes that are not errors', () => {
    const graph = new Graph();
    const thrower = graph.derived('thrower', () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw 42;
    });
    expect(() => graph.get(thrower)).toThrow('graph node "thrower" failed: threw 42');
  });
});

describe('cycles', () => {
  it('names a node that reads itself', () => {
    const graph = new Graph();
    const self: Node<number> = graph.derived('self', (read): number => read(self) + 1);
    const error = failureOf(() => graph.get(self));
    expect(error).toBeInstanceOf(GraphCycleError);
    expect((error as GraphCycleError).cycle).toEqual(['self', 'self']);
    expect((error as GraphCycleError).code).toBe('GRAPH_CYCLE');
  });

  it('names every node of an indirect cycle, in dependency order', () => {
    const graph = new Graph();
    const nodes: Record<string, Node<number>> = {};
    nodes.a = graph.derived('a', (read) => read(nodes.b!) + 1);
    nodes.b = graph.derived('b', (read) => read(nodes.c!) + 1);
    nodes.c = graph.derived('c', (read) => read(nodes.a!) + 1);
    const error = failureOf(() => graph.get(nodes.a!)) as GraphCycleError;
    expect(error.cycle).toEqual(['a', 'b', 'c', 'a']);
    expect(error.message).toBe('dependency cycle: "a" → "b" → "c" → "a"');
    expect(failureOf(() => graph.get(nodes.c!))).toBeInstanceOf(GraphCycleError);
  });

  it('fails the readers of a cycle but not the nodes beside it', () => {
    const graph = new Graph();
    const x = graph.input('x', 1);
    const loop: Node<number> = graph.derived('loop', (read): number => read(loop));
    const reader = graph.derived('reader', (read) => read(loop) + read(x));
    const beside = graph.derived('beside', (read) => read(x) * 2);
    expect(() => graph.get(reader)).toThrow(GraphCycleError);
    expect(graph.get(beside)).toBe(2);
  });

  it('recovers when an input change opens the cycle, and fails again when it closes', () => {
    // a reads b only while closed; b always reads a.
    const graph = new Graph();
    const closed = graph.input('closed', true);
    const nodes: Record<string, Node<number>> = {};
    nodes.a = graph.derived('a', (read) => (read(closed) ? read(nodes.b!) : 1));
    nodes.b = graph.derived('b', (read) => read(nodes.a!) + 1);
    expect(() => graph.get(nodes.a!)).toThrow(GraphCycleError);
    expect(() => graph.get(nodes.b!)).toThrow(GraphCycleError);
    graph.set(closed, false);
    expect(graph.get(nodes.a)).toBe(1);
    expect(graph.get(nodes.b)).toBe(2);
    graph.set(closed, true);
    expect(() => graph.get(nodes.a!)).toThrow(GraphCycleError);
    expect(() => graph.get(nodes.b!)).toThrow(GraphCycleError);
    graph.set(closed, false);
    expect(graph.get(nodes.b)).toBe(2);
  });

  it('recovers when the node that closed the cycle stops reading it, though nothing it read changed', () => {
    // b reads a only while useA; a always reads b. Observe b first: the cycle is closed by a's
    // read of b, which is not recorded, so a must be retried when anything changes.
    const graph = new Graph();
    const useA = graph.input('useA', true);
    const nodes: Record<string, Node<number>> = {};
    nodes.a = graph.derived('a', (read) => read(nodes.b!) * 10);
    nodes.b = graph.derived('b', (read) => (read(useA) ? read(nodes.a!) + 1 : 5));
    expect(() => graph.get(nodes.b!)).toThrow(GraphCycleError);
    expect(() => graph.get(nodes.a!)).toThrow(GraphCycleError);
    graph.set(useA, false);
    expect(graph.get(nodes.b)).toBe(5);
    expect(graph.get(nodes.a)).toBe(50);
  });

  it('does not mistake an abandoned dependency for a cycle', () => {
    // b reads a while p is 0, else c; a reads b once s is positive. After s goes to 1, a
    // (computing) reads b, whose recorded parents are still [p, a]: verifying b in read order
    // finds p changed first and recomputes b, which no longer reads a. Walking on into a
    // (computing) would report a cycle that does not exist.
    const graph = new Graph();
    const s = graph.input('s', 0);
    const c = graph.input('c', 7);
    const q = graph.derived('q', (read) => read(s));
    const p = graph.derived('p', (read) => read(q));
    const nodes: Record<string, Node<number>> = {};
    nodes.a = graph.derived('a', (read) => (read(s) > 0 ? read(nodes.b!) + 1 : 0));
    nodes.b = graph.derived('b', (read) => (read(p) === 0 ? read(nodes.a!) : read(c)));
    expect(graph.get(nodes.b)).toBe(0);
    expect(graph.get(nodes.a)).toBe(0);
    graph.set(s, 1);
    const stats = graph.stabilize();
    expect(new Set(stats.recomputedNames)).toEqual(new Set(['q', 'p', 'a', 'b']));
    expect(graph.get(nodes.a)).toBe(8);
    expect(graph.get(nodes.b)).toBe(7);
  });

  it('finds a cycle longer than maxDepth, across the unwinding', () => {
    const graph = new Graph({ maxDepth: 4 });
    const ring: Node<number>[] = [];
    for (let i = 0; i < 30; i++) ring.push(graph.derived(`r${i}`, (read): number => read(ring[(i + 1) % 30]!) + 1));
    const error = failureOf(() => graph.get(ring[0]!)) as GraphCycleError;
    expect(error).toBeInstanceOf(GraphCycleError);
    expect(error.cycle).toEqual([...ring.map((node) => node.name), 'r0'].slice(-error.cycle.length));
    expect(error.cycle.length).toBe(31);
  });
});
