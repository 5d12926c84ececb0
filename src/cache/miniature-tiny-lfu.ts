import { FrequencySketch } from './frequency-sketch.js';
import { NumberSlotTable } from './number-slot-table.js';
import { SlotQueues } from './slot-queues.js';

const NONE = -1;
const WINDOW = 0;
const PROBATION = 1;
const PROTECTED = 2;
/** Caffeine's starting split, held fixed here: a 1% window, 80% of the main space protected. */
const WINDOW_SHARE = 0.01;
const PROTECTED_SHARE = 0.8;

/**
 * A W-TinyLFU cache with a fixed 1% window that stores nothing but key hashes, to simulate how
 * frequency-first admission would fare: the counterpart of MiniatureLru, fed the same sampled
 * requests. Between the two, the yardstick sees both ends of the window's range (all recency,
 * all frequency) on the very requests the real cache serves.
 *
 * Self-contained and monomorphic rather than a second EvictionPolicy: that class carries the
 * adaptation that this simulation exists to inform, and it runs inside the real cache's hot path.
 */
export class MiniatureTinyLfu {
  readonly #slots: NumberSlotTable;
  readonly #hashOf: Int32Array;
  readonly #queues: SlotQueues;
  readonly #capacity: number;
  readonly #windowMaximum: number;
  readonly #protectedMaximum: number;
  readonly #sketch: FrequencySketch;

  constructor(capacity: number) {
    this.#capacity = capacity;
    // Hashes are well mixed already: each is its own key and its own hash in the table.
    this.#slots = new NumberSlotTable(capacity);
    this.#windowMaximum = Math.max(1, Math.round(WINDOW_SHARE * capacity));
    this.#protectedMaximum = Math.floor(PROTECTED_SHARE * (capacity - this.#windowMaximum));
    this.#hashOf = new Int32Array(capacity);
    this.#queues = new SlotQueues(3, capacity);
    this.#sketch = new FrequencySketch(capacity);
  }

  /** Replays one request; true if the simulated W-TinyLFU had it. */
  access(hash: number): boolean {
    const queues = this.#queues;
    this.#sketch.increment(hash);
    const hit = this.#slots.get(hash, hash);
    if (hit !== NONE) {
      if (queues.queueOf(hit) !== PROBATION) {
        queues.transfer(hit, queues.queueOf(hit));
      } else {
        // A second access in probation earns a place in protected, whose oldest falls back.
        queues.transfer(hit, PROTECTED);
        if (queues.length(PROTECTED) > this.#protectedMaximum) queues.transfer(queues.head(PROTECTED), PROBATION);
      }
      return true;
    }
    const filling = this.#slots.size < this.#capacity;
    const slot = filling ? this.#slots.size : this.#evict();
    this.#hashOf[slot] = hash;
    this.#slots.insert(hash, hash, slot);
    queues.pushBack(WINDOW, slot);
    // While the cache fills, the window's overflow goes to probation without a duel.
    if (filling && queues.length(WINDOW) > this.#windowMaximum) queues.transfer(queues.head(WINDOW), PROBATION);
    return false;
  }

  clear(): void {
    this.#slots.clear();
    this.#queues.clear();
    this.#sketch.reset();
  }

  /**
   * Frees one slot of a full cache (whose window is full) for a newcomer to the window. The
   * window's oldest entry is the candidate for the main space; it duels probation's oldest (or
   * protected's, when probation is empty), and the less frequent of the two goes, the
   * candidate on a tie.
   */
  #evict(): number {
    const queues = this.#queues;
    const candidate = queues.head(WINDOW);
    const victim = queues.head(PROBATION) !== NONE ? queues.head(PROBATION) : queues.head(PROTECTED);
    if (victim === NONE || this.#sketch.frequency(this.#hashOf[candidate]!) <= this.#sketch.frequency(this.#hashOf[victim]!)) {
      return this.#drop(WINDOW);
    }
    const victimQueue = queues.queueOf(victim);
    queues.transfer(candidate, PROBATION);
    return this.#drop(victimQueue);
  }

  /** Removes the oldest entry of queue `q` and returns its slot. */
  #drop(q: number): number {
    const slot = this.#queues.head(q);
    this.#slots.deleteSlot(slot, this.#hashOf[slot]!);
    this.#queues.unlink(slot);
    return slot;
  }
}
