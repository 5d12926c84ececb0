import { Graph, type Derived, type Input, type Read } from '../../graph/index.js';
import { formatDay, type Day } from '../dates/day.js';
import { MbsPool } from '../instruments/mbs-pool.js';
import type { DiscountCurve } from '../curves/discount-curve.js';
import type { MarketData } from '../market/market-data.js';
import type { MbsPosition, Position } from '../portfolio/position.js';
import type { PrepaymentModel } from '../prepayment/prepayment-model.js';
import type { PrepaymentModelRegistry } from '../prepayment/model-registry.js';
import { enrichPortfolio, type Instrument } from '../suite/enrich.js';
import { buildScenarioCurves, type ScenarioCurves } from '../suite/scenario-curves.js';
import { valueInstrument } from '../suite/value-instrument.js';
import type { PositionValuation } from '../valuation-result.js';
import { buildModel, resolveParameters, sameParameters, sessionModelOf, type ModelParameterValues, type SessionModel } from './model-parameters.js';
import { sameValuation } from './same-valuation.js';
import { NO_MODEL_GROUP, sameTotals, TotalsAccumulator, type ValuationTotals, type WorkflowTotals } from './valuation-totals.js';
import { WorkflowInputError } from './workflow-errors.js';

export interface ValuationWorkflowOptions {
  readonly positions: readonly Position[];
  readonly market: MarketData;
  readonly models: PrepaymentModelRegistry;
  /** The day everything is valued on: the market data's date. */
  readonly valuationDate: Day;
}

export type ExecutionType = 'full' | 'delta';

/** What one run gives. */
export interface WorkflowRun {
  /** `full`: the session's first run, everything computed; `delta`: only what changed parameters reach. */
  readonly executionType: ExecutionType;
  /** One valuation per position, in portfolio order. */
  readonly results: readonly PositionValuation[];
  readonly totals: WorkflowTotals;
  /** Graph nodes whose compute ran (positions, subtotals, the total). */
  readonly nodesRecomputed: number;
  /** Their names (`position:<id>`, `subtotal:<group>`, `total`), in the order they ran. */
  readonly recomputedNodes: readonly string[];
  /** Every model's parameters the run used, by model name (frozen). */
  readonly parameters: ReadonlyMap<string, ModelParameterValues>;
  /**
   * Wall time by stage, ms. A full run includes building the session (`enrich`, `model`: the
   * scenario curves, `graph`); every run has `parameters` (checking them), `value` (the graph
   * computing) and `collect` (gathering results and totals).
   */
  readonly stageMs: Readonly<Record<string, number>>;
}

/** What a position's node needs in order to value an MBS pool on another model. */
interface PoolHolder {
  readonly position: MbsPosition;
  pool: MbsPool;
}

/** A session model's graph input and the model built for the parameters it holds. */
interface ModelSlot {
  readonly model: SessionModel;
  readonly input: Input<ModelParameterValues>;
  /** What the input holds (kept here: reading an input back from the graph would stabilise it). */
  current: ModelParameterValues;
  /** The parameters `built` was made for (by identity: the input's current record). */
  builtFor: ModelParameterValues;
  built: PrepaymentModel;
}

/**
 * The model-development valuation of one portfolio on one market, kept alive across runs: the
 * instruments (schedules, payment days), the scenario curves and an incremental graph are built
 * once, and each run sets the prepayment-model parameters it was given and recomputes only what
 * they reach.
 *
 * The graph: one input per prepayment model holding its parameters; one node per position
 * (its full suite by `valueInstrument`), which for an MBS pool reads only the input of the pool's
 * model (bonds and swaps read none, so they are computed once and never again); one subtotal per
 * group (each model's pools, and the positions without a model) and the portfolio total. A
 * changed parameter therefore recomputes the pools on that model, their subtotal and the total;
 * a pool whose results come out identical stops the change there (field-by-field equality).
 *
 * Every computation is deterministic and reads nothing but its inputs (a pool is valued with a
 * model made from its parameters, from scratch projection buffers; what is shared between pools,
 * such as the seasoned speeds of RefiModel, gives the same numbers whatever was valued before),
 * so a delta run gives exactly, to the last bit, what a new workflow's full run gives with the
 * same parameters (test/valuation/workflow/delta-equals-full.test.ts, and bench/delta.ts on
 * 10,000 positions).
 */
