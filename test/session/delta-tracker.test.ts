import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { DeltaCommitError, DeltaTracker, FingerprintError, type DeltaDecision } from '../../src/session/delta-tracker.js';

interface Params extends Record<string, unknown> {
  models: Record<string, { slope: number; floor: number }>;
  shocks: number[];
  label?: string;
}

function params(): Params {
  return {
    models: { standard: { slope: 1.5, floor: 0 }, fast: { slope: 3, floor: 0.01 } },
    shocks: [-100, 0, 100],
  };
}

const structure = { inputs: { version: 7, rows: ['r1', 'r2'] }, calendar: 'weekdays' };

/** A tracker with one committed full run of `params()`. */
function started(clock = new ManualClock(500)): DeltaTracker<Params> {
  const tracker = new DeltaTracker<Params>({ clock });
  const first = tracker.decide({ structure, parameters: params() });
  tracker.commit(first, params());
  return tracker;
}

function runOnce(tracker: DeltaTracker<Params>, parameters: Params, inputs: Record<string, unknown> = structure): DeltaDecision {
  const decision = tracker.decide({ structure: inputs, parameters });
  tracker.commit(decision, parameters);
  return decision;
}

describe('DeltaTracker.decide', () => {
  it('runs the first iteration in full and records it as the baseline', () => {
    const clock = new ManualClock(500);
    const tracker = new DeltaTracker<Params>({ clock });
    expect(tracker.baseline).toBeUndefined();
    const decision = tracker.decide({ structure, parameters: params() });
    expect(decision).toEqual({ type: 'full', reason: 'first run: there is no earlier iteration to reuse', changedParameters: [] });
    expect(tracker.history).toEqual([]);
    tracker.commit(decision, params());
    expect(tracker.baseline).toEqual(params());
    expect(tracker.history).toEqual([{ iteration: 1, type: 'full', parameters: params(), changedParameters: [], at: 500 }]);
    expect(tracker.iterations).toBe(1);
  });

  it('reuses the last run when nothing changed', () => {
    const tracker = started();
    // Equal content in a new object with another key order is no change.
    const same = { shocks: [-100, 0, 100], models: { fast: { floor: 0.01, slope: 3 }, standard: { floor: 0, slope: 1.5 } } };
    expect(tracker.decide({ structure: { calendar: 'weekdays', inputs: { rows: ['r1', 'r2'], version: 7 } }, parameters: same })).toEqual({
      type: 'delta',
      reason: 'nothing changed since the last iteration',
      changedParameters: [],
    });
  });

  it('runs a delta naming the changed parameter leaves, sorted', () => {
    const tracker = started();
    const next = params();
    next.models.standard!.slope = 1.75;
    next.shocks[2] = 150;
    next.models.fast!.floor = 0.02;
    expect(tracker.decide({ structure, parameters: next })).toEqual({
      type: 'delta',
      reason: '3 parameters changed; structure unchanged',
      changedParameters: ['models.fast.floor', 'models.standard.slope', 'shocks[2]'],
    });
  });

  it('names added and removed leaves, including whole subtrees and array items', () => {
    const tracker = started();
    const next: Params = {
      models: { standard: { slope: 1.5, floor: 0 }, slow: { slope: 0.5, floor: 0 } },
      shocks: [-100, 0],
      label: 'what-if',
    };
    expect(tracker.decide({ structure, parameters: next }).changedParameters).toEqual([
      'label',
      'models.fast.floor',
      'models.fast.slope',
      'models.slow.floor',
      'models.slow.slope',
      'shocks[2]',
    ]);
  });

  it('compares numbers by value as the fingerprint does: NaN to NaN is no change, 0 to -0 is one', () => {
    const tracker = new DeltaTracker<{ a: number; b: number }>();
    tracker.commit(tracker.decide({ structure: {}, parameters: { a: Number.NaN, b: 0 } }), { a: Number.NaN, b: 0 });
    expect(tracker.decide({ structure: {}, parameters: { a: Number.NaN, b: -0 } }).changedParameters).toEqual(['b']);
  });

  it('treats Maps and typed arrays as single leaves, compared by content', () => {
    const tracker = new DeltaTracker<{ table: Map<string, number>; grid: Float64Array; empty: Record<string, never> }>();
    const first = { table: new Map([['x', 1]]), grid: new Float64Array([1, 2]), empty: {} };
    tracker.commit(tracker.decide({ structure: {}, parameters: first }), first);
    const next = { table: new Map([['x', 2]]), grid: new Float64Array([1, 2]), empty: {} };
    expect(tracker.decide({ structure: {}, parameters: next }).changedParameters).toEqual(['table']);
  });

  it('runs in full when a structure input changes, is added or is removed, naming each', () => {
    const tracker = started();
    const next = params();
    next.models.standard!.slope = 2;
    const changed = tracker.decide({ structure: { ...structure, inputs: { version: 8, rows: ['r1', 'r2'] } }, parameters: next });
    expect(changed).toEqual({ type: 'full', reason: "structure changed: 'inputs' changed", changedParameters: ['models.standard.slope'] });
    const reshaped = tracker.decide({ structure: { inputs: structure.inputs, holidays: ['2024-12-25'] }, parameters: params() });
    expect(reshaped.type).toBe('full');
    expect(reshaped.reason).toBe("structure changed: 'holidays' added, 'calendar' removed");
  });

  it('compares with the last committed iteration, not the baseline, and ignores decisions never committed', () => {
    const tracker = started();
    const second = params();
    second.shocks = [-50, 0, 50];
    expect(runOnce(tracker, second).changedParameters).toEqual(['shocks[0]', 'shocks[2]']);

    // Decided but not committed (the run failed): the next decision still compares with `second`.
    const failed = params();
    failed.models.fast!.slope = 99;
    tracker.decide({ structure, parameters: failed });
    const third = { ...second, label: 'retry' };
    expect(tracker.decide({ structure, parameters: third }).changedParameters).toEqual(['label']);
    expect(tracker.baseline).toEqual(params());
  });

  it('snapshots committed parameters: editing the caller object in place is seen as a change, and history is frozen', () => {
    const tracker = new DeltaTracker<Params>();
    const live = params();
    runOnce(tracker, live);
    live.models.standard!.slope = 5;
    expect(tracker.decide({ structure, parameters: live }).changedParameters).toEqual(['models.standard.slope']);
    const snapshot = tracker.history[0]!.parameters;
    expect(snapshot).not.toBe(live);
    expect(snapshot.models.standard!.slope).toBe(1.5);
    expect(tracker.baseline).toBe(snapshot);
    expect(() => { snapshot.models.standard!.slope = 9; }).toThrow(TypeError);
    expect(() => { snapshot.shocks.push(1); }).toThrow(TypeError);
  });

  it('keeps the baseline from the first full run even after later full runs', () => {
    const tracker = started();
    const later = params();
    later.shocks = [0];
    const decision = runOnce(tracker, later, { ...structure, calendar: 'all days' });
    expect(decision.type).toBe('full');
    expect(tracker.baseline).toEqual(params());
  });

  it('bounds the history, numbering iterations on', () => {
    const tracker = new DeltaTracker<{ n: number }>({ maxHistory: 2, clock: new ManualClock() });
    for (let n = 0; n < 4; n++) {
      const decision = tracker.decide({ structure: {}, parameters: { n } });
      tracker.commit(decision, { n });
    }
    expect(tracker.history.map((entry) => [entry.iteration, entry.type, entry.changedParameters])).toEqual([
      [3, 'delta', ['n']],
      [4, 'delta', ['n']],
    ]);
    expect(tracker.baseline).toEqual({ n: 0 });
    expect(() => new DeltaTracker({ maxHistory: 0 })).toThrow('DeltaTracker: option maxHistory must be a positive integer; got 0');
  });

  it('reads dotted keys unambiguously: a flat "a.b" key becoming nested a.b is a change', () => {
    const tracker = new DeltaTracker<Record<string, unknown>>();
    const flat = { 'a.b': 1 };
    tracker.commit(tracker.decide({ structure: {}, parameters: flat }), flat);
    expect(tracker.decide({ structure: {}, parameters: { a: { b: 1 } } })).toMatchObject({ type: 'delta', changedParameters: ['a.b'] });
  });

  it('names the input that cannot be fingerprinted', () => {
    const tracker = new DeltaTracker<Record<string, unknown>>();
    expect(() => tracker.decide({ structure: {}, parameters: { models: { fit: () => 0 } } })).toThrow(
      'fingerprint: parameters.models.fit: a function (fit) has no content to fingerprint',
    );
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => tracker.decide({ structure: { inputs: loop }, parameters: {} })).toThrow(FingerprintError);
    expect(() => tracker.decide({ structure: { inputs: loop }, parameters: {} })).toThrow('fingerprint: structure.inputs.self: cycle');
    expect(() => tracker.decide({ structure: {}, parameters: { outer: loop } })).toThrow('fingerprint: parameters.outer.self: cycle');
  });
});

