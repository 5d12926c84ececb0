/**
 * One side of the liquidity map: clusters of swing highs (where buy stops rest above). The
 * sell side is the same book over mirrored prices (−low, −close), which turns swing lows into
 * highs and "below" into "above", so the rules are written once.
 *
 * A cluster collects swings within `tolerance` (a fraction of its level) of each other; its
 * level is the highest of them (stops sit above the highest). Once it has `minTouches` swings
 * it is a zone. Per bar, against the bar's high:
 *   - a zone whose level the high exceeds is gone: swept when the bar closes back below the
 *     level, run through (taken without a sweep) when it closes at or above it;
 *   - a cluster not yet a zone is dropped when the high exceeds it by more than the tolerance
 *     (a touch within the tolerance is just another approach to the same level).
 * At most `maxZones` zones and `maxZones` candidate clusters are kept; the one touched longest
 * ago makes room. State lives in typed arrays; a cheap bound (the lowest level any cluster
 * would react to) skips the scan on the bars where nothing is reached.
 */
export class LiquidityBook {
  readonly #tolerance: number;
  readonly #minTouches: number;
  readonly #maxZones: number;
  readonly #levels: Float64Array;
  readonly #touches: Int32Array;
  /** When each cluster was last touched (the caller's bar sequence). */
  readonly #stamps: Float64Array;
  #size = 0;
  #zones = 0;
  /** The lowest high that would remove or sweep some cluster. */
  #reach = Number.POSITIVE_INFINITY;

  constructor(tolerance: number, minTouches: number, maxZones: number) {
    this.#tolerance = tolerance;
    this.#minTouches = minTouches;
    this.#maxZones = maxZones;
    this.#levels = new Float64Array(2 * maxZones);
    this.#touches = new Int32Array(2 * maxZones);
    this.#stamps = new Float64Array(2 * maxZones);
  }

  /** Number of zones (clusters with enough touches). */
  get zoneCount(): number {
    return this.#zones;
  }

  /**
   * Applies a bar: returns 0 if no zone changed, 1 if a zone was run through, 2 if one was
   * swept (the bar traded above it and closed back below).
   */
  cross(high: number, close: number): 0 | 1 | 2 {
    if (!(high > this.#reach)) return 0;
    let result: 0 | 1 | 2 = 0;
    for (let i = this.#size - 1; i >= 0; i--) {
      const level = this.#levels[i]!;
      if (this.#touches[i]! >= this.#minTouches) {
        if (high > level) {
          if (close < level) result = 2;
          else if (result === 0) result = 1;
          this.#remove(i);
        }
      } else if (high > level + this.#tolerance * Math.abs(level)) {
        this.#remove(i);
      }
    }
    this.#updateReach();
    return result;
  }

  /** Adds a confirmed swing (a high on this side); true when the set of zones changed. */
  addSwing(price: number, stamp: number): boolean {
    let match = -1;
    let distance = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.#size; i++) {
      const level = this.#levels[i]!;
      const d = Math.abs(price - level);
      if (d <= this.#tolerance * Math.abs(level) && d < distance) {
        match = i;
        distance = d;
      }
    }
    let changed: boolean;
    if (match === -1) {
      if (this.#size - this.#zones >= this.#maxZones) this.#dropOldest(false);
      match = this.#size++;
      this.#levels[match] = price;
      this.#touches[match] = 1;
      this.#stamps[match] = stamp;
      changed = 1 >= this.#minTouches;
      if (changed) this.#zones++;
    } else {
      const wasZone = this.#touches[match]! >= this.#minTouches;
      const oldLevel = this.#levels[match]!;
      this.#levels[match] = Math.max(oldLevel, price);
      this.#touches[match] = this.#touches[match]! + 1;
      this.#stamps[match] = stamp;
      const isZone = this.#touches[match]! >= this.#minTouches;
      changed = isZone && (!wasZone || this.#levels[match] !== oldLevel);
      if (isZone && !wasZone) this.#zones++;
    }
    if (this.#zones > this.#maxZones) this.#dropOldest(true);
    this.#updateReach();
    return changed;
  }

  /** The zones' levels, lowest first (nearest first for the buy side). A new array. */
  levels(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#size; i++) if (this.#touches[i]! >= this.#minTouches) out.push(this.#levels[i]!);
    return out.sort((a, b) => a - b);
  }

  /** Removes the zone (or, with `zone` false, the candidate cluster) touched longest ago. */
  #dropOldest(zone: boolean): void {
    let oldest = -1;
    for (let i = 0; i < this.#size; i++) {
      if (this.#touches[i]! >= this.#minTouches !== zone) continue;
      if (oldest === -1 || this.#stamps[i]! < this.#stamps[oldest]!) oldest = i;
    }
    if (oldest !== -1) this.#remove(oldest);
  }

  /** Removes cluster `i`, keeping the others in order (the arrays are short). */
  #remove(i: number): void {
    if (this.#touches[i]! >= this.#minTouches) this.#zones--;
    const last = --this.#size;
    this.#levels.copyWithin(i, i + 1, last + 1);
    this.#touches.copyWithin(i, i + 1, last + 1);
    this.#stamps.copyWithin(i, i + 1, last + 1);
  }

  #updateReach(): void {
    let reach = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.#size; i++) {
      const level = this.#levels[i]!;
      const at = this.#touches[i]! >= this.#minTouches ? level : level + this.#tolerance * Math.abs(level);
      if (at < reach) reach = at;
    }
    this.#reach = reach;
  }
}
