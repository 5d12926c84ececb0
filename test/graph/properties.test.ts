import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph, type DagSpec, graphSpec, naive, nameOf, neededBy, type Outcome, outcomeOf } from './random-dag.js';

/**
 * The graph against a from-scratch evaluator, on random graphs of small arithmetic nodes with
 * branches and failures: after every step each observed node has the value (or the failure,
 * named by its origin, or the cycle) that a naive recursive evaluation gives; a stabilisation
 * completes each compute function at most once, runs only nodes that are needed, and leaves
 * exactly the needed nodes necessary. Run with GRAPH_PROPERTY_RUNS=20000 to search harder.
 *
 * Variants: acyclic graphs; graphs whose branches open and close cycles; and a tiny `maxDepth`,
 * which makes the graph unwind its stack at nearly every nested computation (`unwind.ts`), so
 * that the abandon-and-resume path is exercised as much as the direct one.
 */
const RUNS = Number(process.env.GRAPH_PROPERTY_RUNS ?? 300);

interface Step {
  readonly sets: readonly (readonly [number, number])[];
  readonly observe: readonly number[];
  readonly unobserve: readonly number[];
}

interface Variant {
  readonly name: string;
  readonly cycles: boolean;
  readonly maxDepth?: number;
}

const VARIANTS: readonly Variant[] = [
  { name: 'acyclic graphs', cycles: false },
  { name: 'acyclic graphs, unwinding at every nesting (maxDepth 1)', cycles: false, maxDepth: 1 },
  { name: 'acyclic graphs, maxDepth 3', cycles: false, maxDepth: 3 },
  { name: 'graphs with cycles', cycles: true },
  { name: 'graphs with cycles, maxDepth 2', cycles: true, maxDepth: 2 },
];

const scenario = (cycles: boolean) =>
  graphSpec({ cycles }).chain((spec) => {
    const nodeCount = spec.inputs.length + spec.derived.length;
    const derivedNode = fc.integer({ min: spec.inputs.length, max: nodeCount - 1 });
    const step: fc.Arbitrary<Step> = fc.record({
      sets: fc.array(fc.tuple(fc.nat({ max: spec.inputs.length - 1 }), fc.integer({ min: 0, max: 20 })), { maxLength: 4 }),
      observe: fc.array(fc.nat({ max: nodeCount - 1 }), { maxLength: 3 }),
      unobserve: fc.array(derivedNode, { maxLength: 1 }),
    });
    return fc.record({
      spec: fc.constant(spec),
      initiallyObserved: fc.array(derivedNode, { maxLength: 4 }),
      steps: fc.array(step, { minLength: 1, maxLength: 12, size: 'max' }),
    });
  });

function expectMatches(spec: DagSpec, observed: Iterable<number>, actual: (index: number) => Outcome, expected: readonly Outcome[]): void {
  for (const index of observed) expect(actual(index), `value of ${nameOf(index, spec)}`).toEqual(expected[index]);
}

