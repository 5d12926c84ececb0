/**
 * The recompute queue of a stabilisation: stale nodes bucketed by height, popped lowest height
 * first, as in Jane Street's Incremental. Everything a node reads has a lower height than the
 * node, so popping by height hands out parents before children, and a node is never popped
 * before something it depends on has settled.
 *
 * A bucket per height (not a binary heap): push, remove and pop are O(1) apart from walking the
 * minimum up over empty buckets, which costs at most the graph's height per stabilisation, never
 * the number of nodes. Buckets are plain arrays kept between stabilisations, so a warmed-up queue
 * allocates nothing. Items carry their own position (`queueIndex`, `queueHeight`), which is what
 * makes removal O(1) (the bucket's last item takes the removed one's place).
 */
export interface HeightQueued {
  height: number;
  queueIndex: number;
  queueHeight: number;
}

export class HeightQueue<T extends HeightQueued> {
  readonly #buckets: T[][] = [];
  /** No bucket below this height holds an item. */
  #min = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Queues an item under its current height; an item already queued stays where it is. */
  push(item: T): void {
    if (item.queueIndex >= 0) return;
    const height = item.height;
    const buckets = this.#buckets;
    while (buckets.length <= height) buckets.push([]);
    const bucket = buckets[height]!;
    item.queueIndex = bucket.length;
    item.queueHeight = height;
    bucket.push(item);
    if (height < this.#min) this.#min = height;
    this.#size++;
  }

  remove(item: T): void {
    const index = item.queueIndex;
    if (index < 0) return;
    const bucket = this.#buckets[item.queueHeight]!;
    const last = bucket.pop()!;
    if (last !== item) {
      bucket[index] = last;
      last.queueIndex = index;
    }
    item.queueIndex = -1;
    this.#size--;
  }

  /** Moves a queued item whose height changed to its new bucket. */
  reposition(item: T): void {
    if (item.queueIndex < 0 || item.queueHeight === item.height) return;
    this.remove(item);
    this.push(item);
  }

  /** Removes and returns an item of the lowest height, or undefined when the queue is empty. */
  popMin(): T | undefined {
    if (this.#size === 0) return undefined;
    const buckets = this.#buckets;
    let min = this.#min;
    while (buckets[min]!.length === 0) min++;
    this.#min = min;
    const item = buckets[min]!.pop()!;
    item.queueIndex = -1;
    this.#size--;
    return item;
  }
}
