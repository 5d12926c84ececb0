import { describe, expect, it } from 'vitest';
import type { MbsPosition, Position } from '../../../src/valuation/portfolio/position.js';
import { loadMarketData } from '../../../src/valuation/market/market-data.js';
import { loadModelRegistry } from '../../../src/valuation/prepayment/model-registry.js';
import { enrichPortfolio } from '../../../src/valuation/suite/enrich.js';
import { buildScenarioCurves } from '../../../src/valuation/suite/scenario-curves.js';
import { valueInstrument } from '../../../src/valuation/suite/value-instrument.js';
import {
  diff,
  firstDifference,
  ModelParameterError,
  NO_MODEL_GROUP,
  UnknownWorkflowModelError,
  WorkflowInputError,
  ValuationWorkflow,
  type WorkflowRun,
} from '../../../src/valuation/workflow/index.js';
import { exampleMarket, examplePortfolio, MODEL_DIRECTORY, newWorkflow, VALUATION_DATE } from './fixtures.js';

const portfolio = examplePortfolio();
const poolsOn = (model: string): string[] => portfolio.filter((p): p is MbsPosition => p.kind === 'mbs' && p.model === model).map((p) => p.id);
const positionNodes = (run: WorkflowRun): string[] => run.recomputedNodes.filter((name) => name.startsWith('position:'));

describe('ValuationWorkflow: the first run', () => {
  const workflow = newWorkflow(portfolio);
  const run = workflow.run({});

  it('is full: every position, subtotal and the total computed once', () => {
    const groups = new Set(portfolio.map((p) => (p.kind === 'mbs' ? p.model : NO_MODEL_GROUP)));
    expect(run.executionType).toBe('full');
    expect(run.nodesRecomputed).toBe(portfolio.length + groups.size + 1);
    expect(new Set(run.recomputedNodes).size).toBe(run.nodesRecomputed);
    expect(Object.keys(run.stageMs)).toEqual(expect.arrayContaining(['enrich', 'model', 'graph', 'parameters', 'value', 'collect']));
  });

  it('gives one result per position, in portfolio order', () => {
    expect(run.results.map((r) => r.positionId)).toEqual(portfolio.map((p) => p.id));
  });

  it('values each position exactly as the EOD suite does (valueInstrument, curve by curve)', () => {
    const curves = buildScenarioCurves(exampleMarket().curve);
    const instruments = enrichPortfolio(portfolio, loadModelRegistry(MODEL_DIRECTORY), VALUATION_DATE);
    const mismatches = instruments
      .map((instrument, i) => ({ id: instrument.id, field: firstDifference(valueInstrument(instrument, curves), run.results[i]!) }))
      .filter((m) => m.field !== undefined);
    expect(mismatches).toEqual([]);
  });

  it('totals each group and the portfolio from its positions', () => {
    const groups = run.totals.groups;
    expect(Object.keys(groups).sort()).toEqual([...new Set(portfolio.map((p) => (p.kind === 'mbs' ? p.model : NO_MODEL_GROUP)))].sort());
    for (const [group, totals] of Object.entries(groups)) {
      const members = run.results.filter((r, i) => {
        const position = portfolio[i]!;
        return (position.kind === 'mbs' ? position.model : NO_MODEL_GROUP) === group;
      });
      expect(totals.positions).toBe(members.length);
      // Summed in another order than the workflow's: equal to rounding.
      expect(totals.npv).toBeCloseTo(members.reduce((sum, r) => sum + r.npv, 0), 4);
      expect(totals.dv01).toBeCloseTo(members.reduce((sum, r) => sum + r.dv01, 0), 6);
      expect(totals.shockUp100).toBeCloseTo(members.reduce((sum, r) => sum + r.shockUp100, 0), 4);
      expect(totals.keyRateDv01['10Y']).toBeCloseTo(members.reduce((sum, r) => sum + r.keyRateDv01['10Y']!, 0), 6);
    }
    expect(run.totals.portfolio.positions).toBe(portfolio.length);
    expect(run.totals.portfolio.npv).toBeCloseTo(run.results.reduce((sum, r) => sum + r.npv, 0), 3);
  });
});

