/** The stages of a valuation run, in order: what the audit record and the report time. */
export const EOD_STAGES = ['load', 'enrich', 'model', 'value', 'aggregate', 'persist', 'report'] as const;
export type EodStage = (typeof EOD_STAGES)[number];

/**
 * Times each stage of a run with the monotonic clock. A stage's time is wall time, measured
 * once around the whole stage, so the per-stage figures add up to the run's.
 */
export class StageTimer {
  readonly #milliseconds = new Map<EodStage, number>();

  async time<T>(stage: EodStage, work: () => T | Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.#milliseconds.set(stage, (this.#milliseconds.get(stage) ?? 0) + performance.now() - started);
    }
  }

  /** Milliseconds per stage that ran, rounded to 0.1 ms, in stage order. */
  snapshot(): Partial<Record<EodStage, number>> {
    const out: Partial<Record<EodStage, number>> = {};
    for (const stage of EOD_STAGES) {
      const ms = this.#milliseconds.get(stage);
      if (ms !== undefined) out[stage] = Math.round(ms * 10) / 10;
    }
    return out;
  }
}
