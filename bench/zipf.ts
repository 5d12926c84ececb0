/**
 * A deterministic Zipf-distributed key stream: rank r (1-based) has probability proportional
 * to 1 / r^s. Seeded, so every run and every implementation sees the same requests.
 */
export function zipfKeys(count: number, distinct: number, exponent: number, seed: number): Int32Array {
  const cumulative = new Float64Array(distinct);
  let sum = 0;
  for (let rank = 1; rank <= distinct; rank++) {
    sum += 1 / rank ** exponent;
    cumulative[rank - 1] = sum;
  }
  const random = mulberry32(seed);
  const keys = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const target = random() * sum;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    // Scatter ranks over the key space, so popularity does not follow key order. Keys stay
    // below 2^30, V8's small-integer range, like the trace keys: a benchmark whose keys
    // switch representation midway measures the JIT's recovery, not the caches.
    keys[i] = Math.imul(lo + 1, 0x9e3779b1) >>> 2;
  }
  return keys;
}

/** mulberry32: a small, fast, seedable PRNG with a full 2^32 period. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
