/**
 * A 32-bit hash of any cache key, for the frequency sketch. The sketch counts keys that are
 * not (or no longer) in the cache, so it cannot use slot numbers; it needs a hash that is
 * stable for equal keys under Map's SameValueZero.
 */

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/** Murmur3's 32-bit finaliser: cheap, and every input bit reaches every output bit. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

function hashString(s: string): number {
  // FNV-1a over UTF-16 code units; keys are usually short identifiers.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

const doubleView = new DataView(new ArrayBuffer(8));

/** Hashes a number consistently with SameValueZero (all NaNs one key, -0 and +0 one key). */
export function hashNumber(n: number): number {
  if ((n | 0) === n) return mix32(n);
  if (n !== n) return 0x7fc00000; // NaN: all NaNs are one key in a Map
  // Non-integers and integers beyond 32 bits: fold the two halves of the float.
  doubleView.setFloat64(0, n === 0 ? 0 : n); // -0 and +0 are one key in a Map
  return mix32(doubleView.getInt32(0) ^ Math.imul(doubleView.getInt32(4), 0x9e3779b1));
}

/** Hashes a key consistently with Map's key equality (SameValueZero). */
export function hashKey(key: unknown): number {
  switch (typeof key) {
    case 'number':
      return hashNumber(key);
    case 'string':
      return hashString(key);
    case 'bigint':
      return hashString(key.toString());
    case 'boolean':
      return key ? 0x4f1bbcdd : 0x2545f491;
    case 'undefined':
      return 0x1b873593;
    case 'symbol':
      // A symbol's description is stable for that symbol; collisions only blur frequencies.
      return hashString(key.description ?? 'symbol') ^ 0x68e31da4;
    case 'object':
    case 'function': {
      if (key === null) return 0x5bd1e995;
      // Identity keys get a sequence number on first sight; the WeakMap lets them be collected.
      let id = objectIds.get(key);
      if (id === undefined) {
        id = nextObjectId++;
        objectIds.set(key, id);
      }
      return mix32(id);
    }
  }
}
