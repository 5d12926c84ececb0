import { describe, expect, it } from 'vitest';
import { Graph, type Input, type Node } from '../../src/graph/index.js';

/**
 * The shape of the performance requirement, checked by counting (timings stay out of tests; see
 * the report for measurements): 100,000 nodes, one input change that touches 10% of them. A
 * stabilisation recomputes exactly the touched nodes, each once, and nothing else.
 *
 * Ten groups of 10,000 nodes: group g hangs off input g as a tree (node j reads node
 * floor((j - 1) / 4) of its group, node 0 reads the input) and every node also reads a shared
 * `scale` input that never changes, so that the shared input has 100,000 children.
 */
const GROUPS = 10;
const PER_GROUP = 10_000;

function build(leafCompute: 'exact' | 'sign') {
  const graph = new Graph();
  const scale = graph.input('scale', 1);
  const inputs: Input<number>[] = [];
  const nodes: Node<number>[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const input = graph.input(`in${g}`, g);
    inputs.push(input);
    const group: Node<number>[] = [];
    for (let j = 0; j < PER_GROUP; j++) {
      const parent: Node<number> = j === 0 ? input : group[Math.floor((j - 1) / 4)]!;
      const node =
        leafCompute === 'exact' || j === 0
          ? graph.derived(`g${g}n${j}`, (read) => read(parent) + read(scale))
          : // Below the root, values only depend on the sign of the root: changes are cut off.
            graph.derived(`g${g}n${j}`, (read) => Math.sign(read(parent)) * read(scale));
      group.push(node);
    }
    nodes.push(...group);
  }
  return { graph, inputs, nodes };
}

describe('scale', () => {
  it('recomputes exactly the 10% of 100,000 nodes a change touches, each once', () => {
    const { graph, inputs, nodes } = build('exact');
    for (const node of nodes) graph.get(node);
    expect(graph.size).toBe(GROUPS * PER_GROUP + GROUPS + 1);
    graph.set(inputs[3]!, 1000);
    const stats = graph.stabilize();
    expect(stats.recomputed).toBe(PER_GROUP);
    expect(stats.cutoffs).toBe(0);
    expect(new Set(stats.recomputedNames).size).toBe(PER_GROUP);
    expect(stats.recomputedNames.every((name) => name.startsWith('g3n'))).toBe(true);
    // Depth of node j is its depth in the 4-ary tree plus one; every node adds scale (1).
    expect(graph.get(nodes[3 * PER_GROUP]!)).toBe(1001);
    expect(graph.get(nodes[3 * PER_GROUP + 1]!)).toBe(1002);
    expect(graph.get(nodes[2 * PER_GROUP + 1]!)).toBe(2 + 2);
  });

  it('stops at the first level when the change does not reach further (early cutoff)', () => {
    const { graph, inputs, nodes } = build('sign');
    for (const node of nodes) graph.get(node);
    graph.set(inputs[5]!, 1000); // 5 + 1 and 1000 + 1 have the same sign
    const stats = graph.stabilize();
    // The group's root changes; its four children are recomputed and cut off; nothing below them runs.
    expect(stats.recomputedNames[0]).toBe('g5n0');
    expect(new Set(stats.recomputedNames)).toEqual(new Set(['g5n0', 'g5n1', 'g5n2', 'g5n3', 'g5n4']));
    expect(stats.recomputed).toBe(5);
    expect(stats.cutoffs).toBe(4);
  });
});
