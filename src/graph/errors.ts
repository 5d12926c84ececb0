import { TenureError } from '../errors/tenure-error.js';

/**
 * The typed errors of the computation graph. A failure inside a compute function is data, not
 * an exception that tears down a stabilisation: it is stored in the node that failed and handed
 * on, unchanged, to every node that reads it, so whoever finally asks sees the name of the node
 * where it started, not the name of the node they happened to ask for.
 */

/** A compute function threw (or an equality function did). `node` is the node where it started. */
export class NodeComputeError extends TenureError {
  readonly code = 'GRAPH_NODE_FAILED';
  override readonly cause: unknown;

  constructor(
    readonly node: string,
    cause: unknown,
  ) {
    super(`graph node "${node}" failed: ${describeCause(cause)}`, { cause });
    this.cause = cause;
  }
}

/**
 * A node depends on itself, directly or through other nodes. `cycle` lists the nodes in
 * dependency order and repeats the first at the end: ["a", "b", "a"] means a reads b, b reads a.
 */
export class GraphCycleError extends TenureError {
  readonly code = 'GRAPH_CYCLE';

  constructor(readonly cycle: readonly string[]) {
    super(`dependency cycle: ${cycle.map((name) => `"${name}"`).join(' → ')}`);
  }
}

/** The graph was used in a way it does not support (a foreign node, set() inside a compute, …). */
export class GraphUsageError extends TenureError {
  readonly code = 'GRAPH_MISUSE';
}

/** A scenario view was read after its graph's inputs changed; its tweaks no longer describe a state of the graph. */
export class GraphViewStaleError extends TenureError {
  readonly code = 'GRAPH_VIEW_STALE';

  constructor(
    readonly createdAtRevision: number,
    readonly graphRevision: number,
  ) {
    super(
      `scenario view created at graph revision ${createdAtRevision} was read at revision ${graphRevision}; ` +
        'an input of the graph was set in between, so create a new view with graph.tweak()',
    );
  }
}

/**
 * What a node stores when its compute fails: errors that already name their origin (a failed
 * node read by this one, a cycle) pass through unchanged; anything else is wrapped so that it
 * names this node.
 */
export function nodeFailure(error: unknown, node: string): NodeComputeError | GraphCycleError {
  if (error instanceof NodeComputeError || error instanceof GraphCycleError) return error;
  return new NodeComputeError(node, error);
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === 'string') return cause;
  if (cause === undefined || cause === null || typeof cause === 'number' || typeof cause === 'boolean' || typeof cause === 'bigint') {
    return `threw ${String(cause)}`;
  }
  return `threw ${Object.prototype.toString.call(cause)}`;
}
