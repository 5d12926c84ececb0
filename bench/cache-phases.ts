/**
 * npm run bench:cache:phases -- [trace] [capacity] [window]
 *
 * Where, in a trace, tenure gains or loses hits against LRU: hits per window of requests for
 * tenure's W-TinyLFU and for LRU, their difference, and the admission window's size at the
 * end of each window. Defaults: sprite at 500 entries, windows of 5,000 requests.
 */
import { BoundedCache } from '../src/cache/index.js';
import { loadLirs, loadOltp } from './traces.js';

const [name = 'sprite', capacityText = '500', windowText = '5000'] = process.argv.slice(2);
const capacity = Number(capacityText);
const window = Number(windowText);
const trace = name === 'OLTP' ? loadOltp() : loadLirs(name, []);
const tenure = new BoundedCache<number, number>({ maxSize: capacity });
const lru = new BoundedCache<number, number>({ maxSize: capacity, policy: 'lru' });
let tenureHits = 0;
let lruHits = 0;
let total = 0;
console.log('requests  tenure  lru  difference  window-size');
for (let i = 0; i < trace.keys.length; i++) {
  const key = trace.keys[i]!;
  if (tenure.get(key) === undefined) tenure.set(key, key);
  else tenureHits++;
  if (lru.get(key) === undefined) lru.set(key, key);
  else lruHits++;
  if ((i + 1) % window === 0 || i === trace.keys.length - 1) {
    total += tenureHits - lruHits;
    console.log(`${String(i + 1).padStart(8)}  ${String(tenureHits).padStart(6)}  ${String(lruHits).padStart(4)}  ${String(tenureHits - lruHits).padStart(10)}  ${tenure.policy().windowMaximum}`);
    tenureHits = lruHits = 0;
  }
}
console.log(`total difference: ${total} hits over ${trace.keys.length} requests`);
