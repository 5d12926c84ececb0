/**
 * Adapts the size of W-TinyLFU's admission window to the workload, as Caffeine does: after
 * every sample of requests it compares the hit rate with the previous sample's, keeps moving
 * the window in the same direction while that helps and turns back when it hurts, with a step
 * that decays so the size settles, and restarts with a full step when the hit rate jumps
 * (the workload changed). Recency-heavy traces grow the window towards LRU; frequency-heavy
 * ones shrink it towards LFU. That is what keeps the policy at or above LRU on both kinds.
 */

const RESTART_THRESHOLD = 0.05;
const STEP_PERCENT = 0.0625;
const STEP_DECAY_RATE = 0.98;
const PREVIOUS_HIT_RATE = 0;
const STEP_SIZE = 1;

export class HillClimber {
  readonly #maximum: number;
  readonly #sampleSize: number;
  #hits = 0;
  #misses = 0;
  /** [previous hit rate, step size]: doubles, kept in a typed array (see bounded-cache.ts). */
  readonly #rates = new Float64Array(2);
  /** False until one complete sample has set the baseline hit rate. */
  #primed = false;

  /**
   * @param maximum the cache's bound, in the unit the window is sized in
   * @param sampleSize requests per sample (Caffeine uses the sketch's, ten times the bound)
   */
  constructor(maximum: number, sampleSize: number) {
    this.#maximum = maximum;
    this.#sampleSize = sampleSize;
    // The first move shrinks the window: most workloads favour frequency.
    this.#rates[STEP_SIZE] = -STEP_PERCENT * maximum;
  }

  /** Whether a sample is complete, so that adjustment() has something to say. */
  get due(): boolean {
    return this.#hits + this.#misses >= this.#sampleSize;
  }

  recordHit(): void {
    this.#hits++;
  }

  recordMiss(): void {
    this.#misses++;
  }

  /**
   * How much to grow (positive) or shrink (negative) the window now: zero until a sample is
   * complete, then one step, truncated to whole units.
   */
  adjustment(): number {
    const requests = this.#hits + this.#misses;
    if (requests < this.#sampleSize) return 0;
    const hitRate = this.#hits / requests;
    if (!this.#primed) {
      // The first sample only sets the baseline: comparing it with zero would read the cache's
      // warm-up as the effect of a move and march the window the wrong way.
      this.#primed = true;
      this.#rates[PREVIOUS_HIT_RATE] = hitRate;
      this.#hits = 0;
      this.#misses = 0;
      return 0;
    }
    const change = hitRate - this.#rates[PREVIOUS_HIT_RATE]!;
    const step = this.#rates[STEP_SIZE]!;
    const amount = change >= 0 ? step : -step;
    this.#rates[STEP_SIZE] = Math.abs(change) >= RESTART_THRESHOLD
      ? STEP_PERCENT * this.#maximum * (amount >= 0 ? 1 : -1)
      : STEP_DECAY_RATE * amount;
    this.#rates[PREVIOUS_HIT_RATE] = hitRate;
    this.#hits = 0;
    this.#misses = 0;
    return Math.trunc(amount) | 0;
  }

  /**
   * Turns the climb towards a bigger window (direction 1) or a smaller one (-1) with a full
   * step, when outside evidence (the policy yardstick) says which way is better.
   */
  steer(direction: 1 | -1): void {
    this.#rates[STEP_SIZE] = direction * STEP_PERCENT * this.#maximum;
  }

  reset(): void {
    this.#hits = 0;
    this.#misses = 0;
    this.#rates[PREVIOUS_HIT_RATE] = 0;
    this.#primed = false;
    this.#rates[STEP_SIZE] = -STEP_PERCENT * this.#maximum;
  }
}