describe('ValuationWorkflow: delta runs', () => {
  it('recompute only the pools on the changed model, its subtotal and the total', () => {
    const workflow = newWorkflow(portfolio);
    workflow.run({});
    // The parameters describe the whole state: each run keeps the earlier changes and adds one.
    const state: Record<string, Record<string, number>> = {};
    for (const [model, parameter, value] of [
      ['refi-standard', 'sCurveSlope', 500],
      ['psa-165', 'speed', 180],
      ['refi-fast', 'mortgageSpread', 0.02],
      ['psa-100', 'speed', 90],
      ['refi-standard', 'mortgageRateTenorYears', 7],
    ] as const) {
      state[model] = { ...state[model], [parameter]: value };
      const run = workflow.run(state);
      expect(run.executionType).toBe('delta');
      expect(positionNodes(run).sort()).toEqual(poolsOn(model).map((id) => `position:${id}`).sort());
      expect(run.recomputedNodes.filter((name) => !name.startsWith('position:'))).toEqual([`subtotal:${model}`, 'total']);
      expect(run.nodesRecomputed).toBe(poolsOn(model).length + 2);
    }
  });

  it('recompute the pools of exactly the models whose parameters differ from the last run', () => {
    const workflow = newWorkflow(portfolio);
    workflow.run({});
    workflow.run({ 'refi-fast': { burnoutRate: 1 } });
    // Same refi-fast change again, plus a new psa-100 change: only psa-100 moves.
    const run = workflow.run({ 'refi-fast': { burnoutRate: 1 }, 'psa-100': { speed: 120 } });
    expect(positionNodes(run).sort()).toEqual(poolsOn('psa-100').map((id) => `position:${id}`).sort());
    expect(run.recomputedNodes.filter((name) => !name.startsWith('position:')).sort()).toEqual(['subtotal:psa-100', 'total']);
    expect(run.nodesRecomputed).toBe(poolsOn('psa-100').length + 2);
  });

  it('never recompute bonds or swaps', () => {
    const workflow = newWorkflow(portfolio);
    const first = workflow.run({});
    const states = [{ 'refi-standard': { turnoverCpr: 0.05 } }, { 'refi-standard': { turnoverCpr: 0.05 }, 'psa-100': { speed: 200 } }, {}];
    for (const state of states) {
      const run = workflow.run(state);
      const touched = portfolio.filter((p) => p.kind !== 'mbs' && run.recomputedNodes.includes(`position:${p.id}`));
      expect(touched).toEqual([]);
      // The very same result objects: computed in the first run, never again.
      portfolio.forEach((p, i) => {
        if (p.kind !== 'mbs') expect(run.results[i]).toBe(first.results[i]);
      });
    }
  });

  it('recompute nothing when no value changed', () => {
    const workflow = newWorkflow(portfolio);
    workflow.run({ 'refi-fast': { sCurveMax: 0.5 } });
    const again = workflow.run({ 'refi-fast': { sCurveMax: 0.5 } });
    expect(again.executionType).toBe('delta');
    expect(again.nodesRecomputed).toBe(0);
    expect(again.recomputedNodes).toEqual([]);
    // A model's own file value, given explicitly, is no change either.
    const explicit = workflow.run({ 'refi-fast': { sCurveMax: 0.5, turnoverCpr: workflow.models.get('refi-fast')!.defaults.turnoverCpr! } });
    expect(explicit.nodesRecomputed).toBe(0);
  });

  it('stop at a pool whose results a change does not move (early cutoff)', () => {
    // Two seasoned pools: the seasoning ramp's length no longer matters to them.
    const seasoned: Position[] = [
      { kind: 'mbs', id: 'OLD-1', balance: 5_000_000, wac: 0.055, netCoupon: 0.05, wam: 240, age: 100, model: 'refi-standard' },
      { kind: 'mbs', id: 'OLD-2', balance: 2_000_000, wac: 0.0475, netCoupon: 0.04, wam: 200, age: 150, model: 'refi-standard' },
      portfolio.find((p) => p.kind === 'bond')!,
    ];
    const workflow = newWorkflow(seasoned);
    const first = workflow.run({});
    const run = workflow.run({ 'refi-standard': { seasoningMonths: 40 } });
    expect([...run.recomputedNodes].sort()).toEqual(['position:OLD-1', 'position:OLD-2']);
    expect(run.results[0]).toBe(first.results[0]);
    expect(run.totals).toBe(first.totals);
  });

  it('give the results of a new workflow run with the same parameters, to the last bit', () => {
    const workflow = newWorkflow(portfolio);
    workflow.run({});
    const state = { 'refi-standard': { burnoutRate: 3, seasonalityPeakMonth: 8 }, 'psa-165': { speed: 150 } };
    workflow.run({ 'refi-standard': { burnoutRate: 3 } });
    const delta = workflow.run(state);
    const full = newWorkflow(portfolio).run(state);
    const mismatches = delta.results.map((r, i) => firstDifference(r, full.results[i]!)).filter((field) => field !== undefined);
    expect(mismatches).toEqual([]);
    expect(delta.totals).toEqual(full.totals);
  });
});

