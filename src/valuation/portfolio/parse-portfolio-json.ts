import { IssueCollector } from './issue-collector.js';
import { JsonLocations } from './json-locations.js';
import { jsonSyntaxErrorOffset } from './json-syntax.js';
import { POSITION_KINDS, isPositionKind } from './portfolio-fields.js';
import type { PortfolioReadOptions } from './portfolio-format.js';
import type { Position } from './position.js';
import { describeValue, validatePosition } from './validate-position.js';

/**
 * Reads a portfolio JSON file: `{ "positions": [ { "kind": "bond", "id": ..., ... }, ... ] }`,
 * numbers as JSON numbers, dates as "YYYY-MM-DD", payFixed as true/false.
 *
 * Throws a PortfolioValidationError listing every issue found (up to `maxIssues`), each with
 * the position's index, the field and its line; never returns part of a file.
 */
export function parsePortfolioJson(text: string, file: string, options: PortfolioReadOptions = {}): Position[] {
  // Annotated so that TypeScript treats the never-returning issues.fail() as the end of a branch.
  const issues: IssueCollector = new IssueCollector(file, options.maxIssues);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const locations = new JsonLocations(body);

  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = jsonSyntaxErrorOffset(body) ?? body.length;
    const line = locations.lineAt(offset);
    const column = offset - body.lastIndexOf('\n', offset - 1);
    issues.fail({ line, message: `not valid JSON at column ${column}: ${message}` });
  }

  const shape = 'a portfolio JSON file is an object { "positions": [ ... ] }';
  if (!isObject(root)) issues.fail({ line: 1, message: `${shape}, got ${Array.isArray(root) ? 'an array' : describeValue(root)}` });
  for (const key of Object.keys(root)) {
    if (key !== 'positions') issues.add({ line: locations.lineOfTopLevelKey(key), field: key, message: `unknown top-level key (${shape})` });
  }
  const items = root.positions;
  if (!Array.isArray(items)) {
    issues.fail({ line: locations.lineOfTopLevelKey('positions') ?? 1, field: 'positions', message: items === undefined ? `missing (${shape})` : `must be an array of positions, got ${describeValue(items)}` });
  }

  const positions: Position[] = [];
  const firstIndexOfId = new Map<string, number>();
  for (let index = 0; index < items.length; index += 1) {
    if (issues.full) {
      issues.markTruncated();
      break;
    }
    const item: unknown = items[index];
    if (!isObject(item)) {
      issues.add({ line: locations.lineOf(index), index, message: `must be an object with a kind, got ${Array.isArray(item) ? 'an array' : describeValue(item)}` });
      continue;
    }
    const kind = item.kind;
    if (typeof kind !== 'string' || !isPositionKind(kind)) {
      const message = kind === undefined ? 'missing' : `must be one of ${POSITION_KINDS.join(', ')}, got ${describeValue(kind)}`;
      issues.add({ line: locations.lineOf(index, 'kind'), index, field: 'kind', message });
      continue;
    }

    let valid = true;
    const id = item.id;
    if (typeof id === 'string') {
      const first = firstIndexOfId.get(id);
      if (first === undefined) {
        firstIndexOfId.set(id, index);
      } else {
        issues.add({ line: locations.lineOf(index, 'id'), index, field: 'id', message: `duplicate position id (first at positions[${first}]), got ${describeValue(id)}` });
        valid = false;
      }
    }
    const result = validatePosition(kind, item);
    if (!result.ok) {
      for (const problem of result.problems) issues.add({ line: locations.lineOf(index, problem.field), index, ...problem });
      continue;
    }
    if (valid) positions.push(result.position);
  }
  issues.throwIfAny();
  return positions;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
