import { NumberSlotTable } from './number-slot-table.js';
import { SlotQueues } from './slot-queues.js';

const NONE = -1;
const LRU = 0;

/**
 * An LRU cache that stores nothing but key hashes, to simulate how LRU would fare: the
 * miniature simulations of Waldspurger et al. ("Cache Modeling and Optimization using
 * Miniature Simulations", USENIX ATC 2017). Fed a hash-sampled 1-in-2^k share of the requests
 * and sized at 1/2^k of the real cache, its hit rate estimates LRU's on the whole stream.
 */
export class MiniatureLru {
  readonly #slots: NumberSlotTable;
  readonly #hashOf: Int32Array;
  readonly #order: SlotQueues;
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
    // Hashes are well mixed already: each is its own key and its own hash in the table.
    this.#slots = new NumberSlotTable(capacity);
    this.#hashOf = new Int32Array(capacity);
    this.#order = new SlotQueues(1, capacity);
  }

  /** Replays one request; true if the simulated LRU had it. */
  access(hash: number): boolean {
    const hit = this.#slots.get(hash, hash);
    if (hit !== NONE) {
      this.#order.transfer(hit, LRU);
      return true;
    }
    let slot: number;
    if (this.#slots.size < this.#capacity) {
      slot = this.#slots.size;
    } else {
      // Full: the least recently used slot is reused for the newcomer.
      slot = this.#order.head(LRU);
      this.#slots.deleteSlot(slot, this.#hashOf[slot]!);
      this.#order.unlink(slot);
    }
    this.#hashOf[slot] = hash;
    this.#slots.insert(hash, hash, slot);
    this.#order.pushBack(LRU, slot);
    return false;
  }

  clear(): void {
    this.#slots.clear();
    this.#order.clear();
  }
}
