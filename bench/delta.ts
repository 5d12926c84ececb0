/**
 * npm run bench:delta
 *
 * The model-development workflow's delta runs against full runs, on a generated 10,000-position
 * portfolio (seeded) valued on 2023-12-29 with the example market and models:
 *
 * - F: wall time of a full run including building the session (enrich, scenario curves, graph)
 *   from the positions, i.e. ValuationWorkflow.create + its first run. The process's first
 *   full run is cold (code not yet compiled): it is printed, with the speedup it would give,
 *   but not counted. Then it is measured once for the session and once per iteration for the
 *   fresh workflow the iteration is checked against; F is the median of those 1 + ITERATIONS
 *   warm full runs, the fair match for delta runs of compiled code.
 * - ITERATIONS iterations, each changing one parameter of one prepayment model (rotating through
 *   the models, and through each model's parameters), run back to back on the session as a
 *   user's edits would be (after an untimed warm-up: one change per model, then back to the
 *   files' parameters): D is the median delta run's wall time.
 * - Then every iteration's results are compared, every field of every position and the totals,
 *   with those of a brand-new workflow (and a freshly read model registry) run with that
 *   iteration's parameters; `identical` is true only if all of them matched exactly
 *   (Object.is). The checks come after the timed runs so that their garbage (a whole session
 *   each) is not collected in the middle of a delta run being timed.
 *
 * Prints the share of positions per model (each must be at most 10%), one line per iteration,
 * and as its last line:
 * {"bench":"delta","positions":10000,"fullMs":F,"deltaMs":D,"speedup":S,"identical":true}
 * with S = F / D rounded to 1 decimal. Exits 1 if any result differed.
 *
 * Options (environment): BENCH_POSITIONS (default 10000), BENCH_ITERATIONS (default 20).
 */
import { fileURLToPath } from 'node:url';
import { parseDay } from '../src/valuation/dates/day.js';
import { loadMarketData } from '../src/valuation/market/market-data.js';
import { generatePortfolio } from '../src/valuation/portfolio/generate-portfolio.js';
import { loadModelRegistry, psaParametersSchema, refiParametersSchema } from '../src/valuation/prepayment/index.js';
import { firstDifference, sameTotals, ValuationWorkflow, type ModelParameterValues, type WorkflowRun } from '../src/valuation/workflow/index.js';

const POSITIONS = Number(process.env.BENCH_POSITIONS ?? 10_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20);
const MAX_MODEL_SHARE = 0.1;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc (npm run bench:delta does)');

const examples = (path: string): string => fileURLToPath(new URL(`../examples/${path}`, import.meta.url));
const date = parseDay('2023-12-29')!;
const positions = generatePortfolio({ positions: POSITIONS, seed: 2023_12_29, effectiveDate: date });
const market = loadMarketData(examples('market/ust-par-yields-2023.csv'), date);
const modelDirectory = examples('models');

// A fresh registry for every workflow: the checks share no loaded model with the session.
const newWorkflow = (): ValuationWorkflow => ValuationWorkflow.create({ positions, market, models: loadModelRegistry(modelDirectory), valuationDate: date });

function fullRun(parameters: Record<string, ModelParameterValues>): { run: WorkflowRun; ms: number } {
  gc!();
  const started = performance.now();
  const run = newWorkflow().run(parameters);
  return { run, ms: performance.now() - started };
}

// ---- warm-up: one full run first, so that the timings below are of compiled code ----
const coldMs = (() => {
  const started = performance.now();
  newWorkflow().run({});
  return performance.now() - started;
})();
console.log(`cold full run (first in this process, not counted in F): ${coldMs.toFixed(1)} ms`);

// ---- the session and its first (full) run ----
const parameters: Record<string, Record<string, number>> = {};
const first = (() => {
  gc();
  const started = performance.now();
  const workflow = newWorkflow();
  const run = workflow.run(parameters);
  return { workflow, run, ms: performance.now() - started };
})();
const session = first.workflow;
const fullMs = [first.ms];
console.log(`full run with session build: ${first.ms.toFixed(1)} ms (${stages(first.run)}), ${session.graphSize} graph nodes`);

// ---- every model is used by at most 10% of the positions ----
const modelNames = [...session.models.keys()];
const users = new Map(modelNames.map((name) => [name, 0]));
for (const position of positions) if (position.kind === 'mbs') users.set(position.model, (users.get(position.model) ?? 0) + 1);
for (const [name, count] of users) {
  const share = count / positions.length;
  console.log(`model ${name.padEnd(14)} ${String(count).padStart(6)} positions (${(100 * share).toFixed(1)}%)`);
  if (share > MAX_MODEL_SHARE) throw new Error(`model ${name} is used by ${(100 * share).toFixed(1)}% of the positions, more than ${100 * MAX_MODEL_SHARE}%`);
}

