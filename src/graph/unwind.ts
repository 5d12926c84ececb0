import { GraphCycleError } from './errors.js';

/**
 * Stack safety for demand-driven computation. Computations nest: a compute reads a node that must
 * be computed first, whose compute reads another, and so on; the first `get` of the end of a
 * chain of 10,000 nodes would need a call stack 10,000 computations deep, which JavaScript does
 * not have (it overflows near 1,500).
 *
 * So nesting is bounded. When it reaches `maxDepth`, the graph (or scenario view) records the node
 * it was about to enter and throws `UNWIND` through every compute function on the stack. Each of
 * them is abandoned as if it had not run: its reads are discarded and its node is left as it was
 * (stale and queued, or not needed). The graph then settles the recorded node starting from an
 * empty stack, going round again if that too is deep, and finally repeats the abandoned work,
 * which now finds the node settled. A chain of any length is computed in segments of `maxDepth`,
 * at the price of starting at most one compute per segment twice. The nodes of an abandoned call
 * chain stay marked as being on the path until it is resumed, so a cycle that runs through an
 * unwinding point is still found and named.
 *
 * Consequence for users: with graphs deeper than `maxDepth`, a compute function may be started
 * more than once for one computation (only the run that completes counts in statistics). Compute
 * functions must be pure functions of what they read, which they must be anyway.
 */
export class Unwind extends Error {}

/** The one unwinding signal; never leaves the graph. */
export const UNWIND = new Unwind('graph stack unwinding (internal signal)');

/** Nested computations and verifications before unwinding: a few thousand stack frames at most. */
export const DEFAULT_MAX_DEPTH = 256;

/** How a graph, or a scenario view, takes part in {@link settleInSegments}. */
export interface SegmentedSettle<N> {
  /** The node an unwinding stopped at and the call chain it abandoned; clears both, and the unwinding flag. */
  takeDeferred(): { readonly node: N; readonly path: readonly N[] };
  /** Marks a node of an abandoned chain as on the path (so a cycle through it is found), or clears the mark. */
  setSuspended(node: N, suspended: boolean): void;
  /** Settles one node; throws UNWIND when that nests too deep. */
  settle(node: N): void;
  /** Makes a cycle the node's outcome. */
  holdCycle(node: N, cycle: GraphCycleError): void;
  /** Called once a node has settled. */
  settled?(node: N): void;
}

/**
 * After an unwinding reached the top: settles the node it stopped at (and, if that unwinds too,
 * the next one first), keeping each abandoned chain marked as on the path until the node it
 * waited for has settled. `suspended` is the owner's list of marked nodes (its cycle messages
 * read it); it is empty again when this returns or throws.
 */
export function settleInSegments<N>(how: SegmentedSettle<N>, suspended: N[]): void {
  const pending: N[] = [];
  const segments: number[] = [];
  const suspend = (): void => {
    const { node, path } = how.takeDeferred();
    pending.push(node);
    for (const member of path) {
      how.setSuspended(member, true);
      suspended.push(member);
    }
    segments.push(path.length);
  };
  suspend();
  try {
    while (pending.length > 0) {
      const node = pending[pending.length - 1]!;
      try {
        how.settle(node);
      } catch (error) {
        if (error === UNWIND) {
          suspend();
          continue;
        }
        if (!(error instanceof GraphCycleError)) throw error;
        // Settling it reached the abandoned chain that needs it: a cycle. That is its outcome, so
        // that the chain, when it runs again, reads the failure instead of unwinding here for ever.
        how.holdCycle(node, error);
      }
      pending.pop();
      for (let n = segments.pop()!; n > 0; n--) how.setSuspended(suspended.pop()!, false);
      how.settled?.(node);
    }
  } finally {
    for (const member of suspended) how.setSuspended(member, false);
    suspended.length = 0;
  }
}
