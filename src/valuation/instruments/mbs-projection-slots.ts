import type { WalSums } from './mbs-cash-flows.js';
import { MAX_POOL_MONTHS } from './mbs-payment-schedule.js';

/** Capacities, in months: 30 years serves nearly every pool; the longest ones get the maximum. */
const STANDARD_MONTHS = 360;
/** Sets kept for reuse per capacity: a handful is enough when pools are valued one after another. */
const MAX_FREE = 8;
const freeStandard: MbsProjectionSlots[] = [];
const freeLongest: MbsProjectionSlots[] = [];

/** One projection's cash flows at one mortgage rate, and its weighted average life's sums. */
export class ProjectionSlot implements WalSums {
  /** The mortgage rate it was projected at (NaN for a rate-blind model). */
  rate = Number.NaN;
  filled = false;
  weighted = 0;
  total = 0;

  constructor(readonly cashFlow: Float64Array) {}
}

/**
 * The projections a pool keeps while it is valued on a run's scenario curves: the first one made
 * (on the base curve, whose mortgage rate several scenarios share: the key-rate shifts away from
 * the model's tenor) and the latest other one. Curves that do not move the rate discount a kept
 * projection instead of making it again.
 *
 * Sets are taken from a free list and given back (`release`), so a batch holds one pool's
 * buffers at a time. The objects themselves, not only their buffers, are reused: an object
 * shape whose every instance has died is dropped at the next full GC, and with it the optimised
 * code of every function that handled it, which would leave the next valuations to run
 * unoptimised. Arrays are of the set's capacity; only the first `months` entries are used.
 */
export class MbsProjectionSlots {
  /** SMMs of the projection being made. */
  readonly smm: Float64Array;
  readonly first: ProjectionSlot;
  readonly latest: ProjectionSlot;
  readonly capacity: number;
  /** MbsPool.valueOnCurves' results: per curve its value and its projection's WAL sums. */
  valued = new Float64Array(3 * 16);

  private constructor(capacity: number) {
    this.capacity = capacity;
    // One allocation carved into views. Every entry is written before it is read, so a set
    // taken from the free list needs no clearing.
    const slab = new Float64Array(3 * capacity);
    this.smm = slab.subarray(0, capacity);
    this.first = new ProjectionSlot(slab.subarray(capacity, 2 * capacity));
    this.latest = new ProjectionSlot(slab.subarray(2 * capacity, 3 * capacity));
  }

  /** A set for a pool of `months` months, empty (no projection kept). */
  static acquire(months: number): MbsProjectionSlots {
    const standard = months <= STANDARD_MONTHS;
    const slots = (standard ? freeStandard : freeLongest).pop() ?? new MbsProjectionSlots(standard ? STANDARD_MONTHS : MAX_POOL_MONTHS);
    slots.first.filled = false;
    slots.latest.filled = false;
    return slots;
  }

  /** `valued`, with room for `curves` curves. */
  valuesFor(curves: number): Float64Array {
    if (this.valued.length < 3 * curves) this.valued = new Float64Array(3 * curves);
    return this.valued;
  }

  /** The slot holding the projection at `rate`, if one does. */
  find(rate: number, rateBlind: boolean): ProjectionSlot | undefined {
    const first = this.first;
    if (first.filled && (rateBlind || first.rate === rate)) return first;
    const latest = this.latest;
    return latest.filled && latest.rate === rate ? latest : undefined;
  }

  /** The slot a new projection goes into: the first while it is empty, then the latest. */
  vacant(): ProjectionSlot {
    return this.first.filled ? this.latest : this.first;
  }

  /** Hands the set back for another pool; the caller must not use it afterwards. */
  release(): void {
    const free = this.capacity === STANDARD_MONTHS ? freeStandard : freeLongest;
    if (free.length < MAX_FREE) free.push(this);
  }
}
