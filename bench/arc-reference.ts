/**
 * Textbook ARC (Megiddo & Modha, "ARC: A Self-Tuning, Low Overhead Replacement Cache", FAST
 * 2003), as a hit-rate reference only: the issue asks to aim for ARC. It reproduces the paper's
 * OLTP figures (38.95 / 46.08 here against the published 39.06 / 46.17; the small gap is the
 * paper counting a request of n blocks as one request). Maps keep insertion order, so the first
 * key of each is its LRU end.
 */
export function arcHitRate(keys: Int32Array, capacity: number): number {
  const t1 = new Map<number, true>();
  const t2 = new Map<number, true>();
  const b1 = new Map<number, true>();
  const b2 = new Map<number, true>();
  let p = 0;
  let hits = 0;
  const popOldest = (list: Map<number, true>): number => {
    const key = list.keys().next().value!;
    list.delete(key);
    return key;
  };
  const replace = (key: number): void => {
    if (t1.size > 0 && (t1.size > p || (b2.has(key) && t1.size === p))) b1.set(popOldest(t1), true);
    else b2.set(popOldest(t2), true);
  };
  for (const key of keys) {
    if (t1.delete(key) || t2.delete(key)) {
      t2.set(key, true);
      hits++;
    } else if (b1.has(key)) {
      p = Math.min(capacity, p + Math.max(b2.size / b1.size, 1));
      replace(key);
      b1.delete(key);
      t2.set(key, true);
    } else if (b2.has(key)) {
      p = Math.max(0, p - Math.max(b1.size / b2.size, 1));
      replace(key);
      b2.delete(key);
      t2.set(key, true);
    } else {
      const l1 = t1.size + b1.size;
      const total = l1 + t2.size + b2.size;
      if (l1 === capacity) {
        if (t1.size < capacity) {
          popOldest(b1);
          replace(key);
        } else {
          popOldest(t1);
        }
      } else if (l1 < capacity && total >= capacity) {
        if (total === 2 * capacity) popOldest(b2);
        replace(key);
      }
      t1.set(key, true);
    }
  }
  return (100 * hits) / keys.length;
}
