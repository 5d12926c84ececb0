import type { Position } from '../valuation/portfolio/position.js';
import { checkId, describe } from './input-checks.js';
import { StoreInputError } from './store-errors.js';

/** One position ready to bind: its id and kind as columns, the whole position as JSON. */
export interface PositionValues {
  readonly positionId: string;
  readonly kind: string;
  readonly data: string;
}

/**
 * Checks a portfolio before it replaces the saved one: ids are non-empty and unique (named
 * with both indices), every position says its kind. Positions are stored whole as JSON, so
 * their other fields are the valuation's to check when it reads them.
 */
export function encodePositions(operation: string, portfolioId: string, positions: readonly Position[]): PositionValues[] {
  checkId(operation, 'portfolioId', portfolioId);
  if (!Array.isArray(positions)) throw new StoreInputError(operation, 'positions', `must be an array; got ${describe(positions)}`);
  const firstIndex = new Map<string, number>();
  return positions.map((candidate: unknown, i) => {
    if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
      throw new StoreInputError(operation, `positions[${i}]`, `must be a position object; got ${describe(candidate)}`);
    }
    const position = candidate as Position;
    checkId(operation, `positions[${i}].id`, position.id);
    checkId(operation, `positions[${i}].kind`, position.kind);
    const earlier = firstIndex.get(position.id);
    if (earlier !== undefined) {
      throw new StoreInputError(operation, `positions[${i}].id`, `${JSON.stringify(position.id)} repeats positions[${earlier}]; position ids are unique within a portfolio`);
    }
    firstIndex.set(position.id, i);
    return { positionId: position.id, kind: position.kind, data: JSON.stringify(position) };
  });
}

/** A stored position back as the plain object that was saved. */
export function decodePosition(data: string): Position {
  return JSON.parse(data) as Position;
}
