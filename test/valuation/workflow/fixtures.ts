import { fileURLToPath } from 'node:url';
import { parseDay, type Day } from '../../../src/valuation/dates/day.js';
import { loadMarketData, type MarketData } from '../../../src/valuation/market/market-data.js';
import { generatePortfolio } from '../../../src/valuation/portfolio/generate-portfolio.js';
import type { Position } from '../../../src/valuation/portfolio/position.js';
import { loadModelRegistry, type PrepaymentModelRegistry } from '../../../src/valuation/prepayment/model-registry.js';
import { ValuationWorkflow } from '../../../src/valuation/workflow/valuation-workflow.js';

const examples = (path: string): string => fileURLToPath(new URL(`../../../examples/${path}`, import.meta.url));

export const VALUATION_DATE: Day = parseDay('2023-12-29')!;
export const MODEL_DIRECTORY = examples('models');

let market: MarketData | undefined;
/** The Treasury par-yield curve of 2023-12-29, from the example market file (read once). */
export function exampleMarket(): MarketData {
  return (market ??= loadMarketData(examples('market/ust-par-yields-2023.csv'), VALUATION_DATE));
}

/** A generated portfolio (about half bonds, 30% pools spread over the four example models, 20% swaps). */
export function examplePortfolio(positions = 150, seed = 2023_12_29): Position[] {
  return generatePortfolio({ positions, seed, effectiveDate: VALUATION_DATE });
}

/** A brand-new workflow, with a model registry of its own: it shares no loaded model with any other. */
export function newWorkflow(positions: readonly Position[], models: PrepaymentModelRegistry = loadModelRegistry(MODEL_DIRECTORY)): ValuationWorkflow {
  return ValuationWorkflow.create({ positions, market: exampleMarket(), models, valuationDate: VALUATION_DATE });
}
