import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { psaParametersSchema } from '../../../src/valuation/prepayment/psa-model.js';
import { refiParametersSchema } from '../../../src/valuation/prepayment/refi-model.js';
import { firstDifference, sameTotals, WorkflowParameterError, type WorkflowRun } from '../../../src/valuation/workflow/index.js';
import { examplePortfolio, newWorkflow } from './fixtures.js';

/**
 * The workflow's promise: whatever parameter changes a session goes through, a delta run gives
 * exactly (every field of every position, and the totals, to the last bit) what a brand-new
 * workflow's full run gives with the same parameters.
 */

const portfolio = examplePortfolio(150, 20_231_229);

/** Valid values by parameter, wide enough to move every part of the models. */
const VALUES: Readonly<Record<string, fc.Arbitrary<number>>> = {
  speed: fc.double({ min: 0, max: 1_500, noNaN: true }),
  turnoverCpr: fc.double({ min: 0, max: 0.25, noNaN: true }),
  sCurveMax: fc.double({ min: 0, max: 0.7, noNaN: true }),
  sCurveMidpoint: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
  sCurveSlope: fc.double({ min: 1, max: 2_000, noNaN: true }),
  seasoningMonths: fc.double({ min: 0.5, max: 90, noNaN: true }),
  seasonalityAmplitude: fc.double({ min: 0, max: 0.4, noNaN: true }),
  seasonalityPeakMonth: fc.integer({ min: 1, max: 12 }),
  burnoutRate: fc.double({ min: 0, max: 8, noNaN: true }),
  mortgageSpread: fc.double({ min: -0.02, max: 0.05, noNaN: true }),
  mortgageRateTenorYears: fc.integer({ min: 1, max: 30 }),
};
const PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  'psa-100': ['speed'],
  'psa-165': ['speed'],
  'refi-fast': Object.keys(refiParametersSchema.shape),
  'refi-standard': Object.keys(refiParametersSchema.shape),
};

const change = fc
  .constantFrom(...Object.keys(PARAMETERS))
  .chain((model) => fc.constantFrom(...PARAMETERS[model]!).chain((parameter) => VALUES[parameter]!.map((value) => ({ model, parameter, value }))));

function compare(delta: WorkflowRun, full: WorkflowRun): string | undefined {
  for (let i = 0; i < delta.results.length; i++) {
    const field = firstDifference(delta.results[i]!, full.results[i]!);
    if (field !== undefined) return `${delta.results[i]!.positionId}: ${field}`;
  }
  if (!sameTotals(delta.totals.portfolio, full.totals.portfolio)) return 'portfolio total';
  for (const [group, totals] of Object.entries(full.totals.groups)) {
    if (!sameTotals(delta.totals.groups[group]!, totals)) return `subtotal ${group}`;
  }
  return undefined;
}

describe('delta runs equal full runs', () => {
  it('after any sequence of parameter changes, to the last bit', () => {
    const session = newWorkflow(portfolio);
    session.run({});
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 4 }), (changes) => {
        // Every sequence starts from the files' parameters, on the same long-lived session.
        const state: Record<string, Record<string, number>> = {};
        session.run(state);
        for (const { model, parameter, value } of changes) {
          const next = { ...state, [model]: { ...state[model], [parameter]: value } };
          const schema = model.startsWith('psa') ? psaParametersSchema : refiParametersSchema;
          const defaults = session.models.get(model)!.defaults;
          if (!schema.safeParse({ ...defaults, ...next[model] }).success) {
            // Not a valid model (speeds could reach 100% a month): refused, and nothing changes.
            expect(() => session.run(next)).toThrow(WorkflowParameterError);
            continue;
          }
          state[model] = next[model]!;
          const delta = session.run(state);
          expect(delta.executionType).toBe('delta');
          const full = newWorkflow(portfolio).run(state);
          expect(full.executionType).toBe('full');
          expect(compare(delta, full)).toBeUndefined();
        }
      }),
      { numRuns: 20 },
    );
  });
});
