/**
 * Deterministic pseudo-random numbers in [0, 1) (mulberry32), for tests that want random data
 * and a failure that can be replayed from its seed. (bench/zipf.ts has its own copy: benchmarks
 * do not import test code.)
 */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