describe('ValuationWorkflow: parameters', () => {
  const workflow = newWorkflow(portfolio);
  const baseline = workflow.run({});

  /** The error of type `type` a run with `parameters` throws (fails if it throws nothing, or something else). */
  function rejection<E extends Error>(parameters: unknown, type: new (...args: never[]) => E): E {
    try {
      workflow.run(parameters);
    } catch (error) {
      if (error instanceof type) return error;
      throw error;
    }
    throw new Error(`expected ${JSON.stringify(parameters)} to be refused`);
  }

  it('refuses an unknown model, naming it and the known ones', () => {
    const error = rejection({ 'refi-slow': { turnoverCpr: 0.05 } }, UnknownWorkflowModelError);
    expect(error.code).toBe('BAD_MODEL_NAME');
    expect(error.message).toMatch(/'refi-slow'.*psa-100, psa-165, refi-fast, refi-standard/);
    expect(error.path).toEqual(['refi-slow']);
  });

  it.each([
    [{ 'refi-fast': { turnoverCPR: 0.05 } }, 'refi-fast', 'turnoverCPR', /not a parameter of a refi model/],
    [{ 'psa-100': { speed: -5 } }, 'psa-100', 'speed', />=0/],
    [{ 'psa-100': { speed: 2000 } }, 'psa-100', 'speed', /below 1666\.67/],
    [{ 'refi-standard': { sCurveMax: 1.5 } }, 'refi-standard', 'sCurveMax', /<1/],
    [{ 'refi-standard': { seasonalityPeakMonth: 6.5 } }, 'refi-standard', 'seasonalityPeakMonth', /int/],
    [{ 'refi-standard': { mortgageRateTenorYears: 0 } }, 'refi-standard', 'mortgageRateTenorYears', />=1/],
    [{ 'refi-standard': { burnoutRate: '2' } }, 'refi-standard', 'burnoutRate', /expected number.*"2"/],
    [{ 'refi-fast': { turnoverCpr: 0.3 } }, 'refi-fast', 'sCurveMax', /must stay below 1/],
  ])('refuses %j, naming model %s and parameter %s', (parameters, model, parameter, problem) => {
    const bad = rejection(parameters, ModelParameterError);
    expect(bad.code).toBe('BAD_MODEL_PARAMETER');
    expect([bad.model, bad.parameter]).toEqual([model, parameter]);
    expect(bad.message).toContain(`model '${model}', '${parameter}'`);
    expect(bad.message).toMatch(problem);
  });

  it.each([[null], [[1, 2]], ['refi'], [{ 'psa-100': 100 }], [{ 'psa-100': [100] }]])('refuses parameters shaped like %j', (parameters) => {
    const error = rejection(parameters, ModelParameterError);
    expect(error.code).toMatch(/^BAD_/);
    expect(error.model).toBe(Array.isArray(parameters) || typeof parameters !== 'object' || parameters === null ? undefined : 'psa-100');
  });

  it('applies nothing of a refused run', () => {
    workflow.run({ 'psa-165': { speed: 170 } });
    expect(() => workflow.run({ 'psa-165': { speed: 180 }, 'refi-fast': { sCurveMax: 2 } })).toThrow(ModelParameterError);
    const after = workflow.run({ 'psa-165': { speed: 170 } });
    expect(after.nodesRecomputed).toBe(0);
    expect(after.parameters.get('psa-165')).toEqual({ speed: 170 });
    const back = workflow.run({});
    expect(back.results).toEqual(baseline.results);
  });

  it('reports every model’s parameters as used, files’ values where not given', () => {
    const run = workflow.run({ 'refi-fast': { burnoutRate: 2.5 } });
    expect([...run.parameters.keys()]).toEqual(['psa-100', 'psa-165', 'refi-fast', 'refi-standard']);
    expect(run.parameters.get('refi-fast')).toEqual({ ...workflow.models.get('refi-fast')!.defaults, burnoutRate: 2.5 });
    expect(run.parameters.get('psa-100')).toEqual({ speed: 100 });
  });
});

