/**
 * The value stage, as one function every EOD path calls: the single-process run over the whole
 * portfolio, and a distributed run's workers over their partition. Same enrichment, same
 * scenario curves, same per-instrument suite, so a position gets bit-for-bit the same numbers
 * whichever process values it and whatever was valued before it.
 */
import type { Day } from '../valuation/dates/day.js';
import type { Position } from '../valuation/portfolio/position.js';
import type { PrepaymentModelRegistry } from '../valuation/prepayment/index.js';
import { enrichPortfolio, type Instrument } from '../valuation/suite/enrich.js';
import type { ScenarioCurves } from '../valuation/suite/scenario-curves.js';
import { valueInstrument } from '../valuation/suite/value-instrument.js';
import type { PositionValuation } from '../valuation/valuation-result.js';

/** Positions valued between two looks at the abort signal, the progress and the event loop. */
export const VALUE_CHUNK = 2_000;

export interface ValueOptions {
  /** Checked between chunks: an abort stops the valuation with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each chunk with the count valued so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Positions per chunk (default VALUE_CHUNK). */
  readonly chunk?: number;
}

/**
 * Values every instrument on the scenario curves, in chunks: between chunks the event loop
 * runs (a signal handler, a progress bar, a queue worker renewing its job lock).
 */
export async function valueInstruments(instruments: readonly Instrument[], scenarios: ScenarioCurves, options: ValueOptions = {}): Promise<PositionValuation[]> {
  const chunk = options.chunk ?? VALUE_CHUNK;
  const out = new Array<PositionValuation>(instruments.length);
  for (let from = 0; from < instruments.length; from += chunk) {
    options.signal?.throwIfAborted();
    const to = Math.min(instruments.length, from + chunk);
    for (let i = from; i < to; i++) out[i] = valueInstrument(instruments[i]!, scenarios);
    options.onProgress?.(to, instruments.length);
    await yieldToEventLoop();
  }
  return out;
}

/** What a slice needs besides its positions: loaded once per run and shared by every slice. */
export interface SliceContext {
  readonly models: PrepaymentModelRegistry;
  readonly effectiveDay: Day;
  readonly scenarios: ScenarioCurves;
}

export interface SliceValuation {
  readonly valuations: PositionValuation[];
  readonly enrichMilliseconds: number;
  readonly valueMilliseconds: number;
}

/**
 * Enriches and values the positions (a partition of a portfolio): only these are enriched
 * (the costliest stage per position), so a partition costs in proportion to its size.
 */
export async function enrichAndValue(positions: readonly Position[], context: SliceContext, options: ValueOptions = {}): Promise<SliceValuation> {
  const started = performance.now();
  const instruments = enrichPortfolio(positions, context.models, context.effectiveDay);
  const enriched = performance.now();
  const valuations = await valueInstruments(instruments, context.scenarios, options);
  return { valuations, enrichMilliseconds: enriched - started, valueMilliseconds: performance.now() - enriched };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
