import { LeakCheckInconclusiveError, ScopeLeakError } from './errors.js';
import { formatLeakReport, type LeakCheckOptions, type LeakReport, type LeakSentinel } from './leak-sentinel.js';
import type { Scope } from './scope.js';

/**
 * Test helpers for leak checks. They throw typed errors instead of calling a test
 * framework's `expect`, so they work under any runner (or in a smoke check on a server):
 * a thrown error fails the test, and its message lists what leaked.
 */

/**
 * Forces garbage collection and throws {@link ScopeLeakError} if anything tracked by
 * `sentinel` in a closed scope is still reachable, with the labels (provider names) and
 * counts in the message. Throws {@link LeakCheckInconclusiveError} when collection cannot be
 * forced, because a check that could not run must not pass. Returns the clean report.
 */
export async function assertNoLeaks(sentinel: LeakSentinel, options: LeakCheckOptions = {}): Promise<LeakReport> {
  const report = await sentinel.check(options);
  if (report.status === 'inconclusive') throw new LeakCheckInconclusiveError(formatLeakReport(report));
  if (report.status === 'leaked') throw new ScopeLeakError(formatLeakReport(report), report.leaks);
  return report;
}

/**
 * Asserts that everything created in `scope` and its descendants was collected after the
 * scope closed. The scope must be closed (an open scope rightly holds what it owns) and
 * watched by a leak sentinel (given to it or an ancestor when opened).
 */
export async function expectScopeCollected<L extends string>(
  scope: Scope<L>,
  options: Omit<LeakCheckOptions, 'within'> = {},
): Promise<LeakReport> {
  if (scope.state !== 'closed') {
    throw new LeakCheckInconclusiveError(
      `cannot check scope ${scope.path} for leaks: it is ${scope.state}; close it first (an open scope holds what it owns)`,
    );
  }
  const sentinel = scope.leakSentinel;
  if (sentinel === undefined) {
    throw new LeakCheckInconclusiveError(
      `cannot check scope ${scope.path} for leaks: no leak sentinel watches it; pass { leakSentinel } when opening it or an ancestor`,
    );
  }
  return assertNoLeaks(sentinel, { ...options, within: scope });
}
