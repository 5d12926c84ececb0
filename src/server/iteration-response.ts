import type { Clock } from '../clock/clock.js';
import type { DeltaIteration } from '../session/index.js';
import type { RunDifference } from '../valuation/workflow/index.js';
import type { IterationRecord, ModelParameters } from './model-session.js';
import { pageOf, type PageRequest } from './result-page.js';
import { wallTimeOf } from './wall-time.js';

/**
 * The JSON answers of the session routes, built from what the session keeps. Large lists
 * (position results, position differences) come one page at a time; totals always in full.
 */

export function baselineDiffResponse(baseline: IterationRecord, latest: IterationRecord, difference: RunDifference, page: PageRequest): object {
  return {
    baselineIteration: baseline.iteration,
    iteration: latest.iteration,
    unchanged: difference.unchanged,
    changed: difference.positions.length,
    addedCount: difference.added.length,
    removedCount: difference.removed.length,
    added: difference.added.slice(page.offset, page.offset + page.limit),
    removed: difference.removed.slice(page.offset, page.offset + page.limit),
    totals: difference.totals,
    positions: pageOf(difference.positions, page),
  };
}

export function iterationResponse(record: IterationRecord, baseline: IterationRecord, difference: RunDifference, page: PageRequest): object {
  const run = record.run;
  return {
    iteration: record.iteration,
    executionType: record.executionType,
    reason: record.reason,
    changedParameters: record.changedParameters,
    parameters: Object.fromEntries(run.parameters),
    portfolio: record.portfolio,
    market: record.market,
    totals: run.totals,
    results: pageOf(run.results, page),
    diffAgainstBaseline: baselineDiffResponse(baseline, record, difference, page),
    stageMs: run.stageMs,
    nodesRecomputed: run.nodesRecomputed,
  };
}

export function historyResponse(baseline: ModelParameters | undefined, history: readonly DeltaIteration<ModelParameters>[], clock: Clock): object {
  return {
    baseline: baseline ?? null,
    iterations: history.map((entry) => ({
      iteration: entry.iteration,
      executionType: entry.type,
      parameters: entry.parameters,
      changedParameters: entry.changedParameters,
      at: wallTimeOf(entry.at, clock),
    })),
  };
}
