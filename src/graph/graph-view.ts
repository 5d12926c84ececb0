/**
 * Scenario views: the graph's values as if some inputs had other values, without touching the
 * graph. A view is a memoised evaluator laid over a stabilised graph:
 * - A node of the graph that is settled (necessary, computed, not stale) is shared unless one of
 *   the parents its last computation read has a different value in the view. Parents are checked
 *   in the order they were read and the check stops at the first difference (Salsa's
 *   verification), so an untouched region costs one walk and no computation, and the view hands
 *   out the graph's own value objects there.
 * - Otherwise the node is computed in the view, with a read that evaluates parents in the view;
 *   if the result equals the graph's value (the node's `equals`), the graph's value is shared
 *   from then on (early cutoff, as in the graph), so nodes downstream of a cut-off change are
 *   shared too.
 * - Nodes the graph never computed (nobody asked for them) are computed in the view.
 * Every node is computed at most once per view. The view writes nothing to the graph's nodes,
 * queue, clock or statistics; it is valid for the graph revision it was created at and refuses
 * to answer once an input of the graph has been set since (`GraphViewStaleError`). Deep
 * evaluations unwind and resume like the graph's (`unwind.ts`).
 */
import { GraphCycleError, GraphUsageError, GraphViewStaleError, type NodeComputeError, nodeFailure } from './errors.js';
import type { GraphNode, Node, Read } from './node.js';
import { settleInSegments, UNWIND } from './unwind.js';

/** Node values under a scenario's tweaks. */
export interface GraphView {
  /** The node's value under the tweaks; throws the `NodeComputeError` of the node where a failure started. */
  get<T>(node: Node<T>): T;
  /** Compute functions the view has run to completion. */
  readonly recomputed: number;
}

/** What a view may ask of its graph; it is handed only this, never write access. */
export interface ViewHost {
  revision(): number;
  busy(): boolean;
  maxDepth(): number;
  own(handle: unknown, operation: string): GraphNode;
}

/** A value that differs from the graph's (or that the graph does not have). */
interface ViewValue {
  readonly value: unknown;
  readonly error: NodeComputeError | GraphCycleError | undefined;
}

/** The view's value is the graph's. */
const SHARED = Symbol('shared');
/** Being evaluated: meeting it again is a cycle. */
const EVALUATING = Symbol('evaluating');
type Outcome = ViewValue | typeof SHARED;

export class ScenarioView implements GraphView {
  readonly #host: ViewHost;
  readonly #revision: number;
  readonly #maxDepth: number;
  readonly #memo = new Map<GraphNode, Outcome | typeof EVALUATING>();
  /** Nodes being evaluated, outermost first. */
  readonly #path: GraphNode[] = [];
  /** Evaluations abandoned by unwinding and not yet resumed; still marked EVALUATING. */
  readonly #suspended: GraphNode[] = [];
  #depth = 0;
  #computeDepth = 0;
  #unwinding = false;
  #deferred: GraphNode | null = null;
  #deferredPath: GraphNode[] = [];
  #recomputed = 0;

  /** `tweaks` holds inputs of the host's graph whose tweaked value differs from the graph's. */
  constructor(host: ViewHost, tweaks: ReadonlyMap<GraphNode, unknown>) {
    this.#host = host;
    this.#revision = host.revision();
    this.#maxDepth = host.maxDepth();
    for (const [input, value] of tweaks) this.#memo.set(input, { value, error: undefined });
  }

  get recomputed(): number {
    return this.#recomputed;
  }

