const OBJECT = 0;
const ARRAY = 1;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/uy;
const LITERAL = /true|false|null/uy;
const HEX4 = /[0-9a-fA-F]{4}/uy;

type Expecting = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'after-value';

/**
 * The offset where `text` stops being JSON (RFC 8259), or undefined when it is JSON. Used only
 * after JSON.parse has failed, because Node 20's messages do not always say where ("Unexpected
 * token '}', ... is not valid JSON"). Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  const length = text.length;
  const containers: number[] = [];
  let pos = 0;
  let expecting: Expecting = 'value';

  const skipSpace = (): void => {
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return;
      pos += 1;
    }
  };
  /** Moves past the string at pos; false (pos at the fault) when it is not a valid string. */
  const scanString = (): boolean => {
    pos += 1;
    while (pos < length) {
      const code = text.charCodeAt(pos);
      if (code === 34) {
        pos += 1;
        return true;
      }
      if (code < 0x20) return false;
      if (code === 92) {
        const escape = text[pos + 1];
        if (escape === 'u') {
          HEX4.lastIndex = pos + 2;
          if (!HEX4.test(text)) return false;
          pos += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          pos += 2;
        } else {
          return false;
        }
      } else {
        pos += 1;
      }
    }
    return false;
  };
  const scanPattern = (pattern: RegExp): boolean => {
    pattern.lastIndex = pos;
    if (!pattern.test(text)) return false;
    pos = pattern.lastIndex;
    return true;
  };

  for (;;) {
    skipSpace();
    const char = text[pos];
    switch (expecting) {
      case 'value-or-end':
      case 'value':
        if (expecting === 'value-or-end' && char === ']') {
          pos += 1;
          containers.pop();
          expecting = 'after-value';
        } else if (char === '{') {
          pos += 1;
          containers.push(OBJECT);
          expecting = 'key-or-end';
        } else if (char === '[') {
          pos += 1;
          containers.push(ARRAY);
          expecting = 'value-or-end';
        } else if (char === '"') {
          if (!scanString()) return pos;
          expecting = 'after-value';
        } else if (scanPattern(NUMBER) || scanPattern(LITERAL)) {
          expecting = 'after-value';
        } else {
          return pos;
        }
        break;
      case 'key-or-end':
      case 'key':
        if (expecting === 'key-or-end' && char === '}') {
          pos += 1;
          containers.pop();
          expecting = 'after-value';
          break;
        }
        if (char !== '"' || !scanString()) return pos;
        skipSpace();
        if (text[pos] !== ':') return pos;
        pos += 1;
        expecting = 'value';
        break;
      case 'after-value': {
        const container = containers.at(-1);
        if (container === undefined) return pos === length ? undefined : pos;
        if (char === ',') {
          pos += 1;
          expecting = container === OBJECT ? 'key' : 'value';
        } else if ((container === OBJECT && char === '}') || (container === ARRAY && char === ']')) {
          pos += 1;
          containers.pop();
        } else {
          return pos;
        }
        break;
      }
    }
  }
}
