/**
 * Why an entry left the cache, as Caffeine's RemovalCause: observers and dispose callbacks
 * need to tell a policy decision (size, expired, collected) from a caller's own act
 * (explicit, replaced), because only the former says anything about the cache's sizing.
 */
export type RemovalCause =
  /** Its time to live passed. */
  | 'expired'
  /** The count or weight bound pushed it out (or it was too heavy to be admitted at all). */
  | 'size'
  /** Weak-value mode: the garbage collector reclaimed the value. */
  | 'collected'
  /** delete(), clear() or disposal of the cache. */
  | 'explicit'
  /** set() stored a different value under the same key. */
  | 'replaced';

/** Every cause, in a fixed order: the index of a cause in this list is its counter slot. */
export const REMOVAL_CAUSES: readonly RemovalCause[] = ['expired', 'size', 'collected', 'explicit', 'replaced'];

/** Removal causes that the cache chose itself; Caffeine calls these "evictions". */
export function wasEvicted(cause: RemovalCause): boolean {
  return cause === 'expired' || cause === 'size' || cause === 'collected';
}