export class ValuationWorkflow {
  readonly valuationDate: Day;
  readonly #graph: Graph;
  readonly #models: ReadonlyMap<string, ModelSlot>;
  readonly #sessionModels: ReadonlyMap<string, SessionModel>;
  readonly #positions: readonly Derived<PositionValuation>[];
  readonly #total: Derived<WorkflowTotals>;
  readonly #allNodeNames: readonly string[];
  /** Portfolio indexes of each model's pools: the results a change to the model can replace. */
  readonly #poolsByModel: ReadonlyMap<string, readonly number[]>;
  readonly #buildMs: Readonly<Record<string, number>>;
  /** The last run's results (never handed out: each run gets its own copy). */
  #results: PositionValuation[] = [];
  /**
   * #results may miss positions recomputed by a run that failed (a compute threw): the next run
   * collects every position instead of only those it recomputed.
   */
  #resultsStale = true;
  #ran = false;

  private constructor(
    valuationDate: Day,
    graph: Graph,
    models: ReadonlyMap<string, ModelSlot>,
    positions: readonly Derived<PositionValuation>[],
    poolsByModel: ReadonlyMap<string, readonly number[]>,
    groups: readonly Derived<ValuationTotals>[],
    total: Derived<WorkflowTotals>,
    buildMs: Readonly<Record<string, number>>,
  ) {
    this.valuationDate = valuationDate;
    this.#graph = graph;
    this.#models = models;
    this.#sessionModels = new Map([...models].map(([name, slot]) => [name, slot.model]));
    this.#positions = positions;
    this.#total = total;
    this.#poolsByModel = poolsByModel;
    this.#allNodeNames = Object.freeze([...positions.map((node) => node.name), ...groups.map((node) => node.name), total.name]);
    this.#buildMs = buildMs;
  }

