import { describe, expect, it } from 'vitest';
import { coerceEnvText } from '../../src/config/index.js';
import type { ValueKind } from '../../src/config/schema-shape.js';

const kinds = (...list: ValueKind[]): ReadonlySet<ValueKind> => new Set(list);

describe('coerceEnvText', () => {
  it('keeps text whenever a string (or anything) is acceptable', () => {
    expect(coerceEnvText('0123', kinds('string'))).toBe('0123');
    expect(coerceEnvText('0123', kinds('string', 'number'))).toBe('0123');
    expect(coerceEnvText('true', kinds('anything'))).toBe('true');
    expect(coerceEnvText('42', kinds())).toBe('42');
  });

  it('turns number text into a number where only numbers are expected', () => {
    expect(coerceEnvText('42', kinds('number'))).toBe(42);
    expect(coerceEnvText(' -1.5e3 ', kinds('number'))).toBe(-1500);
    expect(coerceEnvText('.5', kinds('number'))).toBe(0.5);
  });

  it('leaves text that is not a plain number literal for validation to reject', () => {
    for (const text of ['', 'lots', '0x10', '1_000', 'Infinity', 'NaN', '12px']) {
      expect(coerceEnvText(text, kinds('number'))).toBe(text);
    }
  });

  it('accepts true/false/1/0 for booleans and nothing else', () => {
    expect(coerceEnvText('TRUE', kinds('boolean'))).toBe(true);
    expect(coerceEnvText('0', kinds('boolean'))).toBe(false);
    expect(coerceEnvText('yes', kinds('boolean'))).toBe('yes');
  });

  it('handles bigint, null, dates and JSON for structured values', () => {
    expect(coerceEnvText('9007199254740993', kinds('bigint'))).toBe(9007199254740993n);
    expect(coerceEnvText('null', kinds('null', 'number'))).toBeNull();
    expect(coerceEnvText('2024-01-02T00:00:00Z', kinds('date'))).toEqual(new Date('2024-01-02T00:00:00Z'));
    expect(coerceEnvText('{"a":[1]}', kinds('structured'))).toEqual({ a: [1] });
    expect(coerceEnvText('{not json', kinds('structured'))).toBe('{not json');
  });
});
