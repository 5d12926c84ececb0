import { setImmediate as nextMacrotask } from 'node:timers/promises';

/**
 * What the sentinel knows of the scope that owns a tracked object. The scope updates
 * `closed`; the sentinel holds this small record instead of the scope, so watching a scope
 * can never keep it (or anything it once held) alive.
 */
export interface TrackedOwner {
  /** Human-readable scope path, for reports. */
  readonly path: string;
  /** Ids of the scope and all its ancestors, for checking one subtree. */
  readonly lineage: readonly number[];
  /** Only objects of closed scopes can be leaks: an open scope rightly holds what it owns. */
  readonly closed: boolean;
}

/** Objects of one label, from one scope, still reachable after the scope closed. */
export interface LeakedObjects {
  /** Provider name, or the label of an `own()`ed value. */
  readonly label: string;
  /** Path of the closed scope that owned them. */
  readonly scope: string;
  readonly count: number;
}

/** The outcome of {@link LeakSentinel.check}. */
export interface LeakReport {
  /**
   * `clean`: everything tracked in closed scopes was collected. `leaked`: some of it is still
   * reachable. `inconclusive`: garbage collection could not be forced, so nothing is known.
   */
  readonly status: 'clean' | 'leaked' | 'inconclusive';
  /** What is still reachable, grouped by label and scope; empty unless `leaked`. */
  readonly leaks: readonly LeakedObjects[];
  /** Objects from closed scopes that were considered. */
  readonly examined: number;
  /** Forced collections that ran. */
  readonly gcRounds: number;
  /** Why the result is inconclusive. */
  readonly reason?: string;
}

/** Settings of a {@link LeakSentinel}. */
export interface LeakSentinelOptions {
  /**
   * Forces a full collection. Defaults to `globalThis.gc`, which exists under
   * `node --expose-gc`; a server may pass its own (e.g. obtained through `v8.setFlagsFromString`).
   */
  readonly gc?: () => unknown;
  /** Collections to try before calling a reachable object a leak (default 5). */
  readonly rounds?: number;
}

/** What to check. */
export interface LeakCheckOptions {
  /** Only objects owned by this scope or its descendants (anything with the scope's `id`). */
  readonly within?: { readonly id: number };
  /** Overrides the sentinel's number of collection rounds. */
  readonly rounds?: number;
}

interface TrackedEntry {
  readonly ref: WeakRef<object>;
  readonly label: string;
  readonly owner: TrackedOwner;
}

const DEFAULT_ROUNDS = 5;

/**
 * Proves that what a scope created is gone once the scope has closed. Scopes report each
 * instance they create (and each value they adopt) with a label; the sentinel keeps only a
 * WeakRef, and a FinalizationRegistry forgets entries as they are collected, so a sentinel
 * living as long as the process does not grow with the work it watches.
 *
 * `check()` forces garbage collection a few times, yielding a macrotask around each one
 * (V8 keeps a WeakRef's target alive until the current job ends), and reports by label
 * what closed scopes left reachable.
 */
export class LeakSentinel {
  readonly #entries = new Set<TrackedEntry>();
  readonly #finalization = new FinalizationRegistry<TrackedEntry>((entry) => {
    this.#entries.delete(entry);
  });
  readonly #gc: (() => unknown) | undefined;
  readonly #rounds: number;

  constructor(options: LeakSentinelOptions = {}) {
    const rounds = options.rounds ?? DEFAULT_ROUNDS;
    if (!Number.isInteger(rounds) || rounds < 1) {
      throw new RangeError(`LeakSentinel: rounds must be a positive integer, got ${String(rounds)}`);
    }
    this.#gc = options.gc;
    this.#rounds = rounds;
  }

  /** Tracked objects not yet seen to be collected (open and closed scopes alike). */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether {@link check} can force garbage collection, and so give a definite answer. */
  get canForceGc(): boolean {
    return this.#collector() !== undefined;
  }

  /** Starts watching `target`, owned by `owner`, under `label`. Holds it only weakly. */
  track(target: object, label: string, owner: TrackedOwner): void {
    const entry: TrackedEntry = { ref: new WeakRef(target), label, owner };
    this.#entries.add(entry);
    this.#finalization.register(target, entry);
  }

  /**
   * Forces garbage collection and reports what closed scopes left reachable. Stops early
   * once nothing is. Without a way to force collection the answer is `inconclusive`, never
   * `clean`: an uncollected object proves nothing when no collection ran.
   */
  async check(options: LeakCheckOptions = {}): Promise<LeakReport> {
    const collect = this.#collector();
    if (collect === undefined) {
      return {
        status: 'inconclusive',
        leaks: [],
        examined: this.#suspects(options.within, false).length,
        gcRounds: 0,
        reason:
          'cannot force garbage collection: globalThis.gc is not exposed (run node with --expose-gc) and no gc function was given to the LeakSentinel',
      };
    }

    const examined = this.#suspects(options.within, false).length;
    if (examined === 0) return { status: 'clean', leaks: [], examined, gcRounds: 0 };
    const rounds = options.rounds ?? this.#rounds;
    let survivors: TrackedEntry[] = [];
    let gcRounds = 0;
    for (let round = 0; round < rounds; round++) {
      await nextMacrotask();
      await collect();
      gcRounds++;
      await nextMacrotask();
      survivors = this.#suspects(options.within, true);
      if (survivors.length === 0) break;
    }

    const leaks = groupByLabelAndScope(survivors);
    return { status: leaks.length === 0 ? 'clean' : 'leaked', leaks, examined, gcRounds };
  }

  #collector(): (() => unknown) | undefined {
    return this.#gc ?? globalThis.gc;
  }

  /** Entries owned by closed scopes (within the given subtree), optionally only those still alive. */
  #suspects(within: { readonly id: number } | undefined, aliveOnly: boolean): TrackedEntry[] {
    const suspects: TrackedEntry[] = [];
    for (const entry of this.#entries) {
      if (!entry.owner.closed) continue;
      if (within !== undefined && !entry.owner.lineage.includes(within.id)) continue;
      if (aliveOnly && entry.ref.deref() === undefined) {
        this.#entries.delete(entry);
        continue;
      }
      suspects.push(entry);
    }
    return suspects;
  }
}

function groupByLabelAndScope(entries: readonly TrackedEntry[]): LeakedObjects[] {
  const groups = new Map<string, { label: string; scope: string; count: number }>();
  for (const entry of entries) {
    const key = `${entry.label}\u0000${entry.owner.path}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { label: entry.label, scope: entry.owner.path, count: 1 });
    else group.count++;
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** One paragraph a person can act on: what leaked, how many, from which scope. */
export function formatLeakReport(report: LeakReport): string {
  switch (report.status) {
    case 'inconclusive':
      return `leak check inconclusive: ${report.reason ?? 'unknown reason'}`;
    case 'clean':
      return `no leaks: all ${report.examined} tracked objects from closed scopes were collected (${report.gcRounds} forced GC rounds)`;
    case 'leaked': {
      const total = report.leaks.reduce((sum, leak) => sum + leak.count, 0);
      const lines = report.leaks.map((leak) => `  - '${leak.label}' x${leak.count} from scope ${leak.scope}`);
      return (
        `leak: ${total} of ${report.examined} tracked objects from closed scopes are still reachable after ` +
        `${report.gcRounds} forced GC rounds:\n${lines.join('\n')}\n` +
        'Something outside the scope (a module-level collection, an event listener, a timer, a cache) still refers to them.'
      );
    }
  }
}
