import { FrequencySketch } from './frequency-sketch.js';
import { NumberSlotTable } from './number-slot-table.js';

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
  readonly #next: Int32Array;
  readonly #prev: Int32Array;
  readonly #queueOf: Uint8Array;
  readonly #head = new Int32Array(3).fill(NONE);
  readonly #tail = new Int32Array(3).fill(NONE);
  readonly #length = new Int32Array(3);
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
    this.#next = new Int32Array(capacity).fill(NONE);
    this.#prev = new Int32Array(capacity).fill(NONE);
    this.#queueOf = new Uint8Array(capacity);
    this.#sketch = new FrequencySketch(capacity);
  }

  /** Replays one request; true if the simulated W-TinyLFU had it. */
  access(hash: number): boolean {
    this.#sketch.increment(hash);
    const hit = this.#slots.get(hash, hash);
    if (hit !== NONE) {
      if (this.#queueOf[hit] === PROBATION) this.#promote(hit);
      else this.#moveToBack(hit);
      return true;
    }
    const filling = this.#slots.size < this.#capacity;
    const slot = filling ? this.#slots.size : this.#evict();
    this.#hashOf[slot] = hash;
    this.#slots.insert(hash, hash, slot);
    this.#pushBack(WINDOW, slot);
    // While the cache fills, the window's overflow goes to probation without a duel.
    if (filling && this.#length[WINDOW]! > this.#windowMaximum) this.#transfer(this.#head[WINDOW]!, PROBATION);
    return false;
  }

  clear(): void {
    this.#slots.clear();
    this.#next.fill(NONE);
    this.#prev.fill(NONE);
    this.#head.fill(NONE);
    this.#tail.fill(NONE);
    this.#length.fill(0);
    this.#sketch.reset();
  }

  /**
   * Frees one slot of a full cache (whose window is full) for a newcomer to the window. The
   * window's oldest entry is the candidate for the main space; it duels probation's oldest (or
   * protected's, when probation is empty), and the less frequent of the two goes, the
   * candidate on a tie.
   */
  #evict(): number {
    const candidate = this.#head[WINDOW]!;
    const victim = this.#head[PROBATION] !== NONE ? this.#head[PROBATION]! : this.#head[PROTECTED]!;
    if (victim === NONE || this.#sketch.frequency(this.#hashOf[candidate]!) <= this.#sketch.frequency(this.#hashOf[victim]!)) {
      return this.#drop(WINDOW);
    }
    const victimQueue = this.#queueOf[victim]!;
    this.#transfer(candidate, PROBATION);
    return this.#drop(victimQueue);
  }

  /** Removes the oldest entry of queue `q` and returns its slot. */
  #drop(q: number): number {
    const slot = this.#head[q]!;
    this.#slots.delete(this.#hashOf[slot]!, this.#hashOf[slot]!);
    this.#unlink(slot);
    return slot;
  }

  /** A second access in probation earns a place in protected, whose oldest falls back. */
  #promote(slot: number): void {
    this.#transfer(slot, PROTECTED);
    if (this.#length[PROTECTED]! > this.#protectedMaximum) this.#transfer(this.#head[PROTECTED]!, PROBATION);
  }

  #moveToBack(slot: number): void {
    const q = this.#queueOf[slot]!;
    if (this.#tail[q] !== slot) this.#transfer(slot, q);
  }

  #transfer(slot: number, to: number): void {
    this.#unlink(slot);
    this.#pushBack(to, slot);
  }

  #unlink(slot: number): void {
    const q = this.#queueOf[slot]!;
    const next = this.#next[slot]!;
    const prev = this.#prev[slot]!;
    if (prev === NONE) this.#head[q] = next;
    else this.#next[prev] = next;
    if (next === NONE) this.#tail[q] = prev;
    else this.#prev[next] = prev;
    this.#length[q]!--;
  }

  #pushBack(q: number, slot: number): void {
    const tail = this.#tail[q]!;
    this.#prev[slot] = tail;
    this.#next[slot] = NONE;
    if (tail === NONE) this.#head[q] = slot;
    else this.#next[tail] = slot;
    this.#tail[q] = slot;
    this.#queueOf[slot] = q;
    this.#length[q]!++;
  }
}
