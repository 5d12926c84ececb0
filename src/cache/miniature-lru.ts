import { NumberSlotTable } from './number-slot-table.js';
const NONE = -1;

/**
 * An LRU cache that stores nothing but key hashes, to simulate how LRU would fare: the
 * miniature simulations of Waldspurger et al. ("Cache Modeling and Optimization using
 * Miniature Simulations", USENIX ATC 2017). Fed a hash-sampled 1-in-2^k share of the requests
 * and sized at 1/2^k of the real cache, its hit rate estimates LRU's on the whole stream.
 * Self-contained and monomorphic, because it runs inside the real cache's hot path.
 */
export class MiniatureLru {
  readonly #slots: NumberSlotTable;
  readonly #hashOf: Int32Array;
  readonly #next: Int32Array;
  readonly #prev: Int32Array;
  readonly #capacity: number;
  #head = NONE;
  #tail = NONE;

  constructor(capacity: number) {
    this.#capacity = capacity;
    // Hashes are well mixed already: each is its own key and its own hash in the table.
    this.#slots = new NumberSlotTable(capacity);
    this.#hashOf = new Int32Array(capacity);
    this.#next = new Int32Array(capacity).fill(NONE);
    this.#prev = new Int32Array(capacity).fill(NONE);
  }

  /** Replays one request; true if the simulated LRU had it. */
  access(hash: number): boolean {
    const hit = this.#slots.get(hash, hash);
    if (hit !== NONE) {
      this.#moveToTail(hit);
      return true;
    }
    let slot: number;
    if (this.#slots.size < this.#capacity) {
      slot = this.#slots.size;
    } else {
      // Full: the least recently used slot is reused for the newcomer.
      slot = this.#head;
      this.#slots.delete(this.#hashOf[slot]!, this.#hashOf[slot]!);
      this.#unlink(slot);
    }
    this.#hashOf[slot] = hash;
    this.#slots.insert(hash, hash, slot);
    this.#append(slot);
    return false;
  }

  clear(): void {
    this.#slots.clear();
    this.#next.fill(NONE);
    this.#prev.fill(NONE);
    this.#head = this.#tail = NONE;
  }

  #moveToTail(slot: number): void {
    if (this.#tail === slot) return;
    this.#unlink(slot);
    this.#append(slot);
  }

  #unlink(slot: number): void {
    const next = this.#next[slot]!;
    const prev = this.#prev[slot]!;
    if (prev === NONE) this.#head = next;
    else this.#next[prev] = next;
    if (next === NONE) this.#tail = prev;
    else this.#prev[next] = prev;
  }

  #append(slot: number): void {
    const tail = this.#tail;
    this.#prev[slot] = tail;
    this.#next[slot] = NONE;
    if (tail === NONE) this.#head = slot;
    else this.#next[tail] = slot;
    this.#tail = slot;
  }
}
