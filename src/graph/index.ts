export { Graph, type GraphOptions, type StabilizeStats } from './graph.js';
export type { GraphView } from './graph-view.js';
export type { Derived, Equality, Input, Node, NodeOptions, Read } from './node.js';
export { GraphCycleError, GraphUsageError, GraphViewStaleError, NodeComputeError } from './errors.js';