  /**
   * Builds the session: every model of the registry loaded (a bad model file fails here), the
   * instruments, the scenario curves and the graph. Nothing is valued until the first run.
   * Throws WorkflowInputError for positions with the same id or a market of another date, and
   * the registry's error for a position whose model does not exist.
   */
  static create(options: ValuationWorkflowOptions): ValuationWorkflow {
    const { positions, market, models: registry, valuationDate } = options;
    if (market.effectiveDate !== valuationDate) {
      throw new WorkflowInputError('market', `is for ${formatDay(market.effectiveDate)}, but the valuation date is ${formatDay(valuationDate)}`);
    }
    requireUniqueIds(positions);
    const buildMs: Record<string, number> = {};
    const timed = <T>(stage: string, work: () => T): T => {
      const started = performance.now();
      try {
        return work();
      } finally {
        buildMs[stage] = performance.now() - started;
      }
    };

    const instruments = timed('enrich', () => enrichPortfolio(positions, registry, valuationDate));
    const curves = timed('model', () => buildScenarioCurves(market.curve));
    return timed('graph', () => {
      const graph = new Graph();
      const slots = new Map<string, ModelSlot>();
      for (const name of registry.names()) {
        const loaded = registry.get(name);
        const model = sessionModelOf(loaded);
        const input = graph.input<ModelParameterValues>(`parameters:${name}`, model.defaults, { equals: sameParameters });
        slots.set(name, { model, input, current: model.defaults, builtFor: model.defaults, built: loaded });
      }

      const members = new Map<string, Derived<PositionValuation>[]>([[NO_MODEL_GROUP, []]]);
      const wacOf = new Map<Derived<PositionValuation>, number>();
      for (const name of slots.keys()) members.set(name, []);
      const positionNodes = instruments.map((instrument, index) => {
        const position = positions[index]!;
        const node = graph.derived<PositionValuation>(`position:${instrument.id}`, positionCompute(instrument, position, slots, curves, valuationDate), {
          equals: sameValuation,
        });
        members.get(position.kind === 'mbs' ? position.model : NO_MODEL_GROUP)!.push(node);
        if (position.kind === 'mbs') wacOf.set(node, position.wac);
        return node;
      });

      // A subtotal reads its pools by WAC: pools are then computed in that order (first run and
      // delta runs alike), so those with the same WAC follow one another and share seasoned
      // speeds (RefiModel). The order is fixed, so the sums are the same in every run.
      for (const [group, nodes] of members) if (group !== NO_MODEL_GROUP) sortByWac(nodes, wacOf);
      const groups = new Map<string, Derived<ValuationTotals>>();
      for (const [group, nodes] of members) {
        if (nodes.length === 0) continue;
        // One accumulator per node, reused: see TotalsAccumulator.
        const sum = new TotalsAccumulator();
        groups.set(group, graph.derived<ValuationTotals>(`subtotal:${group}`, (read) => {
          sum.reset();
          for (const node of nodes) sum.addValuation(read(node));
          return sum.totals();
        }, { equals: sameTotals }));
      }
      const sum = new TotalsAccumulator();
      const total = graph.derived<WorkflowTotals>('total', (read) => {
        sum.reset();
        const byGroup: Record<string, ValuationTotals> = {};
        for (const [group, node] of groups) {
          const subtotal = read(node);
          byGroup[group] = subtotal;
          sum.addTotals(subtotal);
        }
        return Object.freeze({ portfolio: sum.totals(), groups: Object.freeze(byGroup) });
      });
      const poolsByModel = new Map<string, number[]>([...slots.keys()].map((name) => [name, []]));
      positions.forEach((position, index) => {
        if (position.kind === 'mbs') poolsByModel.get(position.model)!.push(index);
      });
      return new ValuationWorkflow(valuationDate, graph, slots, positionNodes, poolsByModel, [...groups.values()], total, buildMs);
    });
  }

  /** The session's models: type and file parameters (what a run's parameters override), by name. */
  get models(): ReadonlyMap<string, SessionModel> {
    return this.#sessionModels;
  }

  get positionCount(): number {
    return this.#positions.length;
  }

  /** Nodes in the graph: one per model, position and group, and the total. */
  get graphSize(): number {
    return this.#graph.size;
  }

