import { timingSafeEqual, createHash } from 'node:crypto';

/**
 * The token of an `Authorization: Bearer <token>` header, or '' when there is none. A request
 * without a token goes through the same lookup as one with a wrong token, so the two cannot be
 * told apart from outside.
 */
export function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined) return '';
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match?.[1] ?? '';
}

/**
 * Whether `given` is the admin token. Both are hashed first, so the comparison is of equal
 * lengths and takes the same time whatever was sent. No configured token means nobody is admin.
 */
export function isAdminToken(given: string, adminToken: string | undefined): boolean {
  if (adminToken === undefined || adminToken === '' || given === '') return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(adminToken));
}
