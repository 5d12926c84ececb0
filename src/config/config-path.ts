/**
 * A location inside a config value: object keys and array indexes, outermost first.
 * Zod reports array indexes as numbers; dotted override paths arrive as strings. Both spellings
 * name the same place, so comparisons go through {@link sameSegment}.
 */
export type ConfigPath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Renders a path the way people write it: `database.pool.max`, `servers[0].port`,
 * `hosts["a.example.com"]`. Keys that would be ambiguous after a dot are quoted, so the text
 * always points at exactly one place.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'symbol') text += `[${segment.toString()}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** True when both segments name the same key or index (`0` and `'0'` do). */
export function sameSegment(a: PropertyKey, b: PropertyKey): boolean {
  return typeof a === 'symbol' || typeof b === 'symbol' ? a === b : String(a) === String(b);
}

/** True when `prefix` is `path` itself or one of its ancestors. */
export function isPrefixOf(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, i) => sameSegment(segment, path[i]!));
}

/**
 * Splits a dotted path (`limits.ceiling`, `servers.0.port`) into segments. Empty segments
 * (`a..b`, a leading or trailing dot) are returned as `''` so the caller can refuse them with
 * the full path in the message.
 */
export function splitDottedPath(dotted: string): string[] {
  return dotted.split('.');
}

/** Canonical array index in a dotted path: `0`, `12`; never `01`, `-1` or `1.5`. */
export function asArrayIndex(segment: string | number): number | undefined {
  if (typeof segment === 'number') return Number.isSafeInteger(segment) && segment >= 0 ? segment : undefined;
  return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : undefined;
}