describe('ValuationWorkflow: building a session', () => {
  it('refuses two positions with one id, naming both', () => {
    const twice = [portfolio[0]!, portfolio[1]!, { ...portfolio[2]!, id: portfolio[0]!.id }];
    expect(() => newWorkflow(twice)).toThrow(WorkflowInputError);
    expect(() => newWorkflow(twice)).toThrow(`positions[2].id: "${portfolio[0]!.id}" is already the id of positions[0]`);
  });

  it('refuses a market of another date', () => {
    const create = () => ValuationWorkflow.create({ positions: portfolio, market: exampleMarket(), models: loadModelRegistry(MODEL_DIRECTORY), valuationDate: VALUATION_DATE - 1 });
    expect(create).toThrow(WorkflowInputError);
    expect(create).toThrow('market: is for 2023-12-29, but the valuation date is 2023-12-28');
  });

  it('refuses a position on a model the registry does not have', () => {
    const pool = { ...portfolio.find((p) => p.kind === 'mbs')!, model: 'refi-slow' } as MbsPosition;
    expect(() => newWorkflow([pool])).toThrow(/unknown model 'refi-slow'/);
  });
});

describe('diff', () => {
  it('gives the moves of the changed pools and of the totals, later minus earlier', () => {
    const workflow = newWorkflow(portfolio);
    const baseline = workflow.run({});
    const later = workflow.run({ 'psa-100': { speed: 300 } });
    const changes = diff(baseline, later);
    const ids = poolsOn('psa-100');
    expect(changes.positions.map((p) => p.positionId)).toEqual(ids);
    expect(changes.unchanged).toBe(portfolio.length - ids.length);
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
    for (const change of changes.positions) {
      const i = portfolio.findIndex((p) => p.id === change.positionId);
      expect(change.npv).toBe(later.results[i]!.npv - baseline.results[i]!.npv);
      expect(change.wal).toBe(later.results[i]!.wal! - baseline.results[i]!.wal!);
      // Faster prepayment shortens a pool.
      expect(change.wal).toBeLessThan(0);
    }
    expect(changes.totals.portfolio.npv).toBe(later.totals.portfolio.npv - baseline.totals.portfolio.npv);
    expect(changes.totals.groups[NO_MODEL_GROUP]!.npv).toBe(0);
    expect(changes.totals.groups['refi-fast']!.dv01).toBe(0);
    expect(diff(later, later).positions).toEqual([]);
  });

  it('names positions in only one of the runs', () => {
    const a = newWorkflow(portfolio.slice(0, 10)).run({});
    const b = newWorkflow(portfolio.slice(5, 12)).run({});
    const changes = diff(a, b);
    expect(changes.removed).toEqual(portfolio.slice(0, 5).map((p) => p.id));
    expect(changes.added).toEqual(portfolio.slice(10, 12).map((p) => p.id));
    expect(changes.unchanged).toBe(5);
  });
});

describe('ValuationWorkflow: lifetime', () => {
  it('leaves nothing of a session reachable from the longer-lived model registry once it is dropped', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('run the tests with --expose-gc (vitest.config.ts does)');
    const registry = loadModelRegistry(MODEL_DIRECTORY);
    const session = (): { workflow: WeakRef<object>; curve: WeakRef<object> } => {
      // A market of the session's own: its curve is what every scenario curve wraps.
      const market = loadMarketData(exampleMarket().sourceFile, VALUATION_DATE);
      const workflow = ValuationWorkflow.create({ positions: portfolio, market, models: registry, valuationDate: VALUATION_DATE });
      workflow.run({});
      workflow.run({ 'refi-standard': { sCurveMax: 0.45 } });
      return { workflow: new WeakRef(workflow), curve: new WeakRef(market.curve) };
    };
    const refs = session();
    // The registry's models valued the session's pools on its curves; it lives on.
    expect(registry.get('refi-fast').mortgageRate(exampleMarket().curve)).toBeGreaterThan(0);
    for (let attempt = 0; attempt < 5 && (refs.workflow.deref() !== undefined || refs.curve.deref() !== undefined); attempt++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    expect(refs.workflow.deref()).toBeUndefined();
    expect(refs.curve.deref()).toBeUndefined();
  });
});