describe.each(VARIANTS)('graph properties: $name', ({ cycles, maxDepth }) => {
  // With unwinding a compute may be started and abandoned, so only completed runs are exact;
  // with cycles the graph does not record the read that closes one, so necessity is not exact.
  const exactRuns = maxDepth === undefined;
  const exactNecessity = !cycles;

  it('keeps every observed node equal to a from-scratch evaluation, recomputing each needed node at most once per stabilisation', () => {
    fc.assert(
      fc.property(scenario(cycles), ({ spec, initiallyObserved, steps }) => {
        const { graph, nodes, inputs, computeCounts } = buildGraph(spec, spec.inputs, { ...(maxDepth !== undefined && { maxDepth }) });
        const values = [...spec.inputs];
        const observed = new Set<number>();
        const get = (index: number) => outcomeOf(() => graph.get(nodes[index]!));
        const observe = (index: number) => {
          if (index >= spec.inputs.length) observed.add(index);
          return get(index);
        };
        const checkNecessity = (reads: readonly (readonly number[])[]) => {
          if (!exactNecessity) return;
          const needed = neededBy(observed, reads);
          for (let i = spec.inputs.length; i < nodes.length; i++) {
            expect(graph.isNecessary(nodes[i]!), `necessity of ${nameOf(i, spec)}`).toBe(needed.has(i));
          }
        };

        for (const index of initiallyObserved) observe(index);
        let truth = naive(spec, values);
        expectMatches(spec, observed, get, truth.outcomes);
        checkNecessity(truth.reads);

        for (const step of steps) {
          const neededBefore = neededBy(observed, truth.reads);
          for (const [input, value] of step.sets) {
            graph.set(inputs[input]!, value);
            values[input] = value;
          }
          truth = naive(spec, values);
          // As in Incremental, parents are recomputed before the children that might stop reading
          // them, so a node needed before the step may run once more (and read what it now reads)
          // even when nothing needs it after the step; nothing else may run.
          const mayRun = new Set([...neededBefore, ...neededBy(neededBefore, truth.reads)]);

          const countsBefore = [...computeCounts];
          const stats = graph.stabilize();
          const names = stats.recomputedNames;
          expect(new Set(names).size, `recomputed twice in one stabilisation: ${names.join(', ')}`).toBe(names.length);
          expect(stats.recomputed).toBe(names.length);
          expect(stats.cutoffs).toBeLessThanOrEqual(stats.recomputed);
          for (let i = 0; i < nodes.length; i++) {
            const ran = computeCounts[i]! - countsBefore[i]!;
            const completed = names.includes(nameOf(i, spec));
            if (exactRuns) expect(ran, `runs of ${nameOf(i, spec)}`).toBe(completed ? 1 : 0);
            else if (completed) expect(ran).toBeGreaterThanOrEqual(1);
            if (exactNecessity && ran > 0) expect(mayRun.has(i), `${nameOf(i, spec)} recomputed but not needed`).toBe(true);
          }

          // Reading after a stabilisation computes nothing more.
          const countsStable = [...computeCounts];
          expectMatches(spec, observed, get, truth.outcomes);
          expect(computeCounts).toEqual(countsStable);
          checkNecessity(truth.reads);

          for (const index of step.unobserve) {
            graph.unobserve(nodes[index]!);
            observed.delete(index);
          }
          for (const index of step.observe) {
            const countsBeforeObserve = [...computeCounts];
            const wasNeeded = neededBy(observed, truth.reads);
            expect(observe(index), `first read of ${nameOf(index, spec)}`).toEqual(truth.outcomes[index]);
            if (!exactRuns || !exactNecessity) continue;
            const nowNeeded = neededBy(observed, truth.reads);
            for (let i = 0; i < nodes.length; i++) {
              const ran = computeCounts[i]! - countsBeforeObserve[i]!;
              expect(ran).toBeLessThanOrEqual(1);
              // Observing computes only what just became needed.
              if (ran > 0) expect(nowNeeded.has(i) && !wasNeeded.has(i), `${nameOf(i, spec)} computed on observe`).toBe(true);
            }
          }
          expectMatches(spec, observed, get, truth.outcomes);
          checkNecessity(truth.reads);
        }
      }),
      { numRuns: RUNS, endOnFailure: process.env.GRAPH_PROPERTY_NO_SHRINK === "1" },
    );
  });

  it('gives, in a scenario view, the values of a fresh graph built with the tweaked inputs, and leaves the base untouched', () => {
    const tweakScenario = graphSpec({ cycles }).chain((spec) => {
      const nodeCount = spec.inputs.length + spec.derived.length;
      return fc.record({
        spec: fc.constant(spec),
        observed: fc.uniqueArray(fc.integer({ min: spec.inputs.length, max: nodeCount - 1 }), { maxLength: 6 }),
        tweaks: fc.uniqueArray(fc.tuple(fc.nat({ max: spec.inputs.length - 1 }), fc.integer({ min: 0, max: 20 })), {
          maxLength: spec.inputs.length,
          selector: ([input]) => input,
        }),
        readOrder: fc.array(fc.nat({ max: nodeCount - 1 }), { maxLength: 20, size: 'max' }),
      });
    });
    const options = { ...(maxDepth !== undefined && { maxDepth }) };
    fc.assert(
      fc.property(tweakScenario, ({ spec, observed, tweaks, readOrder }) => {
        const base = buildGraph(spec, spec.inputs, options);
        for (const index of observed) outcomeOf(() => base.graph.get(base.nodes[index]!));
        const baseTruth = naive(spec, spec.inputs);
        const tweakedInputs = [...spec.inputs];
        for (const [input, value] of tweaks) tweakedInputs[input] = value;
        const tweakedTruth = naive(spec, tweakedInputs);
        const fresh = buildGraph(spec, tweakedInputs, options);

        const countsBefore = [...base.computeCounts];
        const totalBefore = base.graph.totalRecomputed;
        const revisionBefore = base.graph.revision;
        const necessaryBefore = base.nodes.map((node) => base.graph.isNecessary(node));

        const view = base.graph.tweak(tweaks.map(([input, value]) => [base.inputs[input]!, value] as const));
        for (const index of [...readOrder, ...base.nodes.keys()]) {
          const inView = outcomeOf(() => view.get(base.nodes[index]!));
          expect(inView, `view value of ${nameOf(index, spec)}`).toEqual(outcomeOf(() => fresh.graph.get(fresh.nodes[index]!)));
          expect(inView).toEqual(tweakedTruth.outcomes[index]);
        }
        // Each node computed at most once in the view; a node the base had settled is computed
        // only if it depends on a tweaked input.
        const viewRuns = base.computeCounts.map((count, i) => count - countsBefore[i]!);
        const runsInAll = viewRuns.reduce((a, b) => a + b, 0);
        if (exactRuns) expect(view.recomputed).toBe(runsInAll);
        else expect(view.recomputed).toBeLessThanOrEqual(runsInAll);
        const tweaked = new Set(tweaks.filter(([input, value]) => spec.inputs[input] !== value).map(([input]) => input));
        const dependsOnTweak = (index: number) => [...neededBy([index], baseTruth.reads)].some((i) => tweaked.has(i));
        viewRuns.forEach((runs, i) => {
          if (exactRuns) expect(runs).toBeLessThanOrEqual(1);
          if (exactNecessity && runs > 0 && necessaryBefore[i]) expect(dependsOnTweak(i), `${nameOf(i, spec)} recomputed in the view`).toBe(true);
        });

        // The base: same values, no computation, no revision, same necessary nodes, nothing stale.
        for (const index of observed) {
          expect(outcomeOf(() => base.graph.get(base.nodes[index]!))).toEqual(baseTruth.outcomes[index]);
        }
        expect(base.graph.totalRecomputed).toBe(totalBefore);
        expect(base.graph.revision).toBe(revisionBefore);
        expect(base.nodes.map((node) => base.graph.isNecessary(node))).toEqual(necessaryBefore);
        expect(base.graph.stabilize().recomputed).toBe(0);
      }),
      { numRuns: RUNS, endOnFailure: process.env.GRAPH_PROPERTY_NO_SHRINK === "1" },
    );
  });
});
