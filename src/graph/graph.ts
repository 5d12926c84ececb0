/**
 * An incremental computation graph: inputs that are set, derived nodes whose compute functions
 * read other nodes, and a `stabilize()` that brings every node someone asked for up to date by
 * recomputing as little as it can. The design takes its two halves from two systems.
 *
 * From Jane Street's Incremental, the push half, which is what makes a stabilisation cost the
 * size of the change and not the size of the graph:
 * - Heights. Every necessary node has a height larger than that of everything it reads. Stale
 *   nodes wait in a queue bucketed by height (`height-queue.ts`) and are recomputed lowest
 *   first, so a node is recomputed after all its parents have settled, hence at most once per
 *   stabilisation; nothing ever scans the whole graph.
 * - Early cutoff. A recomputed node whose new value equals the old one (by its `equals`) does
 *   not queue its children: a change dies out as soon as it stops making a difference.
 * - Necessity. Only nodes that were asked for (`get`, "observed") and the nodes they read,
 *   transitively, are kept up to date; a node is in the `children` of its parents exactly while it
 *   is necessary, so a change propagates only to nodes someone needs. Nodes that stop being read
 *   (a branch switched away) drop out, with their parents if nothing else needs them. As in
 *   Incremental, a parent is recomputed before the child that may stop reading it, so a node can
 *   run once more in the stabilisation in which it stops being needed, never again after.
 *
 * From Salsa, the pull half, which is what lets dependencies be dynamic (recorded by `read` as a
 * compute runs, different on every run) without giving up the at-most-once guarantee:
 * - Revisions (here a logical clock): each node remembers when it was last computed and when its
 *   value last changed. A node that becomes necessary again after a while is not recomputed
 *   blindly: its old parents are brought up to date in the order it read them, and only if one
 *   of them changed after the node was computed is it recomputed (Salsa's red-green check).
 * - Verification in read order with early stop. When a compute reads a node that might not be
 *   settled yet (a new dependency whose height is not below the node being recomputed), that
 *   node's ancestors are verified, parents first, in the order they were read, stopping at the
 *   first one that changed; stale ones are recomputed on the spot and taken out of the queue.
 *   Because a deterministic compute that sees the same values reads the same nodes in the same
 *   order, reaching a node that is being computed during this walk is a genuine cycle, not an
 *   artefact of stale edges; that is how cycles are found (`GraphCycleError`, naming the path).
 *
 *   The read that closes a cycle is not recorded (recorded dependencies stay acyclic, which
 *   heights need), so nodes that hit a cycle are retried whenever an input changes.
 *
 * Failures are values: a compute that throws stores a `NodeComputeError` in its node; readers
 * rethrow that same error, so it names the node where it started; nodes that do not read it are
 * untouched; the next successful recomputation clears it. Scenario views (`tweak`, in
 * `graph-view.ts`) evaluate on top of a stabilised graph without writing to it.
 *
 * Cost: a stabilisation touches only the queued nodes, their children and the buckets between
 * their heights. After warm-up a recomputation whose dependencies did not change allocates
 * nothing in the graph (reads go to a shared buffer and are compared with the previous ones in
 * place). Pulls (first computations, new dependencies) recurse along dependencies; past
 * `maxDepth` the stack is unwound and the work resumed from the deepest node (`unwind.ts`), so
 * chains of any length work.
 */
import { GraphCycleError, GraphUsageError, type NodeComputeError, nodeFailure } from './errors.js';
import { type GraphView, ScenarioView, type ViewHost } from './graph-view.js';
import { HeightQueue } from './height-queue.js';
import { type Derived, type Equality, GraphNode, type Input, type Node, type NodeOptions, type Read } from './node.js';
import { DEFAULT_MAX_DEPTH, settleInSegments, UNWIND } from './unwind.js';

/** What one `stabilize()` did. */
export interface StabilizeStats {
  /** Compute functions run. */
  readonly recomputed: number;
  /** Recomputations whose value equalled the old one, so that their children were not queued. */
  readonly cutoffs: number;
  /** Names of the recomputed nodes, in the order they were recomputed. */
  readonly recomputedNames: readonly string[];
}