  get<T>(handle: Node<T>): T {
    const host = this.#host;
    const node = host.own(handle, 'view.get()');
    if (host.busy()) throw new GraphUsageError(`view.get("${node.name}") was called while its graph is stabilising`);
    if (host.revision() !== this.#revision) throw new GraphViewStaleError(this.#revision, host.revision());
    if (this.#depth > 0) throw new GraphUsageError(`view.get("${node.name}") was called from a compute function; use the read function it receives`);
    for (;;) {
      let outcome: Outcome;
      try {
        outcome = this.#evaluate(node);
      } catch (error) {
        if (error !== UNWIND) throw error;
        this.#settleDeferred();
        continue;
      }
      return valueOf(node, outcome) as T;
    }
  }

  readonly #read: Read = <U>(handle: Node<U>): U => {
    const node = this.#host.own(handle, 'read()');
    if (this.#computeDepth === 0) throw new GraphUsageError(`read("${node.name}") was called outside a compute function; use view.get()`);
    return valueOf(node, this.#evaluate(node)) as U;
  };

  #evaluate(node: GraphNode): Outcome {
    const memo = this.#memo;
    const known = memo.get(node);
    if (known === EVALUATING) throw this.#cycleAt(node);
    if (known !== undefined) return known;
    // An untweaked input is the graph's.
    if (node.kind === 'input') return SHARED;
    if (this.#depth >= this.#maxDepth) this.#defer(node);
    const settled = node.necessary && node.computedAt >= 0 && node.queueIndex < 0 && !node.cyclic;
    memo.set(node, EVALUATING);
    this.#path.push(node);
    this.#depth++;
    let outcome: Outcome | undefined;
    try {
      if (settled && !this.#anyParentDiffers(node)) outcome = SHARED;
      else outcome = this.#compute(node, settled);
    } finally {
      this.#depth--;
      this.#path.pop();
      if (outcome === undefined) memo.delete(node);
      else memo.set(node, outcome);
    }
    return outcome;
  }

  /** In read order, stopping at the first difference: a deterministic compute reads the same nodes while it sees the same values. */
  #anyParentDiffers(node: GraphNode): boolean {
    for (const parent of node.parents) if (this.#evaluate(parent) !== SHARED) return true;
    return false;
  }

  #compute(node: GraphNode, settled: boolean): Outcome {
    this.#computeDepth++;
    let value: unknown;
    let failure: NodeComputeError | GraphCycleError | undefined;
    let sameAsGraph = false;
    try {
      value = node.compute!(this.#read);
      sameAsGraph = settled && node.error === undefined && node.equals(node.value, value);
    } catch (error) {
      if (!this.#unwinding) {
        failure = nodeFailure(error, node.name);
        sameAsGraph = settled && failure === node.error;
      }
    } finally {
      this.#computeDepth--;
    }
    // Whatever the compute did with the signal, this run does not count.
    if (this.#unwinding) throw UNWIND;
    this.#recomputed++;
    if (sameAsGraph) return SHARED;
    return { value, error: failure };
  }

  #defer(node: GraphNode): never {
    this.#deferred = node;
    this.#deferredPath = this.#path.slice();
    this.#unwinding = true;
    throw UNWIND;
  }

  /** Evaluates the node an unwinding stopped at (and what that needs first), keeping abandoned chains marked. */
  #settleDeferred(): void {
    const memo = this.#memo;
    settleInSegments<GraphNode>(
      {
        takeDeferred: () => {
          const taken = { node: this.#deferred!, path: this.#deferredPath };
          this.#unwinding = false;
          this.#deferred = null;
          this.#deferredPath = [];
          return taken;
        },
        setSuspended: (node, suspended) => {
          if (suspended) memo.set(node, EVALUATING);
          else memo.delete(node);
        },
        settle: (node) => {
          this.#evaluate(node);
        },
        holdCycle: (node, error) => memo.set(node, { value: undefined, error }),
      },
      this.#suspended,
    );
  }

  #cycleAt(node: GraphNode): GraphCycleError {
    const chain = this.#suspended.length === 0 ? this.#path : [...this.#suspended, ...this.#path];
    const from = chain.lastIndexOf(node);
    const names = (from < 0 ? [node] : chain.slice(from)).map((member) => member.name);
    names.push(node.name);
    return new GraphCycleError(names);
  }
}

function valueOf(node: GraphNode, outcome: Outcome): unknown {
  if (outcome === SHARED) {
    if (node.error !== undefined) throw node.error;
    return node.value;
  }
  if (outcome.error !== undefined) throw outcome.error;
  return outcome.value;
}
