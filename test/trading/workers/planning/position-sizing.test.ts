import { describe, expect, it } from 'vitest';
import { Volatility } from '../../../../src/trading/workers/context-dtos.js';
import { positionSizingWorker } from '../../../../src/trading/workers/planning/position-sizing.js';
import {
  Opportunity,
  Plan,
  Threat,
  type OpportunitySignal,
  type ThreatSignal,
  type TradePlan,
} from '../../../../src/trading/workers/signals.js';
import { closeBars, flatAccount, WorkerBench } from '../decision-worker-harness.js';

const buy: OpportunitySignal = { side: 'buy', strength: 1, reason: 'a: buy' };
const sell: OpportunitySignal = { side: 'sell', strength: 1, reason: 'b: sell' };
const exit: OpportunitySignal = { side: 'close', strength: 1, reason: 'exit' };
const add: OpportunitySignal = { side: 'buy', strength: 1, mode: 'add', reason: 'dca' };
const threat = (action: ThreatSignal['action']): ThreatSignal => ({ action, severity: 1, reason: `guard: ${action}` });

interface Tick {
  readonly price?: number;
  readonly opportunities?: Partial<Record<'a' | 'b', OpportunitySignal>>;
  readonly threats?: Partial<Record<'t1' | 't2', ThreatSignal>>;
  readonly atr?: number;
  readonly position?: number;
  readonly equity?: number;
}

/** A position_sizing worker fed by two opportunity feeders (a, b), two threat feeders and an ATR feeder. */
function setUp(params: Record<string, unknown> = {}, ticks = 20) {
  const bench = new WorkerBench(closeBars(Array.from({ length: ticks }, () => 200)), flatAccount(10_000));
  const opp = { a: bench.feeder(Opportunity, 'a', 'opp_a'), b: bench.feeder(Opportunity, 'b', 'opp_b') };
  const thr = { t1: bench.feeder(Threat, 't1', 'threat_1'), t2: bench.feeder(Threat, 't2', 'threat_2') };
  const atr = bench.feeder(Volatility, 'atr14', 'atr');
  const worker = bench.create(positionSizingWorker, 'sizing', params);
  const out = bench.probe(Plan);
  bench.seal();
  /** Runs one tick; the price is set as the tick's price (the bar's close is only a placeholder). */
  const tick = (t: Tick): TradePlan | undefined => {
    if (t.position !== undefined) bench.account.position = t.position;
    if (t.equity !== undefined) bench.account.equity = t.equity;
    bench.history.index++;
    bench.provider.startTick('BTC-PERP', bench.history.index, t.price ?? 200);
    for (const [label, signal] of Object.entries(t.opportunities ?? {})) bench.provider.set(opp[label as 'a' | 'b'], signal);
    for (const [label, signal] of Object.entries(t.threats ?? {})) bench.provider.set(thr[label as 't1' | 't2'], signal);
    if (t.atr !== undefined) bench.provider.set(atr, { atr: t.atr, atrFraction: t.atr / (t.price ?? 200), returnStdev: 0.01 });
    worker.onBar();
    return bench.provider.get(out);
  };
  return { bench, tick };
}

