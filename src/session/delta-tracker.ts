import { type Clock, systemClock } from '../clock/index.js';
import { TenureError } from '../errors/tenure-error.js';
import { type Fingerprint, fingerprintAt } from './fingerprint.js';
import { changedLeafPaths, parameterLeaves, type ParameterLeaves } from './parameter-leaves.js';

export { fingerprint, FingerprintError, type Fingerprint } from './fingerprint.js';

/** `full`: rebuild everything; `delta`: reuse the last run and redo only what the changed parameters touch. */
export type ExecutionType = 'full' | 'delta';

export interface DeltaDecision {
  readonly type: ExecutionType;
  /** Why, for people: which structure input changed, or how many parameters did. */
  readonly reason: string;
  /** Parameter leaf paths that changed since the last committed iteration, e.g. `models.standard.slope`; sorted. */
  readonly changedParameters: readonly string[];
}

/** One committed iteration. */
export interface DeltaIteration<P> {
  /** 1 for the first committed iteration, counting on even when old entries are dropped. */
  readonly iteration: number;
  readonly type: ExecutionType;
  /** A frozen copy of the parameters as committed (plain objects and arrays frozen; later edits to the caller's object do not reach it). */
  readonly parameters: P;
  readonly changedParameters: readonly string[];
  /** When it was committed, on the tracker's clock. */
  readonly at: number;
}

export interface DeltaTrackerOptions {
  /** Default systemClock. */
  readonly clock?: Clock;
  /** Iterations kept in `history`; the oldest are dropped first (the baseline is kept apart). Default 1,000. */
  readonly maxHistory?: number;
}

/** `commit` was given a decision this tracker did not make, one already committed or outdated, or other parameters. */
export class DeltaCommitError extends TenureError {
  readonly code = 'DELTA_COMMIT_INVALID';
}

interface PendingDecision {
  /** Commits made before this decision: a later commit makes it stale. */
  readonly generation: number;
  readonly structure: ReadonlyMap<string, Fingerprint>;
  readonly leaves: ParameterLeaves;
}

const DEFAULT_MAX_HISTORY = 1_000;

/**
 * Decides, iteration by iteration, whether work can be redone incrementally. Inputs come in
 * two kinds: `structure` (named things whose change invalidates everything built so far, so
 * forces a full run) and `parameters` (a tree of settings whose changed leaves a delta run
 * can target). Both are compared by content fingerprint against the last committed iteration.
 *
 * A structure input is fingerprinted in full on every decision; for a large one, pass a
 * version string or its fingerprint computed once instead.
 *
 * Use: `const decision = tracker.decide(inputs)`, run, then `tracker.commit(decision, parameters)`
 * once the run succeeded. A run that failed is simply not committed; the next decision
 * compares against the last successful one.
 */
export class DeltaTracker<P extends Record<string, unknown>> {
  readonly #clock: Clock;
  readonly #maxHistory: number;
  readonly #pending = new WeakMap<DeltaDecision, PendingDecision>();
  readonly #history: DeltaIteration<P>[] = [];
  #commits = 0;
  #structure: ReadonlyMap<string, Fingerprint> | undefined;
  #leaves: ParameterLeaves | undefined;
  #baseline: P | undefined;

  constructor(options: DeltaTrackerOptions = {}) {
    const maxHistory = options.maxHistory ?? DEFAULT_MAX_HISTORY;
    if (!Number.isSafeInteger(maxHistory) || maxHistory < 1) {
      throw new RangeError(`DeltaTracker: option maxHistory must be a positive integer; got ${String(maxHistory)}`);
    }
    this.#clock = options.clock ?? systemClock;
    this.#maxHistory = maxHistory;
  }

  /** Committed iterations, oldest first (at most `maxHistory`). */
  get history(): readonly DeltaIteration<P>[] {
    return this.#history;
  }

  /** Parameters of the first committed full run, frozen; undefined before it. */
  get baseline(): P | undefined {
    return this.#baseline;
  }

  /** Iterations committed so far. */
  get iterations(): number {
    return this.#commits;
  }

