const EMPTY = -1;
/**
 * The table doubles when more than this share of its cells is used. Cells are 8 bytes, so at an
 * eighth a key costs 64 bytes of cells (and 8 in the key array): a lookup then probes about 1.1
 * cells, a miss 1.15, and the loop's exit is nearly always the first cell's, which the
 * processor predicts. Measured on the OLTP trace: fewer probes, not fewer bytes, is what pays.
 */
const LOAD_FACTOR = 0.125;

/**
 * A hash table from numbers to slot numbers over typed arrays: open addressing with linear
 * probing and backward-shift deletion (no tombstones, so it never needs a rebuild while its size
 * holds still). It exists because a Map costs a cache most of its time on misses: V8's
 * OrderedHashMap pays a builtin call per operation and reallocates its backing store as deleted
 * entries pile up, where this allocates nothing once sized and probes one or two cells.
 *
 * A cell holds a slot and its key's hash, side by side; the key itself is kept by slot (slots
 * are the caller's small, dense integers, one key each), and compared only when the hash
 * matches. Keys are any numbers but NaN, compared with ===, so +0 and -0 are one key, as in a
 * Map. The caller passes each key's hash (key-hash.ts hashNumber, or any hash it uses
 * consistently).
 */
export class NumberSlotTable {
  /** Cell i's slot at [2i], its key's hash at [2i + 1]. */
  #cells: Int32Array;
  /** The key stored for each slot. */
  #keyOfSlot: Float64Array;
  #mask: number;
  #size = 0;
  /**
   * Where the last get() of an absent key stopped: the empty cell its probe sequence ended on,
   * which is where an insert of that key would go, until the table next changes (-1: none).
   * A cache's miss is a lookup followed by an insert of the same key, and the second probe
   * sequence would cost as much as the first.
   */
  #missCell = -1;
  #missKey = 0;
  #missHash = 0;

  /** @param expectedEntries how many keys it should hold without growing */
  constructor(expectedEntries: number) {
    const capacity = tableCapacity(expectedEntries);
    this.#cells = new Int32Array(2 * capacity).fill(EMPTY);
    this.#keyOfSlot = new Float64Array(Math.max(16, Math.min(expectedEntries, 1 << 26)));
    this.#mask = capacity - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** The slot stored for `key`, or -1. */
  get(key: number, hash: number): number {
    const cells = this.#cells;
    const mask = this.#mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = cells[2 * i]!;
      if (slot === EMPTY) {
        this.#missCell = i;
        this.#missKey = key;
        this.#missHash = hash;
        return EMPTY;
      }
      if (cells[2 * i + 1] === hash && this.#keyOfSlot[slot] === key) return slot;
    }
  }

  /**
   * Stores `slot` for `key` in the cell the last get() found empty for it, if the table has not
   * changed since and has room; returns false, storing nothing, otherwise (then use insert()).
   */
  insertMissed(key: number, slot: number): boolean {
    const cell = this.#missCell;
    if (cell === -1 || this.#missKey !== key || this.#size + 1 > LOAD_FACTOR * (this.#mask + 1)) return false;
    this.#missCell = -1;
    this.#store(cell, key, this.#missHash, slot);
    return true;
  }

  /** Stores `slot` for `key`, which must not be in the table. */
  insert(key: number, hash: number, slot: number): void {
    this.#missCell = -1;
    if (this.#size + 1 > LOAD_FACTOR * (this.#mask + 1)) this.#grow();
    const cells = this.#cells;
    const mask = this.#mask;
    let i = hash & mask;
    while (cells[2 * i] !== EMPTY) i = (i + 1) & mask;
    this.#store(i, key, hash, slot);
  }

  /** Removes `key`; returns its slot, or -1 if it was not there. */
  delete(key: number, hash: number): number {
    const cells = this.#cells;
    const mask = this.#mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = cells[2 * i]!;
      if (slot === EMPTY) return EMPTY;
      if (cells[2 * i + 1] === hash && this.#keyOfSlot[slot] === key) {
        this.#vacate(i);
        return slot;
      }
    }
  }

  /**
   * Removes the key stored for `slot`, whose hash is `hash`; returns false if that slot is not
   * in the table. For a caller that knows which slot is leaving (a cache evicting): a cell is
   * found by its slot alone, without reading the key, whose line is as cold as the cell's.
   */
  deleteSlot(slot: number, hash: number): boolean {
    const cells = this.#cells;
    const mask = this.#mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const held = cells[2 * i]!;
      if (held === slot) {
        this.#vacate(i);
        return true;
      }
      if (held === EMPTY) return false;
    }
  }

  /** Empties cell `hole` and closes the gap in its probe run. */
  #vacate(hole: number): void {
    this.#missCell = -1;
    const cells = this.#cells;
    const mask = this.#mask;
    // Backward shift: pull later entries of the probe run into the hole when their home cell
    // is not between the hole and where they sit, so every lookup still finds them.
    for (let i = (hole + 1) & mask; cells[2 * i] !== EMPTY; i = (i + 1) & mask) {
      const home = cells[2 * i + 1]! & mask;
      const stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
      if (stays) continue;
      cells[2 * hole] = cells[2 * i]!;
      cells[2 * hole + 1] = cells[2 * i + 1]!;
      hole = i;
    }
    cells[2 * hole] = EMPTY;
    this.#size--;
  }

  /** Calls `visit` with every key and its slot, in no particular order. */
  forEach(visit: (key: number, slot: number) => void): void {
    const cells = this.#cells;
    for (let i = 0; i < cells.length; i += 2) {
      const slot = cells[i]!;
      if (slot !== EMPTY) visit(this.#keyOfSlot[slot]!, slot);
    }
  }

  clear(): void {
    this.#missCell = -1;
    this.#cells.fill(EMPTY);
    this.#size = 0;
  }

  #store(cell: number, key: number, hash: number, slot: number): void {
    if (slot >= this.#keyOfSlot.length) {
      const grown = new Float64Array(Math.max(2 * this.#keyOfSlot.length, slot + 1));
      grown.set(this.#keyOfSlot);
      this.#keyOfSlot = grown;
    }
    this.#keyOfSlot[slot] = key;
    this.#cells[2 * cell] = slot;
    this.#cells[2 * cell + 1] = hash;
    this.#size++;
  }

  #grow(): void {
    const cells = this.#cells;
    const capacity = 2 * (this.#mask + 1);
    this.#cells = new Int32Array(2 * capacity).fill(EMPTY);
    this.#mask = capacity - 1;
    const next = this.#cells;
    const mask = this.#mask;
    for (let c = 0; c < cells.length; c += 2) {
      const slot = cells[c]!;
      if (slot === EMPTY) continue;
      let i = cells[c + 1]! & mask;
      while (next[2 * i] !== EMPTY) i = (i + 1) & mask;
      next[2 * i] = slot;
      next[2 * i + 1] = cells[c + 1]!;
    }
  }
}

function tableCapacity(expectedEntries: number): number {
  const wanted = Math.max(16, Math.ceil(Math.min(expectedEntries, 1 << 26) / LOAD_FACTOR));
  return 2 ** Math.ceil(Math.log2(wanted));
}