describe('position_sizing: sizing', () => {
  it('sizes a full position as equity × fraction / price, signed by the side', () => {
    const { tick } = setUp({ fraction: 0.5 });
    expect(tick({ opportunities: { a: buy } })).toEqual({ targetPosition: 25, orderType: 'market', stopPrice: Number.NaN, reason: 'a: buy' });
    expect(tick({ opportunities: { a: sell }, price: 250, equity: 12_000 })?.targetPosition).toBe(-24);
  });

  it('scales a full position by the signal strength and caps it at maxFraction of equity', () => {
    const { tick } = setUp({ fraction: 2, maxFraction: 1.5 });
    expect(tick({ opportunities: { a: { ...buy, strength: 0.5 } } })?.targetPosition).toBe(50);
    expect(tick({ opportunities: { a: buy } })?.targetPosition).toBe(75);
  });

  it('adds unitFraction × initial cash per add, × strength, up to maxFraction of equity, never shrinking', () => {
    const { tick } = setUp({ unitFraction: 0.1, maxFraction: 0.25 }); // unit: 1000 / 100 = 10 units; cap 25 units
    expect(tick({ opportunities: { a: add }, price: 100 })?.targetPosition).toBe(10);
    expect(tick({ opportunities: { a: add }, price: 100, position: 10 })?.targetPosition).toBe(20);
    expect(tick({ opportunities: { a: { ...add, strength: 2 } }, price: 200, position: 0 })?.targetPosition).toBe(10);
    expect(tick({ opportunities: { a: add }, price: 100, position: 20 })?.targetPosition).toBe(25);
    expect(tick({ opportunities: { a: add }, price: 100, position: 30 })?.targetPosition).toBe(30);
    expect(tick({ opportunities: { a: { ...add, side: 'sell' } }, price: 100, position: 30 })?.targetPosition).toBe(20);
  });

  it('rounds targets down to whole lots', () => {
    // 10,000 / 300 = 33.33… units
    expect(setUp({ lotSize: 1 }).tick({ opportunities: { a: buy }, price: 300 })?.targetPosition).toBe(33);
    expect(setUp({ lotSize: 0.01 }).tick({ opportunities: { a: buy }, price: 300 })?.targetPosition).toBeCloseTo(33.33, 10);
    expect(setUp({ lotSize: 5 }).tick({ opportunities: { a: sell }, price: 300 })?.targetPosition).toBe(-30);
    // 0.3 / 0.1 is 2.9999999999999996 in binary: still three lots.
    expect(setUp({ lotSize: 0.1 }).tick({ opportunities: { a: buy }, price: 100, equity: 30 })?.targetPosition).toBeCloseTo(0.3, 12);
    expect(setUp().tick({ opportunities: { a: buy }, price: 300 })?.targetPosition).toBeCloseTo(33.3333333333, 8);
  });

  it('lets the last signal in declaration order win, and any close beat them all', () => {
    const { tick } = setUp();
    expect(tick({ opportunities: { a: buy, b: sell } })?.targetPosition).toBe(-50);
    expect(tick({ opportunities: { a: exit, b: buy }, position: -50 })).toMatchObject({ targetPosition: 0, reason: 'exit' });
  });

  it('makes no plan on a tick with neither a signal nor a threat', () => {
    const { tick } = setUp();
    expect(tick({})).toBeUndefined();
    expect(tick({ position: 10 })).toBeUndefined();
  });

  it('reads every opportunity and threat of its strategy, whatever the label', () => {
    const { bench } = setUp({ stop: { kind: 'atr' }, volatility: 'atr14' });
    expect(bench.provider.requiredKeys('sizing').sort()).toEqual(['Opportunity:a', 'Opportunity:b', 'Threat:t1', 'Threat:t2', 'Volatility:atr14']);
    expect(setUp().bench.provider.requiredKeys('sizing')).not.toContain('Volatility:atr14');
  });
});

describe('position_sizing: threats override signals', () => {
  it('close: flat whatever the signals say', () => {
    const { tick } = setUp();
    expect(tick({ opportunities: { a: buy }, threats: { t2: threat('close') } })).toMatchObject({
      targetPosition: 0,
      reason: 'a: buy; close: guard: close',
    });
    expect(tick({ threats: { t1: threat('close') }, position: 30 })).toMatchObject({ targetPosition: 0, reason: 'guard: close' });
  });

  it('close while already flat: a plan only if it has pending orders to cancel', () => {
    const { tick, bench } = setUp();
    expect(tick({ threats: { t1: threat('close') } })).toBeUndefined();
    bench.orders.submit({ side: 'buy', quantity: 1, type: 'limit', limitPrice: 190, reason: 'entry' });
    expect(tick({ threats: { t1: threat('close') } })?.targetPosition).toBe(0);
  });

  it('block: no new exposure; the target stays between flat and the current position', () => {
    const { tick } = setUp();
    const block = { t1: threat('block') };
    expect(tick({ opportunities: { a: buy }, threats: block, position: 0 })?.targetPosition).toBe(0);
    expect(tick({ opportunities: { a: buy }, threats: block, position: 10 })?.targetPosition).toBe(10);
    expect(tick({ opportunities: { a: sell }, threats: block, position: 10 })?.targetPosition).toBe(0);
    expect(tick({ opportunities: { a: buy }, threats: block, position: -10 })?.targetPosition).toBe(0);
    expect(tick({ opportunities: { a: { ...buy, strength: 0.1 } }, threats: block, position: 10 })?.targetPosition).toBe(5);
    expect(tick({ opportunities: { a: exit }, threats: block, position: 10 })?.targetPosition).toBe(0);
  });

  it('reduce: halves what a signal asks for', () => {
    const { tick } = setUp();
    expect(tick({ opportunities: { a: buy }, threats: { t1: threat('reduce') } })?.targetPosition).toBe(25);
    expect(tick({ opportunities: { a: sell }, threats: { t1: threat('reduce') } })?.targetPosition).toBe(-25);
  });

  it('reduce without a signal: halves the position once per episode, not on every bar of it', () => {
    const { tick } = setUp();
    const reduce = { t1: threat('reduce') };
    expect(tick({ threats: reduce, position: 40 })).toMatchObject({ targetPosition: 20, reason: 'guard: reduce' });
    expect(tick({ threats: reduce, position: 20 })).toBeUndefined();
    expect(tick({ threats: reduce, position: 20 })).toBeUndefined();
    expect(tick({ position: 20 })).toBeUndefined();
    expect(tick({ threats: reduce, position: 20 })?.targetPosition).toBe(10);
  });

  it('close beats reduce and block; reduce and block combine', () => {
    const { tick } = setUp();
    expect(tick({ opportunities: { a: buy }, threats: { t1: threat('reduce'), t2: threat('close') } })?.targetPosition).toBe(0);
    // Signal 50, halved to 25, then blocked at the current 10.
    expect(tick({ opportunities: { a: buy }, threats: { t1: threat('reduce'), t2: threat('block') }, position: 10 })?.targetPosition).toBe(10);
    expect(tick({ opportunities: { a: buy }, threats: { t1: threat('reduce'), t2: threat('block') }, position: 40 })?.targetPosition).toBe(25);
  });
});