// ---- iterations: one parameter of one model each, on the session, back to back ----
interface Iteration {
  readonly label: string;
  readonly parameters: Record<string, Record<string, number>>;
  readonly run: WorkflowRun;
  readonly ms: number;
}
const iterations: Iteration[] = [];
// Warm-up, as for the full runs: one untimed change per model, then back to the files' parameters.
for (const [name, model] of session.models) {
  const parameter = Object.keys(model.defaults)[0]!;
  session.run({ [name]: { [parameter]: nudge(model.type, { ...model.defaults }, parameter) } });
}
session.run({});
gc();
for (let iteration = 0; iteration < ITERATIONS; iteration++) {
  const modelIndex = iteration % modelNames.length;
  const model = session.models.get(modelNames[modelIndex]!)!;
  const names = Object.keys(model.defaults);
  // Two models of a type share the parameter list: one takes the even ones, the other the odd.
  const parameter = names[(2 * Math.floor(iteration / modelNames.length) + (modelIndex % 2)) % names.length]!;
  const current = parameters[model.name]?.[parameter] ?? model.defaults[parameter]!;
  const next = nudge(model.type, { ...model.defaults, ...parameters[model.name] }, parameter);
  parameters[model.name] = { ...parameters[model.name], [parameter]: next };

  const started = performance.now();
  const run = timedDelta(parameters);
  const ms = performance.now() - started;
  iterations.push({ label: `${`${model.name}.${parameter}`.padEnd(36)} ${String(current).padStart(8)} → ${String(next).padEnd(10)}`, parameters: structuredClone(parameters), run, ms });
}

// ---- every iteration checked against a brand-new workflow's full run with its parameters ----
const deltaMs = iterations.map((iteration) => iteration.ms);
let identical = true;
for (const [index, iteration] of iterations.entries()) {
  const full = fullRun(iteration.parameters);
  fullMs.push(full.ms);
  const mismatch = compare(iteration.run, full.run);
  if (mismatch !== undefined) identical = false;
  const delta = iteration.run;
  console.log(
    `iteration ${String(index + 1).padStart(2)}: ${iteration.label}` +
      ` delta ${iteration.ms.toFixed(2).padStart(7)} ms (${delta.executionType}, ${delta.nodesRecomputed} nodes recomputed; ${stages(delta)})` +
      `  full ${full.ms.toFixed(1)} ms  ${mismatch === undefined ? 'identical' : `DIFFERENT: ${mismatch}`}`,
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const F = median(fullMs);
const D = median(deltaMs);
const byType = (prefix: string): number => median(deltaMs.filter((_, i) => modelNames[i % modelNames.length]!.startsWith(prefix)));
console.log(`\ndelta runs by model type: psa median ${byType('psa').toFixed(2)} ms, refi median ${byType('refi').toFixed(2)} ms`);
console.log(`against the cold first full run (${coldMs.toFixed(1)} ms) the speedup would be ${(coldMs / D).toFixed(1)}; F below is the warm median`);
console.log(`full runs: median ${F.toFixed(1)} ms (first ${fullMs[0]!.toFixed(1)} ms, min ${Math.min(...fullMs).toFixed(1)} ms); delta runs: median ${D.toFixed(2)} ms (min ${Math.min(...deltaMs).toFixed(2)}, max ${Math.max(...deltaMs).toFixed(2)} ms)`);
console.log(JSON.stringify({ bench: 'delta', positions: POSITIONS, fullMs: round(F, 1), deltaMs: round(D, 2), speedup: round(F / D, 1), identical }));
if (!identical) process.exitCode = 1;

/** A valid value different from the current one: ±10% (or ±1 for whole numbers), whichever the model's schema accepts. */
function nudge(type: string, values: Record<string, number>, parameter: string): number {
  const value = values[parameter]!;
  const candidates = Number.isInteger(value) && value > 1 && value < 1000 && parameter !== 'speed' ? [value + 1, value - 1] : [value * 1.1, value * 0.9, value + 0.01, value - 0.01];
  const schema = type === 'psa' ? psaParametersSchema : refiParametersSchema;
  for (const candidate of candidates) {
    if (candidate !== value && schema.safeParse({ ...values, [parameter]: candidate }).success) return candidate;
  }
  throw new Error(`no valid new value for ${parameter} = ${value}`);
}

/** undefined when every result and total is identical, else where the first difference is. */
function compare(delta: WorkflowRun, full: WorkflowRun): string | undefined {
  if (delta.results.length !== full.results.length) return `${delta.results.length} results against ${full.results.length}`;
  for (let i = 0; i < delta.results.length; i++) {
    const field = firstDifference(delta.results[i]!, full.results[i]!);
    if (field !== undefined) return `${delta.results[i]!.positionId} ${field}`;
  }
  if (!sameTotals(delta.totals.portfolio, full.totals.portfolio)) return 'portfolio total';
  const groups = new Set([...Object.keys(delta.totals.groups), ...Object.keys(full.totals.groups)]);
  for (const group of groups) {
    const a = delta.totals.groups[group];
    const b = full.totals.groups[group];
    if (a === undefined || b === undefined || !sameTotals(a, b)) return `subtotal ${group}`;
  }
  return undefined;
}

function stages(run: WorkflowRun): string {
  return Object.entries(run.stageMs).map(([stage, ms]) => `${stage} ${ms.toFixed(1)}`).join(', ');
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A delta run on the session; a function of its own so that `node --cpu-prof` shows the delta runs under one name. */
function timedDelta(parameters: Record<string, Record<string, number>>): WorkflowRun {
  return session.run(parameters);
}
