import { badRequest } from './http-error.js';
import type { PageQuery } from './session-schemas.js';

/** Which position results a response carries. */
export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
}

export interface Page<T> {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly items: readonly T[];
}

/** Results per response when the request does not say. */
export const DEFAULT_PAGE_SIZE = 100;

/** The page a querystring asks for; a limit above `maxPageSize` is a 400 naming it. */
export function pageRequestOf(query: PageQuery, maxPageSize: number): PageRequest {
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  const limit = query.limit === undefined ? Math.min(DEFAULT_PAGE_SIZE, maxPageSize) : Number(query.limit);
  if (limit > maxPageSize) throw badRequest('BAD_REQUEST', 'querystring.limit', `must be at most ${maxPageSize}, got ${limit}`);
  return { offset, limit };
}

export function pageOf<T>(items: readonly T[], page: PageRequest): Page<T> {
  return { total: items.length, offset: page.offset, limit: page.limit, items: items.slice(page.offset, page.offset + page.limit) };
}
