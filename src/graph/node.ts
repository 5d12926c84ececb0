import type { GraphCycleError, NodeComputeError } from './errors.js';

/** Decides whether a recomputed value is the same as the old one; a `true` cuts propagation off. */
export type Equality<T> = (a: T, b: T) => boolean;

export interface NodeOptions<T> {
  /** Default `Object.is`. Give a structural equality to cut off recomputations whose result did not really change. */
  readonly equals?: Equality<T>;
}

/**
 * Only a type: it makes `Node<number>` and `Node<string>` different types although a node's value
 * is never a property of the handle. There is no such value at run time; do not import it as one.
 */
export declare const nodeValueType: unique symbol;

/** An opaque handle on a node of one `Graph`. */
export interface Node<T> {
  readonly name: string;
  readonly [nodeValueType]?: T;
}

export interface Input<T> extends Node<T> {
  readonly kind: 'input';
}

export interface Derived<T> extends Node<T> {
  readonly kind: 'derived';
}

/** What a compute function receives: reading a node both returns its value and records the dependency. */
export type Read = <U>(node: Node<U>) => U;

export type NodeKind = 'input' | 'derived';

/**
 * The graph's record of a node, and at the same time the handle it gives out (a handle that is
 * the record itself makes `read` a field access, with no map lookup on the hot path). Only
 * `src/graph` sees this type; outside, a node is a `Node<T>`.
 *
 * Every field is set in the constructor, with the type it keeps for its whole life, so that all
 * nodes share one hidden class and the stabiliser's property accesses stay monomorphic.
 */
export class GraphNode {
  readonly name: string;
  readonly kind: NodeKind;
  /** The graph that made the node; reading or setting it through another graph is refused. */
  readonly owner: object;
  readonly compute: ((read: Read) => unknown) | null;
  readonly equals: Equality<unknown>;

  value: unknown = undefined;
  /** The failure this node holds instead of a value (its own, or the one it read). */
  error: NodeComputeError | GraphCycleError | undefined = undefined;

  /**
   * Incremental's height: larger than the height of every parent. Valid while the node is
   * necessary; it only ever grows (except when a node becomes necessary again, when it has no
   * children whose order it could break).
   */
  height = 0;
  /** What the last computation read, in the order it first read them, without repeats. */
  parents: GraphNode[] = [];
  /** The necessary nodes whose last computation read this one (null until the first). */
  children: Set<GraphNode> | null = null;

  /** Asked for with `graph.get` (and not given up with `unobserve`). */
  observed = false;
  /**
   * Kept up to date by stabilisation: observed, or read by a necessary node. A necessary node is
   * in the `children` of each of its parents; an unnecessary one in none.
   */
  necessary: boolean;
  /** Its compute function is running (a change of a parent need not queue it). */
  computing = false;
  /** It is being computed or verified up the current call chain: reaching it again is a cycle. */
  onPath = false;
  /** Its last computation ended in a dependency cycle, so its recorded parents are incomplete. */
  cyclic = false;
  /** Settled for a call chain abandoned by unwinding: kept necessary until the chain has run again. */
  pinned = false;

  /** Logical time of the last computation (-1: never computed). */
  computedAt = -1;
  /** Logical time at which the value (or failure) last changed. */
  changedAt = -1;
  /** The stabilisation in which the node was last known to be current. */
  verifiedAt = -1;
  /** Scratch mark that removes repeated reads within one computation. */
  readMark = -1;

  /** Position in the height queue, -1 when not queued. */
  queueIndex = -1;
  /** The height under which it sits in the queue. */
  queueHeight = -1;

  constructor(owner: object, name: string, kind: NodeKind, compute: ((read: Read) => unknown) | null, equals: Equality<unknown>) {
    this.owner = owner;
    this.name = name;
    this.kind = kind;
    this.compute = compute;
    this.equals = equals;
    this.necessary = kind === 'input';
  }
}
