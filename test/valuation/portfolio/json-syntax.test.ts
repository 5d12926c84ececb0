import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxErrorOffset } from '../../../src/valuation/portfolio/json-syntax.js';

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('jsonSyntaxErrorOffset', () => {
  it('agrees with JSON.parse on what is JSON, for JSON texts and their corruptions', () => {
    const corrupted = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\n', 'x', '{', '[', '0', '-', '.', 'e')).map(([text, at, insert]) => {
      const position = at % (text.length + 1);
      return text.slice(0, position) + insert + text.slice(position + (insert === '' ? 1 : 0));
    });
    fc.assert(
      fc.property(fc.oneof(fc.json(), corrupted), (text) => {
        expect(jsonSyntaxErrorOffset(text) === undefined).toBe(isJson(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('points at the first character that cannot continue a JSON text', () => {
    expect(jsonSyntaxErrorOffset('{"a": [1, 2,]}')).toBe(12);
    expect(jsonSyntaxErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonSyntaxErrorOffset('[01]')).toBe(2);
    expect(jsonSyntaxErrorOffset('"tab\there"')).toBe(4);
    expect(jsonSyntaxErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonSyntaxErrorOffset('[1, 2')).toBe(5);
  });

  it('handles deep nesting without recursion', () => {
    const depth = 100_000;
    expect(jsonSyntaxErrorOffset('['.repeat(depth) + ']'.repeat(depth))).toBeUndefined();
    expect(jsonSyntaxErrorOffset('['.repeat(depth) + '}')).toBe(depth);
  });
});