describe('position_sizing: stops', () => {
  it('percent: entry price × (1 − value) for a long, × (1 + value) for a short', () => {
    const { tick } = setUp({ stop: { kind: 'percent', value: 0.02 } });
    expect(tick({ opportunities: { a: buy }, price: 200 })?.stopPrice).toBeCloseTo(196, 10);
    expect(tick({ opportunities: { a: sell }, price: 200, position: 50 })?.stopPrice).toBeCloseTo(204, 10);
    expect(tick({ opportunities: { a: exit }, position: -50 })?.stopPrice).toBeNaN();
  });

  it('keeps the entry stop while a threat only shrinks the position, and sets a new one when it grows', () => {
    const { tick } = setUp({ stop: { kind: 'percent', value: 0.05 } });
    expect(tick({ opportunities: { a: add }, price: 100 })?.stopPrice).toBeCloseTo(95, 10);
    expect(tick({ threats: { t1: threat('reduce') }, price: 120, position: 10 })).toMatchObject({ targetPosition: 5 });
    expect(tick({ threats: { t1: threat('reduce') }, price: 120, position: 10 })).toBeUndefined();
    expect(tick({ opportunities: { a: buy }, threats: { t1: threat('block') }, price: 130, position: 5 })?.stopPrice).toBeCloseTo(95, 10);
    expect(tick({ opportunities: { a: add }, price: 80, position: 5 })?.stopPrice).toBeCloseTo(76, 10);
  });

  it('atr: price ∓ value × ATR, from the Volatility DTO it names; none while ATR is warming up', () => {
    const { tick } = setUp({ stop: { kind: 'atr', value: 2 }, volatility: 'atr14' });
    expect(tick({ opportunities: { a: buy }, price: 200, atr: 5 })?.stopPrice).toBe(190);
    expect(tick({ opportunities: { a: sell }, price: 200, atr: 4, position: 50 })?.stopPrice).toBe(208);
    expect(tick({ opportunities: { a: buy }, price: 200, position: -50 })?.stopPrice).toBeNaN();
  });
});

describe('position_sizing: params', () => {
  it('fills defaults and refuses bad values, naming the field', () => {
    expect(positionSizingWorker.params.parse({})).toEqual({ fraction: 1, unitFraction: 0.1, maxFraction: 1, stop: { kind: 'none' }, lotSize: 0 });
    expect(positionSizingWorker.params.parse({ stop: { kind: 'percent' } }).stop).toEqual({ kind: 'percent', value: 0.02 });
    expect(positionSizingWorker.params.parse({ stop: { kind: 'atr' } }).stop).toEqual({ kind: 'atr', value: 2 });
    const path = (params: unknown) => positionSizingWorker.params.safeParse(params).error?.issues[0]?.path;
    expect(path({ fraction: 0 })).toEqual(['fraction']);
    expect(path({ lotSize: -1 })).toEqual(['lotSize']);
    expect(path({ stop: { kind: 'percent', value: 1 } })).toEqual(['stop', 'value']);
    expect(path({ stop: { kind: 'trailing' } })).toEqual(['stop', 'kind']);
    expect(path({ stop: { kind: 'none', value: 3 } })).toEqual(['stop']);
    expect(path({ volatility: 'atr14' })).toEqual(['volatility']);
    expect(positionSizingWorker.params.safeParse({ fractoin: 1 }).success).toBe(false);
    expect(positionSizingWorker.kind).toBe('planning');
  });
});
