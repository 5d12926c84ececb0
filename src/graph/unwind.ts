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
