/**
 * Finds where things are in a portfolio JSON text, for error messages: JSON.parse keeps no
 * positions, so on the (rare) error path this re-scans the text, which JSON.parse has already
 * accepted, and maps offsets to lines. Nothing here runs when a file is valid.
 */
export class JsonLocations {
  readonly #text: string;
  #elements: number[] | undefined;
  #lineStarts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  /** Line of `positions[index]`, or of its `field` when the element has that key. */
  lineOf(index: number, field?: string): number | undefined {
    const start = this.#elementOffsets()[index];
    if (start === undefined) return undefined;
    const offset = field === undefined ? start : (this.#keyOffset(start, field) ?? start);
    return this.lineAt(offset);
  }

  /** Line of the top-level `key`. */
  lineOfTopLevelKey(key: string): number | undefined {
    const start = this.#skipSpace(0);
    const offset = this.#keyOffset(start, key);
    return offset === undefined ? undefined : this.lineAt(offset);
  }

  /** 1-based line of a character offset. */
  lineAt(offset: number): number {
    this.#lineStarts ??= lineStarts(this.#text);
    const starts = this.#lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  #elementOffsets(): number[] {
    if (this.#elements !== undefined) return this.#elements;
    const elements: number[] = [];
    const root = this.#skipSpace(0);
    const value = this.#valueOffsetOfKey(root, 'positions');
    if (value !== undefined && this.#text[value] === '[') {
      let pos = this.#skipSpace(value + 1);
      while (this.#text[pos] !== ']' && pos < this.#text.length) {
        elements.push(pos);
        pos = this.#skipSpace(this.#skipValue(pos));
        if (this.#text[pos] === ',') pos = this.#skipSpace(pos + 1);
      }
    }
    this.#elements = elements;
    return elements;
  }

  /** Offset of the last `key` of the object starting at `start` (JSON.parse keeps the last too). */
  #keyOffset(start: number, key: string): number | undefined {
    return this.#scanObject(start, key)?.key;
  }

  #valueOffsetOfKey(start: number, key: string): number | undefined {
    return this.#scanObject(start, key)?.value;
  }

  #scanObject(start: number, wanted: string): { key: number; value: number } | undefined {
    const text = this.#text;
    if (text[start] !== '{') return undefined;
    let found: { key: number; value: number } | undefined;
    let pos = this.#skipSpace(start + 1);
    while (text[pos] === '"') {
      const keyStart = pos;
      const keyEnd = this.#skipString(pos);
      const raw = text.slice(keyStart, keyEnd);
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      pos = this.#skipSpace(keyEnd);
      pos = this.#skipSpace(pos + 1); // the colon
      if (key === wanted) found = { key: keyStart, value: pos };
      pos = this.#skipSpace(this.#skipValue(pos));
      if (text[pos] === ',') pos = this.#skipSpace(pos + 1);
    }
    return found;
  }

  /** Offset just past the value starting at `pos`. */
  #skipValue(pos: number): number {
    const text = this.#text;
    const first = text[pos];
    if (first === '"') return this.#skipString(pos);
    if (first === '{' || first === '[') {
      let depth = 0;
      while (pos < text.length) {
        const char = text[pos];
        if (char === '"') {
          pos = this.#skipString(pos);
          continue;
        }
        if (char === '{' || char === '[') depth += 1;
        else if (char === '}' || char === ']') {
          depth -= 1;
          if (depth === 0) return pos + 1;
        }
        pos += 1;
      }
      return pos;
    }
    while (pos < text.length && !/[\s,\]}]/u.test(text[pos]!)) pos += 1;
    return pos;
  }

  #skipString(pos: number): number {
    const text = this.#text;
    pos += 1;
    while (pos < text.length) {
      const char = text[pos];
      if (char === '\\') pos += 2;
      else if (char === '"') return pos + 1;
      else pos += 1;
    }
    return pos;
  }

  #skipSpace(pos: number): number {
    const text = this.#text;
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\n' || text[pos] === '\r' || text[pos] === '\t')) pos += 1;
    return pos;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  let at = text.indexOf('\n');
  while (at !== -1) {
    starts.push(at + 1);
    at = text.indexOf('\n', at + 1);
  }
  return starts;
}
