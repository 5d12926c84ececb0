import { hashNumber } from './key-hash.js';
import { NumberSlotTable } from './number-slot-table.js';

/** No slot: what get() answers for a key that is not there. */
const NONE = -1;

/**
 * The cache's index from keys to slots. Number keys (numeric ids are the common case in this
 * field: positions, instruments, trace keys) go to a typed-array hash table; every other key,
 * and NaN, to a Map. A key of one kind never equals a key of the other under SameValueZero, so
 * the two never disagree about a key.
 */
export class KeyIndex<K> {
  readonly #numbers: NumberSlotTable;
  readonly #others = new Map<K, number>();

  /** @param expectedEntries how many number keys to size the table for (it grows past that) */
  constructor(expectedEntries: number) {
    this.#numbers = new NumberSlotTable(expectedEntries);
  }

  get size(): number {
    return this.#numbers.size + this.#others.size;
  }

  /** The slot of `key`, or -1. */
  get(key: K): number {
    if (typeof key === 'number' && key === key) return this.#numbers.get(key, hashNumber(key));
    return this.#others.get(key) ?? NONE;
  }

  /** Indexes `key`, which must not be indexed yet, at `slot`. */
  insert(key: K, slot: number): void {
    if (typeof key === 'number' && key === key) {
      if (!this.#numbers.insertMissed(key, slot)) this.#numbers.insert(key, hashNumber(key), slot);
    } else this.#others.set(key, slot);
  }

  /**
   * Removes `key`, indexed at `slot`. `hash`, when given, must be key-hash.ts hashKey(key) (the
   * eviction policy keeps it): then a number key is found without hashing it again or reading it.
   */
  delete(key: K, slot: number, hash?: number): void {
    if (typeof key === 'number' && key === key) this.#numbers.deleteSlot(slot, hash ?? hashNumber(key));
    else this.#others.delete(key);
  }

  /** Every key with its slot: a snapshot, in no particular order, safe to change the index under. */
  entries(): [K, number][] {
    const entries: [K, number][] = [...this.#others];
    this.#numbers.forEach((key, slot) => entries.push([key as K, slot]));
    return entries;
  }

  clear(): void {
    this.#numbers.clear();
    this.#others.clear();
  }
}
