/**
 * Replays the OLTP trace three times through one implementation at capacity 1,000 and exits:
 * the workload that bench/cache-instructions.sh counts instructions of. IMPLEMENTATION is one
 * of none (load the trace only: the baseline), lru-cache, tenure, tenure-lru. tenure runs on a
 * ManualClock, so that valgrind's slowdown cannot change how often time-based work happens.
 */
import { LRUCache } from 'lru-cache';
import { BoundedCache } from '../src/cache/index.js';
import { ManualClock } from '../src/clock/index.js';
import { loadOltp } from './traces.js';

interface Replayable {
  get(key: number): number | undefined;
  set(key: number, value: number): unknown;
}

const implementation = process.env.IMPLEMENTATION ?? 'none';
const factories: Record<string, (() => Replayable) | null> = {
  none: null,
  'lru-cache': () => new LRUCache<number, number>({ max: 1000, ttl: 3_600_000 }),
  tenure: () => new BoundedCache<number, number>({ maxSize: 1000, ttl: 3_600_000, clock: new ManualClock() }),
  'tenure-lru': () => new BoundedCache<number, number>({ maxSize: 1000, ttl: 3_600_000, clock: new ManualClock(), policy: 'lru' }),
};
if (!(implementation in factories)) {
  console.error(`IMPLEMENTATION must be one of ${Object.keys(factories).join(', ')}; got "${implementation}"`);
  process.exit(2);
}
const keys = loadOltp().keys;
const create = factories[implementation];
if (create) {
  for (let round = 0; round < 3; round++) {
    const cache = create();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (cache.get(key) === undefined) cache.set(key, key);
    }
  }
}