const NOTHING_TO_DO: StabilizeStats = Object.freeze({ recomputed: 0, cutoffs: 0, recomputedNames: Object.freeze([]) });
const OUTSIDE_STABILISATION = Number.POSITIVE_INFINITY;

export interface GraphOptions {
  /**
   * How deeply computations may nest (a compute reading a node that must be computed first, …)
   * before the graph unwinds the stack and continues from the deepest node; see `unwind.ts`.
   * Default 256. Lower it only to test; raise it only if compute functions are shallow.
   */
  readonly maxDepth?: number;
}

export class Graph {
  readonly #queue = new HeightQueue<GraphNode>();
  readonly #names = new Set<string>();
  readonly #maxDepth: number;
  /** Effective `set`s so far; a scenario view is valid for one revision. */
  #revision = 0;
  /** Logical clock for computedAt/changedAt: ticks at every effective set and every computation. */
  #clock = 0;
  /** Number of the current (or last) stabilisation, for `verifiedAt`. */
  #epoch = 0;
  /**
   * The height being recomputed by the running stabilisation: every necessary node below it is
   * settled. Infinite outside a stabilisation, when every necessary node is settled.
   */
  #currentHeight = OUTSIDE_STABILISATION;
  /** A stabilisation or a first computation is running: set/get/stabilize must not re-enter. */
  #busy = false;
  #stabilizing = false;
  /** Nodes being computed or verified, outermost first: where a cycle is named from. */
  readonly #path: GraphNode[] = [];
  /** Call chains abandoned by unwinding and not yet resumed, outermost first; their nodes stay on the path. */
  readonly #suspended: GraphNode[] = [];
  /** Nested computations and verifications on the stack now. */
  #depth = 0;
  /** An unwinding is in progress: every compute on the stack is abandoned, whatever it returns. */
  #unwinding = false;
  /** The node the unwinding stopped at, and the path that led to it. */
  #deferred: GraphNode | null = null;
  #deferredPath: GraphNode[] = [];
  /** Nodes settled for an abandoned call chain, kept necessary until it has run again. */
  readonly #orphans: GraphNode[] = [];
  /**
   * Reads of the running computations, each computation's reads in a contiguous run below
   * `#readsTop`. The array never shrinks (setting an array's length is a slow path in V8).
   */
  readonly #reads: GraphNode[] = [];
  #readsTop = 0;
  /** Mark of the innermost running computation, to record each node it reads once. */
  #frameMark = 0;
  #marks = 0;
  #computeDepth = 0;
  /** Nodes whose last computation hit a cycle: retried (if necessary) whenever an input changes. */
  readonly #cyclic = new Set<GraphNode>();
  /** The revision at which they were last retried. */
  #cyclicRetriedAt = 0;
  /** Nodes that may have stopped being necessary; dropped when nothing is being computed. */
  readonly #dropCandidates: GraphNode[] = [];
  /** Work list of height raises, kept to avoid allocating one per raise. */
  readonly #raised: GraphNode[] = [];
  #recomputed = 0;
  #cutoffs = 0;
  #recomputedNames: string[] = [];
  #totalRecomputed = 0;

