import { type Fingerprint, FingerprintError, fingerprintAt } from './fingerprint.js';

/** One leaf of a parameter tree: its readable path and the fingerprint of its value. */
export interface ParameterLeaf {
  /** `a.b[2].c`: object keys joined by dots, array items by index. */
  readonly path: string;
  readonly fingerprint: Fingerprint;
}

/**
 * Leaves by an unambiguous key (the JSON of the path segments), so `{ 'a.b': 1 }` and
 * `{ a: { b: 1 } }` are different leaves even though both read as `a.b`.
 */
export type ParameterLeaves = ReadonlyMap<string, ParameterLeaf>;

/**
 * Flattens parameters into leaves. Plain objects and arrays are descended into; everything
 * else (numbers, strings, Maps, typed arrays, class instances, ...) is a leaf, compared by its
 * fingerprint. An empty object or array below the root is a leaf of its own, so adding one is
 * a change. Properties holding `undefined` are absent, as in the fingerprint.
 */
export function parameterLeaves(parameters: Record<string, unknown>, rootName: string): ParameterLeaves {
  const leaves = new Map<string, ParameterLeaf>();
  walk(parameters, [], '', leaves, new Set(), rootName);
  return leaves;
}

/**
 * Readable paths of leaves that differ between two flattenings (added, removed or changed),
 * sorted, each once (`{ 'a.b': 1 }` becoming `{ a: { b: 1 } }` is one change at `a.b`).
 */
export function changedLeafPaths(before: ParameterLeaves, after: ParameterLeaves): string[] {
  const changed = new Set<string>();
  for (const [key, leaf] of after) {
    if (before.get(key)?.fingerprint !== leaf.fingerprint) changed.add(leaf.path);
  }
  for (const [key, leaf] of before) {
    if (!after.has(key)) changed.add(leaf.path);
  }
  return [...changed].sort();
}

function walk(
  value: unknown,
  segments: readonly (string | number)[],
  path: string,
  leaves: Map<string, ParameterLeaf>,
  ancestors: Set<object>,
  rootName: string,
): void {
  const where = path === '' ? rootName : `${rootName}.${path}`;
  const children = childrenOf(value);
  if (children === undefined || (children.length === 0 && segments.length > 0)) {
    leaves.set(JSON.stringify(segments), { path, fingerprint: fingerprintAt(value, where) });
    return;
  }
  const container = value as object;
  if (ancestors.has(container)) throw new FingerprintError(where, 'cycle: the value contains itself');
  ancestors.add(container);
  for (const [segment, child] of children) {
    const childPath = typeof segment === 'number' ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`;
    walk(child, [...segments, segment], childPath, leaves, ancestors, rootName);
  }
  ancestors.delete(container);
}

/** The members of a plain object or array, or undefined for a leaf. */
function childrenOf(value: unknown): (readonly [string | number, unknown])[] | undefined {
  if (Array.isArray(value)) return (value as readonly unknown[]).map((item, index) => [index, item] as const);
  if (typeof value !== 'object' || value === null) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const record = value as Record<string, unknown>;
  return Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .map((key) => [key, record[key]] as const);
}
