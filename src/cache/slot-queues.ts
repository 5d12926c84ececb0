const NONE = -1;

/**
 * A few FIFO/LRU queues threaded through integer slots: doubly linked lists in Int32Arrays, as
 * in lru-cache, so no operation allocates. Each slot is in at most one queue at a time. The
 * miniature simulations use it; EvictionPolicy keeps its own links, inlined by hand, because its
 * queues are weighed and its every call is on the real cache's hot path.
 */
export class SlotQueues {
  readonly #next: Int32Array;
  readonly #prev: Int32Array;
  readonly #queueOf: Uint8Array;
  readonly #head: Int32Array;
  readonly #tail: Int32Array;
  readonly #length: Int32Array;

  constructor(queues: number, capacity: number) {
    this.#next = new Int32Array(capacity).fill(NONE);
    this.#prev = new Int32Array(capacity).fill(NONE);
    this.#queueOf = new Uint8Array(capacity);
    this.#head = new Int32Array(queues).fill(NONE);
    this.#tail = new Int32Array(queues).fill(NONE);
    this.#length = new Int32Array(queues);
  }

  /** The oldest slot of queue `q`, or -1 when it is empty. */
  head(q: number): number {
    return this.#head[q]!;
  }

  length(q: number): number {
    return this.#length[q]!;
  }

  /** The queue `slot` is in. */
  queueOf(slot: number): number {
    return this.#queueOf[slot]!;
  }

  /** Appends `slot`, which is in no queue, to queue `q`. */
  pushBack(q: number, slot: number): void {
    const tail = this.#tail[q]!;
    this.#prev[slot] = tail;
    this.#next[slot] = NONE;
    if (tail === NONE) this.#head[q] = slot;
    else this.#next[tail] = slot;
    this.#tail[q] = slot;
    this.#queueOf[slot] = q;
    this.#length[q]!++;
  }

  /** Takes `slot` out of its queue. */
  unlink(slot: number): void {
    const q = this.#queueOf[slot]!;
    const next = this.#next[slot]!;
    const prev = this.#prev[slot]!;
    if (prev === NONE) this.#head[q] = next;
    else this.#next[prev] = next;
    if (next === NONE) this.#tail[q] = prev;
    else this.#prev[next] = prev;
    this.#length[q]!--;
  }

  /** Moves `slot` to the back of queue `to` (its own queue: marks it most recently used). */
  transfer(slot: number, to: number): void {
    if (this.#tail[to] === slot) return;
    this.unlink(slot);
    this.pushBack(to, slot);
  }

  clear(): void {
    this.#next.fill(NONE);
    this.#prev.fill(NONE);
    this.#head.fill(NONE);
    this.#tail.fill(NONE);
    this.#length.fill(0);
  }
}
