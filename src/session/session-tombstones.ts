import type { SessionEndReason } from './session-errors.js';

/** What is remembered of an ended session: enough to answer a late request, nothing of its state. */
export interface Tombstone {
  /** SHA-256 digest of the session token, so only its owner learns that it ended. */
  readonly tokenDigest: Buffer;
  readonly reason: SessionEndReason;
  /** When the session ended (for an idle expiry: when its idle time ran out). */
  readonly endedAt: number;
  /** When the tombstone was written; its time to live counts from here. */
  readonly recordedAt: number;
}

/**
 * Ended sessions by id, kept for a while so that a client coming back late is told its session
 * ended (and why) instead of getting a fresh one or a bare "not found". Bounded in time and in
 * count: a Map iterates in insertion order, and tombstones are written in clock order, so the
 * oldest are always at the front and pruning stops at the first one still young enough.
 */
export class SessionTombstones {
  readonly #byId = new Map<string, Tombstone>();
  readonly #ttlMs: number;
  readonly #maxCount: number;

  constructor(ttlMs: number, maxCount: number) {
    this.#ttlMs = ttlMs;
    this.#maxCount = maxCount;
  }

  get size(): number {
    return this.#byId.size;
  }

  record(id: string, tombstone: Tombstone): void {
    this.#byId.delete(id);
    this.#byId.set(id, tombstone);
    this.prune(tombstone.recordedAt);
  }

  /** The tombstone of `id`, if it is still kept at time `now`. */
  find(id: string, now: number): Tombstone | undefined {
    this.prune(now);
    return this.#byId.get(id);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Drops tombstones older than the time to live, then the oldest beyond the count bound. */
  prune(now: number): void {
    for (const [id, tombstone] of this.#byId) {
      if (this.#byId.size > this.#maxCount || now - tombstone.recordedAt >= this.#ttlMs) this.#byId.delete(id);
      else break;
    }
  }

  clear(): void {
    this.#byId.clear();
  }
}