describe('DeltaTracker.commit', () => {
  it('refuses a decision from another tracker, or one committed already', () => {
    const tracker = new DeltaTracker<Params>();
    const other = new DeltaTracker<Params>();
    const foreign = other.decide({ structure, parameters: params() });
    expect(() => { tracker.commit(foreign, params()); }).toThrow(DeltaCommitError);
    const decision = tracker.decide({ structure, parameters: params() });
    tracker.commit(decision, params());
    expect(() => { tracker.commit(decision, params()); }).toThrow('the decision was not made by this tracker, or it was already committed');
    expect(() => { tracker.commit({ type: 'delta', reason: 'made up', changedParameters: [] }, params()); }).toThrow(DeltaCommitError);
  });

  it('refuses a decision outdated by a later commit', () => {
    const tracker = started();
    const early = tracker.decide({ structure, parameters: params() });
    runOnce(tracker, params());
    expect(() => { tracker.commit(early, params()); }).toThrow(
      'DeltaTracker.commit: the decision is outdated: iteration 2 was committed after it was made; call decide() again',
    );
  });

  it('refuses parameters other than those the decision was made for, naming where they differ', () => {
    const tracker = started();
    const decision = tracker.decide({ structure, parameters: params() });
    const other = params();
    other.models.fast!.slope = 4;
    expect(() => { tracker.commit(decision, other); }).toThrow("the parameters differ from those the decision was made for, at 'models.fast.slope'");
    expect(tracker.iterations).toBe(1);
  });

  it('returns frozen decisions', () => {
    const tracker = new DeltaTracker<Params>();
    const decision = tracker.decide({ structure, parameters: params() });
    expect(Object.isFrozen(decision)).toBe(true);
    expect(Object.isFrozen(decision.changedParameters)).toBe(true);
  });
});