  /** What scenario views may see of the graph (they never write to it). */
  readonly #host: ViewHost = {
    revision: () => this.#revision,
    busy: () => this.#busy,
    maxDepth: () => this.#maxDepth,
    own: (handle, operation) => this.#own(handle, operation),
  };

  constructor(options?: GraphOptions) {
    const maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
    if (!Number.isInteger(maxDepth) || maxDepth < 1) {
      throw new GraphUsageError(`new Graph(): options.maxDepth must be an integer >= 1; got ${String(maxDepth)}`);
    }
    this.#maxDepth = maxDepth;
  }

  /** Number of nodes. */
  get size(): number {
    return this.#names.size;
  }

  /** How many times an input has been set to a different value. */
  get revision(): number {
    return this.#revision;
  }

  /** Compute functions completed by this graph over its life (stabilisations and first computations). */
  get totalRecomputed(): number {
    return this.#totalRecomputed;
  }

  input<T>(name: string, value: T, options?: NodeOptions<T>): Input<T> {
    this.#claimName(name, 'input');
    const node = new GraphNode(this, name, 'input', null, equalityOf(options, name, 'input'));
    node.value = value;
    node.computedAt = node.changedAt = ++this.#clock;
    return node as unknown as Input<T>;
  }

  derived<T>(name: string, compute: (read: Read) => T, options?: NodeOptions<T>): Derived<T> {
    if (typeof compute !== 'function') {
      throw new GraphUsageError(`graph.derived(${JSON.stringify(name)}): compute must be a function; got ${typeof compute}`);
    }
    this.#claimName(name, 'derived');
    const node = new GraphNode(this, name, 'derived', compute, equalityOf(options, name, 'derived'));
    return node as unknown as Derived<T>;
  }

  /** Sets an input; a value equal to the current one (by the input's `equals`) changes nothing. */
  set<T>(input: Input<T>, value: T): void {
    const node = this.#own(input, 'graph.set()');
    if (node.kind !== 'input') throw new GraphUsageError(`graph.set(): "${node.name}" is a derived node; only inputs can be set`);
    if (this.#busy) {
      throw new GraphUsageError(`graph.set("${node.name}") was called during a stabilisation (from a compute function?); compute functions may only read`);
    }
    if (node.equals(node.value, value)) return;
    node.value = value;
    this.#revision++;
    node.changedAt = ++this.#clock;
    const children = node.children;
    if (children !== null) for (const child of children) this.#queue.push(child);
  }

  /**
   * The node's value, current with the inputs: stabilises first if anything is stale, and from
   * now on keeps the node up to date (it is observed). Throws the `NodeComputeError` of the node
   * where a failure started, or a `GraphCycleError`.
   */
  get<T>(handle: Node<T>): T {
    const node = this.#own(handle, 'graph.get()');
    if (this.#busy) {
      throw new GraphUsageError(
        `graph.get("${node.name}") was called during a stabilisation (from a compute function?); use the read function the compute receives`,
      );
    }
    if (this.#hasWork()) this.stabilize();
    if (node.kind === 'derived' && !node.observed) {
      node.observed = true;
      if (!node.necessary) this.#computeObserved(node);
    }
    if (node.error !== undefined) throw node.error;
    return node.value as T;
  }

  /** Stops keeping the node up to date for its own sake; it stays necessary while necessary nodes read it. */
  unobserve(handle: Node<unknown>): void {
    const node = this.#own(handle, 'graph.unobserve()');
    if (this.#busy) throw new GraphUsageError(`graph.unobserve("${node.name}") was called during a stabilisation`);
    if (!node.observed) return;
    node.observed = false;
    this.#dropCandidates.push(node);
    this.#processDrops();
  }

  /** Whether the node is kept up to date by stabilisation (observed, or read by such a node). */
  isNecessary(handle: Node<unknown>): boolean {
    return this.#own(handle, 'graph.isNecessary()').necessary;
  }

  /**
   * Recomputes every stale necessary node, lowest height first, each at most once; a node whose
   * new value equals its old one does not make its children stale.
   */
  stabilize(): StabilizeStats {
    if (this.#busy) throw new GraphUsageError('graph.stabilize() was called during a stabilisation (from a compute function?)');
    const queue = this.#queue;
    if (!this.#hasWork()) return NOTHING_TO_DO;
    this.#busy = true;
    this.#stabilizing = true;
    this.#epoch++;
    this.#recomputed = 0;
    this.#cutoffs = 0;
    const names: string[] = [];
    this.#recomputedNames = names;
    // An input changed, so a cycle may have been broken: retry the nodes that hit one (their
    // recorded parents lack the read that closed the cycle, so no change would reach them).
    if (this.#cyclicRetriedAt !== this.#revision) {
      this.#cyclicRetriedAt = this.#revision;
      for (const node of this.#cyclic) if (node.necessary) queue.push(node);
    }
    try {
      for (let node = queue.popMin(); node !== undefined; node = queue.popMin()) {
        if (!node.observed && !node.pinned && (node.children === null || node.children.size === 0)) {
          // Queued, then abandoned by every reader: drop it (and maybe its parents) instead.
          this.#dropCandidates.push(node);
        } else {
          this.#currentHeight = node.height;
          try {
            this.#recompute(node, false);
          } catch (error) {
            if (error !== UNWIND) throw error;
            // The node went back into the queue; it runs again once the deep node is settled.
            this.#settleDeferred();
          }
        }
        // Nothing is computing here, so nodes that lost their last reader can leave the graph now.
        if (this.#dropCandidates.length > 0) this.#processDrops();
      }
    } finally {
      this.#endOfWork();
      this.#stabilizing = false;
    }
    this.#processDrops();
    return { recomputed: this.#recomputed, cutoffs: this.#cutoffs, recomputedNames: names };
  }

  /**
   * A scenario: a view whose `get` gives values as if the inputs had the given values. It shares
   * every value of this graph that does not depend on a tweak and writes nothing to the graph;
   * it is valid until an input of the graph is next set. Stabilises the graph first if stale.
   */
  tweak(changes: ReadonlyArray<readonly [Input<unknown>, unknown]>): GraphView {
    if (this.#busy) throw new GraphUsageError('graph.tweak() was called during a stabilisation (from a compute function?)');
    if (!Array.isArray(changes)) throw new GraphUsageError('graph.tweak(): changes must be an array of [input, value] pairs');
    const seen = new Set<GraphNode>();
    const tweaks = new Map<GraphNode, unknown>();
    changes.forEach((change: unknown, index) => {
      if (!Array.isArray(change) || change.length !== 2) {
        throw new GraphUsageError(`graph.tweak(): change ${index} must be a pair [input, value]`);
      }
      const [handle, value] = change as [unknown, unknown];
      const node = this.#own(handle, `graph.tweak() change ${index}`);
      if (node.kind !== 'input') {
        throw new GraphUsageError(`graph.tweak(): change ${index} names "${node.name}", a derived node; only inputs can be tweaked`);
      }
      if (seen.has(node)) throw new GraphUsageError(`graph.tweak(): input "${node.name}" is tweaked twice (change ${index})`);
      seen.add(node);
      // A tweak to the value the input already has is no tweak: it must not stop sharing.
      if (!node.equals(node.value, value)) tweaks.set(node, value);
    });
    if (this.#hasWork()) this.stabilize();
    return new ScenarioView(this.#host, tweaks);
  }

  /** Whether a stabilisation would do anything: stale nodes, or cycles to retry after a change. */
  #hasWork(): boolean {
    return this.#queue.size > 0 || (this.#cyclic.size > 0 && this.#cyclicRetriedAt !== this.#revision);
  }

  /** The read function every compute receives: returns the parent's value and records the dependency. */
  readonly #read: Read = <U>(handle: Node<U>): U => {
    const node = handle as unknown as GraphNode;
    if (node.owner !== this) throw this.#foreign(handle, 'read()');
    if (this.#computeDepth === 0) {
      throw new GraphUsageError(`read("${node.name}") was called outside a compute function; use graph.get()`);
    }
    if (node.onPath) throw this.#cycleAt(node);
    this.#settle(node);
    if (node.readMark !== this.#frameMark) {
      node.readMark = this.#frameMark;
      this.#reads[this.#readsTop++] = node;
    }
    if (node.error !== undefined) throw node.error;
    return node.value as U;
  };

  /**
   * Makes sure a node about to be read is necessary and current. Necessary nodes below the height
   * being recomputed are settled already (the common case: no work at all); others are made
   * necessary, or verified, and recomputed on the spot if they must be.
   */
  #settle(node: GraphNode): void {
    if (node.kind !== 'derived') return;
    if (!node.necessary) this.#makeNecessary(node);
    else if (node.height >= this.#currentHeight && node.verifiedAt !== this.#epoch) this.#ensureCurrent(node);
  }

  /**
   * Runs a node's compute and propagates the outcome: the one place compute functions are called.
   * `fresh`: the node was made necessary for this computation (rather than being stale and
   * necessary already), which decides what an unwinding leaves behind.
   */
  #recompute(node: GraphNode, fresh: boolean): void {
    const start = this.#readsTop;
    const outerMark = this.#frameMark;
    const mark = ++this.#marks;
    this.#frameMark = mark;
    const firstValue = node.computedAt < 0;
    node.computing = true;
    node.onPath = true;
    this.#path.push(node);
    this.#computeDepth++;
    this.#depth++;
    let value: unknown;
    let failure: NodeComputeError | GraphCycleError | undefined;
    let unchanged = false;
    try {
      value = node.compute!(this.#read);
      unchanged = !firstValue && node.error === undefined && node.equals(node.value, value);
    } catch (error) {
      if (!this.#unwinding) failure = nodeFailure(error, node.name);
    } finally {
      node.computing = false;
      node.onPath = false;
      this.#path.pop();
      this.#computeDepth--;
      this.#depth--;
      this.#frameMark = outerMark;
    }
    if (this.#unwinding) {
      // Whatever the compute did with the signal, this run does not count: undo it.
      this.#readsTop = start;
      if (fresh) this.#unlink(node);
      else this.#queue.push(node);
      throw UNWIND;
    }
    // Another mark was taken meanwhile: a nested computation ran and may have re-marked our reads.
    this.#adoptParents(node, start, this.#marks !== mark);

    const now = ++this.#clock;
    node.computedAt = now;
    node.verifiedAt = this.#epoch;
    this.#totalRecomputed++;
    if (this.#stabilizing) {
      this.#recomputed++;
      this.#recomputedNames.push(node.name);
    }
    if (failure instanceof GraphCycleError) {
      node.cyclic = true;
      this.#cyclic.add(node);
    } else if (node.cyclic) {
      node.cyclic = false;
      this.#cyclic.delete(node);
    }

    let changed: boolean;
    if (failure !== undefined) {
      changed = failure !== node.error;
      node.error = failure;
      node.value = undefined;
    } else if (unchanged) {
      changed = false;
    } else {
      changed = true;
      node.error = undefined;
      node.value = value;
    }
    if (!changed) {
      if (this.#stabilizing) this.#cutoffs++;
      return;
    }
    node.changedAt = now;
    const children = node.children;
    if (children === null) return;
    // A child that is computing right now reads this node's new value (or no longer reads it).
    for (const child of children) if (!child.computing) this.#queue.push(child);
  }

  /**
   * Makes the node's recorded parents what its computation just read, rewiring `children` only
   * if they differ, and keeps its height above theirs.
   */
  #adoptParents(node: GraphNode, start: number, nestedReads: boolean): void {
    const reads = this.#reads;
    let end = this.#readsTop;
    if (nestedReads) {
      const mark = ++this.#marks;
      let kept = start;
      for (let i = start; i < end; i++) {
        const parent = reads[i]!;
        if (parent.readMark === mark) continue;
        parent.readMark = mark;
        reads[kept++] = parent;
      }
      end = kept;
    }
    const old = node.parents;
    const count = end - start;
    let same = old.length === count;
    for (let i = 0; same && i < count; i++) same = old[i] === reads[start + i];
    if (!same) {
      const next = reads.slice(start, end);
      const mark = ++this.#marks;
      for (const parent of next) parent.readMark = mark;
      for (const parent of old) {
        if (parent.readMark !== mark && parent.children !== null && parent.children.delete(node)) this.#maybeUnneeded(parent);
      }
      for (const parent of next) (parent.children ??= new Set()).add(node);
      node.parents = next;
      // Same parents need no check: raising a parent's height raises its children's.
      let height = 0;
      for (const parent of next) if (parent.height >= height) height = parent.height + 1;
      if (height > node.height) this.#raiseHeight(node, height);
    }
    this.#readsTop = start;
  }

  /** Raises a node's height and, where needed, its descendants', keeping queued ones in the right bucket. */
  #raiseHeight(node: GraphNode, height: number): void {
    const queue = this.#queue;
    node.height = height;
    queue.reposition(node);
    const work = this.#raised;
    work.push(node);
    while (work.length > 0) {
      const parent = work.pop()!;
      const children = parent.children;
      if (children === null) continue;
      const least = parent.height + 1;
      for (const child of children) {
        if (child.height >= least) continue;
        // Recorded dependencies are kept acyclic by construction; never loop for ever if not.
        if (child === node) throw new Error(`graph internal error: recorded dependencies form a cycle through "${node.name}"`);
        child.height = least;
        queue.reposition(child);
        work.push(child);
      }
    }
  }

  /**
   * Brings a necessary node that may be behind up to date during a stabilisation: its parents
   * first, in the order it read them, stopping at the first that changed (which queues it).
   */
  #ensureCurrent(node: GraphNode): void {
    if (this.#depth >= this.#maxDepth) this.#defer(node);
    this.#depth++;
    try {
      if (node.queueIndex < 0) {
        node.onPath = true;
        this.#path.push(node);
        try {
          for (const parent of node.parents) {
            if (parent.onPath) throw this.#cycleAt(parent);
            this.#settle(parent);
            if (node.queueIndex >= 0) break;
          }
        } finally {
          node.onPath = false;
          this.#path.pop();
        }
      }
      if (node.queueIndex >= 0) {
        this.#queue.remove(node);
        this.#recompute(node, false);
      } else {
        node.verifiedAt = this.#epoch;
      }
    } finally {
      this.#depth--;
    }
  }

  /**
   * Makes a derived node necessary and current: computes it if it never was (or hit a cycle),
   * otherwise links it to its old parents, made current in read order, and recomputes it only if
   * one of them changed after it was computed. If this fails (a cycle, an unwinding), the node is
   * left unnecessary and unlinked, as it was.
   */
  #makeNecessary(node: GraphNode): void {
    if (this.#depth >= this.#maxDepth) this.#defer(node);
    this.#depth++;
    try {
      node.necessary = true;
      // A cycle leaves the recorded parents incomplete, so only an outcome from this very
      // stabilisation can be trusted (nothing that closed the cycle runs twice in it).
      if (node.computedAt < 0 || (node.cyclic && node.verifiedAt !== this.#epoch)) {
        // Unnecessary, so linked to no parent: computing from scratch needs no unlinking.
        if (node.parents.length > 0) node.parents = [];
        node.height = 0;
        this.#recompute(node, true);
        return;
      }
      const parents = node.parents;
      let linked = 0;
      let stale = false;
      let height = 0;
      node.onPath = true;
      this.#path.push(node);
      try {
        while (linked < parents.length) {
          const parent = parents[linked]!;
          if (parent.onPath) throw this.#cycleAt(parent);
          this.#settle(parent);
          (parent.children ??= new Set()).add(node);
          linked++;
          if (parent.height >= height) height = parent.height + 1;
          if (parent.changedAt > node.computedAt) {
            stale = true;
            break;
          }
        }
      } catch (error) {
        for (let i = 0; i < linked; i++) this.#unlinkFrom(parents[i]!, node);
        node.necessary = false;
        throw error;
      } finally {
        node.onPath = false;
        this.#path.pop();
      }
      node.height = height;
      if (!stale) {
        node.verifiedAt = this.#epoch;
        return;
      }
      if (linked < parents.length) node.parents = parents.slice(0, linked);
      this.#recompute(node, true);
    } finally {
      this.#depth--;
    }
  }

  /** Computes a node that was just observed, outside a stabilisation (nothing else is stale). */
  #computeObserved(node: GraphNode): void {
    this.#busy = true;
    try {
      while (!node.necessary) {
        try {
          this.#makeNecessary(node);
        } catch (error) {
          if (error !== UNWIND) throw error;
          this.#settleDeferred();
        }
      }
    } finally {
      this.#endOfWork();
    }
    this.#processDrops();
  }

  /** Abandons the current call chain at `node`, which is settled from an empty stack before the chain runs again. */
  #defer(node: GraphNode): never {
    this.#deferred = node;
    this.#deferredPath = this.#path.slice();
    this.#unwinding = true;
    throw UNWIND;
  }

  /**
   * After an unwinding reached the top: settles the node it stopped at (and, if that unwinds too,
   * the next one first), keeping each abandoned chain on the path so that cycles through it are
   * found. The settled nodes are pinned, so that they stay necessary until the abandoned work has
   * run again and read them.
   */
  #settleDeferred(): void {
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
          node.onPath = suspended;
        },
        settle: (node) => {
          this.#settle(node);
        },
        holdCycle: (node, cycle) => {
          this.#holdCycle(node, cycle);
        },
        settled: (node) => {
          if (!node.pinned) {
            node.pinned = true;
            this.#orphans.push(node);
          }
        },
      },
      this.#suspended,
    );
  }

  /** Gives a node a cycle as its outcome without running it (it is retried whenever anything changes). */
  #holdCycle(node: GraphNode, cycle: GraphCycleError): void {
    // Like a computation that hits a cycle, it keeps no parent that leads into the cycle (here:
    // none), so that the graph of recorded dependencies stays acyclic.
    if (node.necessary) for (const parent of node.parents) this.#unlinkFrom(parent, node);
    else node.height = 0;
    node.necessary = true;
    node.parents = [];
    this.#queue.remove(node);
    node.cyclic = true;
    this.#cyclic.add(node);
    node.error = cycle;
    node.value = undefined;
    node.computedAt = node.changedAt = ++this.#clock;
    node.verifiedAt = this.#epoch;
    const children = node.children;
    if (children !== null) for (const child of children) if (!child.computing) this.#queue.push(child);
  }

  /** Leaves a stabilisation or first computation: unpins orphans (dropped later if still unread). */
  #endOfWork(): void {
    this.#currentHeight = OUTSIDE_STABILISATION;
    this.#busy = false;
    this.#unwinding = false;
    this.#deferred = null;
    this.#readsTop = 0; // already, unless an internal error escaped a computation
    for (const orphan of this.#orphans) {
      orphan.pinned = false;
      this.#dropCandidates.push(orphan);
    }
    this.#orphans.length = 0;
  }

  /** Takes a node out of its parents' children (it is no longer necessary). */
  #unlink(node: GraphNode): void {
    for (const parent of node.parents) this.#unlinkFrom(parent, node);
    node.necessary = false;
  }

  #unlinkFrom(parent: GraphNode, node: GraphNode): void {
    if (parent.children !== null && parent.children.delete(node)) this.#maybeUnneeded(parent);
  }

  #maybeUnneeded(node: GraphNode): void {
    if (node.kind === 'derived' && !node.observed && node.children !== null && node.children.size === 0) this.#dropCandidates.push(node);
  }

  /** Takes nodes nobody needs any more out of the graph, and their parents that only they needed. */
  #processDrops(): void {
    const candidates = this.#dropCandidates;
    while (candidates.length > 0) {
      const node = candidates.pop()!;
      if (!node.necessary || node.observed || node.pinned || node.kind !== 'derived' || (node.children !== null && node.children.size > 0)) continue;
      this.#queue.remove(node);
      this.#unlink(node);
    }
  }

  #cycleAt(node: GraphNode): GraphCycleError {
    const chain = this.#suspended.length === 0 ? this.#path : [...this.#suspended, ...this.#path];
    const from = chain.lastIndexOf(node);
    const names = (from < 0 ? [node] : chain.slice(from)).map((member) => member.name);
    names.push(node.name);
    return new GraphCycleError(names);
  }

  #own(handle: unknown, operation: string): GraphNode {
    if (typeof handle !== 'object' || handle === null || (handle as Partial<GraphNode>).owner !== this) throw this.#foreign(handle, operation);
    return handle as GraphNode;
  }

  #foreign(handle: unknown, operation: string): GraphUsageError {
    const name = typeof handle === 'object' && handle !== null ? (handle as { name?: unknown }).name : undefined;
    const what = typeof name === 'string' ? `node "${name}"` : handle === null ? 'null' : typeof handle;
    return new GraphUsageError(`${operation}: ${what} is not a node of this graph (a node can only be used with the graph that created it)`);
  }

  #claimName(name: unknown, kind: string): void {
    if (typeof name !== 'string' || name.length === 0) {
      throw new GraphUsageError(`graph.${kind}(): a node name must be a non-empty string; got ${typeof name === 'string' ? '""' : typeof name}`);
    }
    if (this.#names.has(name)) {
      throw new GraphUsageError(`graph.${kind}("${name}"): a node named "${name}" already exists; names identify nodes in errors and statistics, so they must be unique`);
    }
    this.#names.add(name);
  }
}

function equalityOf<T>(options: NodeOptions<T> | undefined, name: string, kind: string): Equality<unknown> {
  const equals = options?.equals;
  if (equals === undefined) return Object.is;
  if (typeof equals !== 'function') {
    throw new GraphUsageError(`graph.${kind}("${name}"): options.equals must be a function (a, b) => boolean; got ${typeof equals}`);
  }
  return equals as Equality<unknown>;
}