  /**
   * Compares the inputs with the last committed iteration. The first decision is `full`; a
   * structure input added, removed or changed makes it `full` (the reason names them); else it
   * is `delta` with the changed parameter leaves (none if nothing changed). Throws
   * FingerprintError, naming the path, for an input that cannot be fingerprinted.
   */
  decide(inputs: { readonly structure: Record<string, unknown>; readonly parameters: P }): DeltaDecision {
    const structure = structureFingerprints(inputs.structure);
    const leaves = parameterLeaves(inputs.parameters, 'parameters');
    const changedParameters = this.#leaves === undefined ? [] : changedLeafPaths(this.#leaves, leaves);

    let decision: DeltaDecision;
    if (this.#structure === undefined) {
      decision = { type: 'full', reason: 'first run: there is no earlier iteration to reuse', changedParameters };
    } else {
      const changes = structureChanges(this.#structure, structure);
      if (changes.length > 0) {
        decision = { type: 'full', reason: `structure changed: ${changes.join(', ')}`, changedParameters };
      } else if (changedParameters.length === 0) {
        decision = { type: 'delta', reason: 'nothing changed since the last iteration', changedParameters };
      } else {
        const count = changedParameters.length;
        decision = { type: 'delta', reason: `${count} parameter${count === 1 ? '' : 's'} changed; structure unchanged`, changedParameters };
      }
    }
    Object.freeze(changedParameters);
    Object.freeze(decision);
    this.#pending.set(decision, { generation: this.#commits, structure, leaves });
    return decision;
  }

  /**
   * Records a successful run of `decision` with `parameters` (the ones the decision was made
   * for): the next decision compares against it. Throws DeltaCommitError if the decision is not
   * this tracker's, was already committed, is outdated by a later commit, or if the parameters
   * differ from the ones it was made for.
   */
  commit(decision: DeltaDecision, parameters: P): void {
    const pending = this.#pending.get(decision);
    if (pending === undefined) {
      throw new DeltaCommitError('DeltaTracker.commit: the decision was not made by this tracker, or it was already committed');
    }
    if (pending.generation !== this.#commits) {
      throw new DeltaCommitError(
        `DeltaTracker.commit: the decision is outdated: iteration ${this.#commits} was committed after it was made; call decide() again`,
      );
    }
    const differing = changedLeafPaths(pending.leaves, parameterLeaves(parameters, 'parameters'));
    if (differing.length > 0) {
      throw new DeltaCommitError(
        `DeltaTracker.commit: the parameters differ from those the decision was made for, at ${differing.map((path) => `'${path}'`).join(', ')}`,
      );
    }

    const snapshot = freezePlainData(structuredClone(parameters));
    this.#pending.delete(decision);
    this.#commits++;
    this.#structure = pending.structure;
    this.#leaves = pending.leaves;
    if (this.#baseline === undefined && decision.type === 'full') this.#baseline = snapshot;
    this.#history.push(
      Object.freeze({
        iteration: this.#commits,
        type: decision.type,
        parameters: snapshot,
        changedParameters: decision.changedParameters,
        at: this.#clock.now(),
      }),
    );
    if (this.#history.length > this.#maxHistory) this.#history.splice(0, this.#history.length - this.#maxHistory);
  }
}

function structureFingerprints(structure: Record<string, unknown>): Map<string, Fingerprint> {
  const fingerprints = new Map<string, Fingerprint>();
  for (const name of Object.keys(structure).sort()) {
    const value = structure[name];
    if (value !== undefined) fingerprints.set(name, fingerprintAt(value, `structure.${name}`));
  }
  return fingerprints;
}

function structureChanges(before: ReadonlyMap<string, Fingerprint>, after: ReadonlyMap<string, Fingerprint>): string[] {
  const changes: string[] = [];
  for (const [name, digest] of after) {
    const previous = before.get(name);
    if (previous === undefined) changes.push(`'${name}' added`);
    else if (previous !== digest) changes.push(`'${name}' changed`);
  }
  for (const name of before.keys()) {
    if (!after.has(name)) changes.push(`'${name}' removed`);
  }
  return changes;
}

/** Freezes the plain objects and arrays of a private copy (typed arrays cannot be frozen; Maps and Sets are left as they are). */
function freezePlainData<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (Array.isArray(value) || prototype === Object.prototype || prototype === null) {
      Object.freeze(value);
      for (const item of Object.values(value)) freezePlainData(item);
    }
  }
  return value;
}
