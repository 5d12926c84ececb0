import fc from 'fast-check';
import { Graph, GraphCycleError, type GraphOptions, type Input, type Node, NodeComputeError } from '../../src/graph/index.js';

/**
 * Random graphs of small arithmetic nodes for the property tests, with a naive recursive
 * evaluator over the same definitions to check the graph against. A node reads the nodes before
 * it (so the definitions are acyclic), combines them with sum, product or min modulo 1000, may
 * first read a condition node and then read one list of parents or another, and may fail on
 * some results. Small values and a modulus make equal results (cutoffs) common.
 */
export interface DerivedSpec {
  readonly op: 'sum' | 'product' | 'min' | 'mod3';
  readonly parents: readonly number[];
  /** If the value of `cond` is above `threshold`, read `parents`, else `otherwise`. */
  readonly branch?: { readonly cond: number; readonly threshold: number; readonly otherwise: readonly number[] };
  /** Fail when the result modulo 17 is this. */
  readonly failsOn?: number;
}

export interface DagSpec {
  readonly inputs: readonly number[];
  readonly derived: readonly DerivedSpec[];
}

const VALUE = fc.integer({ min: 0, max: 20 });

/**
 * Raw generator: parent references are free naturals, reduced modulo the node's index (so that a
 * node reads only nodes before it), or, with `cycles`, modulo the number of nodes (so that a node
 * may read itself or later nodes, and branches may close and open cycles).
 */
export const graphSpec = (options: { readonly cycles: boolean }): fc.Arbitrary<DagSpec> =>
  fc
  .record({
    inputs: fc.array(VALUE, { minLength: 1, maxLength: 4 }),
    derived: fc.array(
      fc.record(
        {
          op: fc.constantFrom('sum', 'product', 'min', 'mod3'),
          parents: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
          branch: fc.record({ cond: fc.nat(), threshold: VALUE, otherwise: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }),
          failsOn: fc.integer({ min: 0, max: 16 }),
        },
        { requiredKeys: ['op', 'parents'] },
      ),
      { minLength: 1, maxLength: 14, size: 'max' },
    ),
  })
  .map(({ inputs, derived }) => ({
    inputs,
    derived: derived.map((spec, i) => {
      const before = options.cycles ? inputs.length + derived.length : inputs.length + i;
      const pick = (refs: readonly number[]) => refs.map((ref) => ref % before);
      const shaped: DerivedSpec = {
        op: spec.op,
        parents: pick(spec.parents),
        ...(spec.branch && { branch: { cond: spec.branch.cond % before, threshold: spec.branch.threshold, otherwise: pick(spec.branch.otherwise) } }),
        ...(spec.failsOn !== undefined && { failsOn: spec.failsOn }),
      };
      return shaped;
    }),
  }));

export const dagSpec = graphSpec({ cycles: false });

export const nameOf = (index: number, spec: DagSpec): string => (index < spec.inputs.length ? `in${index}` : `n${index}`);

function combine(op: DerivedSpec['op'], values: readonly number[]): number {
  switch (op) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0) % 1000;
    case 'product':
      return values.reduce((a, b) => (a * b) % 1000, 1);
    case 'min':
      return Math.min(...values);
    case 'mod3':
      return values.reduce((a, b) => a + b, 0) % 3;
  }
}

/** The node indices a node reads, in order, given a way to read values (shared by both evaluators). */
function evaluateSpec(spec: DerivedSpec, read: (index: number) => number, name: string): number {
  let parents = spec.parents;
  if (spec.branch && read(spec.branch.cond) <= spec.branch.threshold) parents = spec.branch.otherwise;
  const result = combine(
    spec.op,
    parents.map((p) => read(p)),
  );
  if (spec.failsOn !== undefined && result % 17 === spec.failsOn) throw new Error(`${name} refuses ${result}`);
  return result;
}

export type Outcome =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly origin: string }
  | { readonly ok: false; readonly cycle: true };

/**
 * Evaluates every node from scratch, recursively, with the given input values. Also returns,
 * per node, the nodes its evaluation read directly (up to a failure), for necessity checks.
 */
export function naive(spec: DagSpec, inputs: readonly number[]): { outcomes: Outcome[]; reads: number[][] } {
  const outcomes: (Outcome | undefined)[] = [];
  const reads: number[][] = [];
  class Failed extends Error {
    constructor(readonly outcome: Outcome) {
      super('failed');
    }
  }
  const CYCLE: Outcome = { ok: false, cycle: true };
  const evaluating = new Set<number>();
  const evaluate = (index: number): Outcome => {
    const known = outcomes[index];
    if (known) return known;
    if (evaluating.has(index)) return CYCLE;
    evaluating.add(index);
    let outcome: Outcome;
    if (index < spec.inputs.length) {
      outcome = { ok: true, value: inputs[index]! };
      reads[index] = [];
    } else {
      const direct: number[] = [];
      reads[index] = direct;
      const name = nameOf(index, spec);
      try {
        const value = evaluateSpec(
          spec.derived[index - spec.inputs.length]!,
          (p) => {
            const parent = evaluate(p);
            // The graph does not record the read that closes a cycle.
            if (parent !== CYCLE || !evaluating.has(p)) {
              if (!direct.includes(p)) direct.push(p);
            }
            if (!parent.ok) throw new Failed(parent);
            return parent.value;
          },
          name,
        );
        outcome = { ok: true, value };
      } catch (error) {
        outcome = error instanceof Failed ? error.outcome : { ok: false, origin: name };
      }
    }
    evaluating.delete(index);
    outcomes[index] = outcome;
    return outcome;
  };
  for (let i = 0; i < spec.inputs.length + spec.derived.length; i++) evaluate(i);
  return { outcomes: outcomes as Outcome[], reads };
}

/** Nodes that must be kept current for the observed ones: the observed and what they read, transitively. */
export function neededBy(observed: Iterable<number>, reads: readonly (readonly number[])[]): Set<number> {
  const needed = new Set<number>();
  const visit = (index: number) => {
    if (needed.has(index)) return;
    needed.add(index);
    for (const parent of reads[index]!) visit(parent);
  };
  for (const index of observed) visit(index);
  return needed;
}

export interface BuiltDag {
  readonly graph: Graph;
  readonly nodes: readonly Node<number>[];
  readonly inputs: readonly Input<number>[];
  /** Compute functions run, per node index. */
  readonly computeCounts: number[];
}

export function buildGraph(spec: DagSpec, inputValues: readonly number[] = spec.inputs, options?: GraphOptions): BuiltDag {
  const graph = new Graph(options);
  const nodes: Node<number>[] = [];
  const inputs: Input<number>[] = [];
  const computeCounts: number[] = [];
  inputValues.forEach((value, i) => {
    const input = graph.input(nameOf(i, spec), value);
    inputs.push(input);
    nodes.push(input);
    computeCounts.push(0);
  });
  spec.derived.forEach((derived, i) => {
    const index = spec.inputs.length + i;
    const name = nameOf(index, spec);
    computeCounts.push(0);
    nodes.push(
      graph.derived(name, (read) => {
        computeCounts[index]!++;
        return evaluateSpec(derived, (p) => read(nodes[p]!), name);
      }),
    );
  });
  return { graph, nodes, inputs, computeCounts };
}

/** What reading a node gives, as an Outcome. */
export function outcomeOf(read: () => number): Outcome {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof NodeComputeError) return { ok: false, origin: error.node };
    if (error instanceof GraphCycleError) return { ok: false, cycle: true };
    throw error;
  }
}