  /**
   * Values the portfolio with `parameters` (a WorkflowParameters: per model, the parameters that
   * differ from the model's file; taken as received and checked here): the first run computes
   * everything, later runs set the changed parameters and recompute what they reach. Throws
   * UnknownWorkflowModelError or ModelParameterError (codes BAD_*) before anything is changed.
   */
  run(parameters: unknown): WorkflowRun {
    const stageMs: Record<string, number> = this.#ran ? {} : { ...this.#buildMs };
    let started = performance.now();
    const resolved = resolveParameters(this.#sessionModels, parameters);
    stageMs.parameters = performance.now() - started;

    started = performance.now();
    const graph = this.#graph;
    const executionType: ExecutionType = this.#ran ? 'delta' : 'full';
    // Until this run has gathered its results, they are not those of the graph.
    const collectAll = this.#resultsStale || executionType === 'full';
    this.#resultsStale = true;
    const computedBefore = graph.totalRecomputed;
    const changedModels: string[] = [];
    for (const [name, slot] of this.#models) {
      const values = resolved.get(name)!;
      if (!sameParameters(slot.current, values)) {
        changedModels.push(name);
        slot.current = values;
      }
      graph.set(slot.input, values);
    }
    let recomputedNodes: readonly string[];
    if (executionType === 'full') {
      // Observing the total computes every position and subtotal under it, each once.
      graph.get(this.#total);
      recomputedNodes = this.#allNodeNames;
    } else {
      recomputedNodes = graph.stabilize().recomputedNames;
    }
    const nodesRecomputed = graph.totalRecomputed - computedBefore;
    stageMs.value = performance.now() - started;

    started = performance.now();
    // The total reads every position: a failed computation anywhere throws here, naming its node.
    const totals = graph.get(this.#total);
    const results = this.#collect(collectAll, changedModels);
    this.#resultsStale = false;
    stageMs.collect = performance.now() - started;
    this.#ran = true;
    return { executionType, results, totals, nodesRecomputed, recomputedNodes, parameters: resolved, stageMs };
  }

  /**
   * Every position's valuation: all of them read afresh, or the last run's with those of the
   * pools on changed models replaced (nothing else can have been recomputed).
   */
  #collect(all: boolean, changedModels: readonly string[]): PositionValuation[] {
    const graph = this.#graph;
    const positions = this.#positions;
    if (all) {
      this.#results = positions.map((node) => graph.get(node));
    } else {
      const results = this.#results;
      for (const model of changedModels) for (const at of this.#poolsByModel.get(model)!) results[at] = graph.get(positions[at]!);
    }
    return this.#results.slice();
  }
}

/** The compute of a position's node: its full suite, on its model's current parameters for a pool. */
function positionCompute(
  instrument: Instrument,
  position: Position,
  models: ReadonlyMap<string, ModelSlot>,
  curves: ScenarioCurves,
  valuationDate: Day,
): (read: Read) => PositionValuation {
  if (instrument.kind !== 'mbs' || position.kind !== 'mbs') return () => valueInstrument(instrument, curves);
  const slot = models.get(position.model)!;
  const holder: PoolHolder = { position, pool: instrument.pool };
  const curveList = curveListOf(curves);
  return (read) => {
    const model = modelFor(slot, read(slot.input));
    if (holder.pool.model !== model) holder.pool = new MbsPool(holder.position, model, valuationDate);
    // Every scenario in one go; valueInstrument then finds each value made (the same values it would make).
    holder.pool.valueOnCurves(curveList);
    return valueInstrument({ kind: 'mbs', id: instrument.id, pool: holder.pool }, curves);
  };
}

const curveLists = new WeakMap<ScenarioCurves, readonly DiscountCurve[]>();

/**
 * The scenario curves as one frozen list, what MbsPool.valueOnCurves takes: base first, then in
 * the order valueInstrument asks for their values (so that each is found at once).
 */
function curveListOf(curves: ScenarioCurves): readonly DiscountCurve[] {
  let list = curveLists.get(curves);
  if (list === undefined) {
    const keyRates = curves.keyUp.flatMap((up, k) => [up, curves.keyDown[k]!]);
    list = Object.freeze([curves.base, curves.up, curves.down, ...keyRates, curves.shockUp, curves.shockDown]);
    curveLists.set(curves, list);
  }
  return list;
}

/** The model for these parameters: built once per parameter record and shared by the model's pools. */
function modelFor(slot: ModelSlot, parameters: ModelParameterValues): PrepaymentModel {
  if (slot.builtFor !== parameters) {
    slot.built = buildModel(slot.model, parameters);
    slot.builtFor = parameters;
  }
  return slot.built;
}

/** Sorts a model's pool nodes by WAC, stably (portfolio order among equal WACs). */
function sortByWac(nodes: Derived<PositionValuation>[], wacOf: ReadonlyMap<Derived<PositionValuation>, number>): void {
  const order = nodes.map((node, index) => ({ node, index, wac: wacOf.get(node)! }));
  order.sort((a, b) => a.wac - b.wac || a.index - b.index);
  order.forEach((entry, i) => (nodes[i] = entry.node));
}

function requireUniqueIds(positions: readonly Position[]): void {
  const first = new Map<string, number>();
  positions.forEach((position, index) => {
    const earlier = first.get(position.id);
    if (earlier !== undefined) throw new WorkflowInputError(`positions[${index}].id`, `"${position.id}" is already the id of positions[${earlier}]`);
    first.set(position.id, index);
  });
}
