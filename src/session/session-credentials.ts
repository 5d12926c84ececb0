import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Session ids and tokens. The id names a session (it appears in scope paths and logs); the
 * token proves the caller created it. Only a SHA-256 digest of the token is kept, so a heap
 * dump or a tombstone never holds a usable token, and every comparison is between two 32-byte
 * digests, which `timingSafeEqual` can compare in constant time.
 */

/** 128 random bits, base64url: unguessable and safe in a URL path. */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/** 256 random bits, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The digest stored in place of a token. Non-strings (from untyped callers) get a digest that matches nothing real. */
export function digestToken(token: unknown): Buffer {
  const text = typeof token === 'string' ? token : '';
  return createHash('sha256').update(typeof token === 'string' ? 't:' : 'x:').update(text, 'utf8').digest();
}

/** Constant-time comparison of two token digests. */
export function digestsMatch(stored: Buffer, given: Buffer): boolean {
  return stored.length === given.length && timingSafeEqual(stored, given);
}

/**
 * A digest no token produces in practice: compared against when the id is unknown, so a
 * lookup of an unknown id does the same work as one with a wrong token.
 */
export const DECOY_DIGEST: Buffer = createHash('sha256').update('decoy:').update(randomBytes(32)).digest();
