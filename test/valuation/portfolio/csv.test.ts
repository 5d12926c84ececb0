import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, forEachCsvRecord } from '../../../src/valuation/portfolio/csv.js';

interface Read {
  readonly records: { fields: string[]; line: number }[];
  readonly malformed: { line: number; problem: string }[];
}

function read(text: string): Read {
  const records: Read['records'] = [];
  const malformed: Read['malformed'] = [];
  forEachCsvRecord(text, {
    record: (fields, line) => {
      records.push({ fields: [...fields], line });
      return true;
    },
    malformed: (line, problem) => {
      malformed.push({ line, problem });
      return true;
    },
  });
  return { records, malformed };
}

describe('forEachCsvRecord (RFC 4180)', () => {
  it('splits records on LF and CRLF and fields on commas, keeping empty fields', () => {
    const { records, malformed } = read('a,b,c\r\n1,,3\n,,\n');
    expect(malformed).toEqual([]);
    expect(records).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '', '3'], line: 2 },
      { fields: ['', '', ''], line: 3 },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, numbering records by their first physical line', () => {
    const { records, malformed } = read('id,note\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,""\n');
    expect(malformed).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual([['id', 'note'], ['1', 'a, b'], ['2', 'say "hi"'], ['3', 'two\nlines'], ['4', '']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 6]);
  });

  it('takes the last record without a final line break, and skips blank lines', () => {
    const { records } = read('a\n\n\nb');
    expect(records).toEqual([{ fields: ['a'], line: 1 }, { fields: ['b'], line: 4 }]);
  });

  it('reports a quote inside an unquoted field and text after a closing quote, then reads on from the next line', () => {
    const { records, malformed } = read('a,b\nx"y,1\n"q"z,2\nok,3\n');
    expect(malformed.map((m) => m.line)).toEqual([2, 3]);
    expect(malformed[0]!.problem).toMatch(/quote inside an unquoted field/u);
    expect(malformed[1]!.problem).toMatch(/text after a closing quote/u);
    expect(records.map((r) => r.fields)).toEqual([['a', 'b'], ['ok', '3']]);
  });

  it('reports a quoted field that is never closed at the line where it opened', () => {
    const { records, malformed } = read('a,b\n1,2\n3,"open\n4,5\n');
    expect(records).toHaveLength(2);
    expect(malformed.map((m) => m.line)).toEqual([3]);
    expect(malformed[0]!.problem).toMatch(/opened on line 3 is never closed/u);
  });

  it('stops when the visitor says so', () => {
    let seen = 0;
    forEachCsvRecord('1\n2\n3\n', { record: () => ++seen < 2, malformed: () => true });
    expect(seen).toBe(2);
  });

  it('reads back any fields written with csvField', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // A record of one empty field is a blank line, which CSV cannot tell apart.
        fc.pre(rows.every((row) => row.length > 1 || row[0] !== ''));
        const text = rows.map((row) => row.map(csvField).join(',')).join('\r\n');
        const { records, malformed } = read(text);
        expect(malformed).toEqual([]);
        expect(records.map((r) => r.fields)).toEqual(rows);
      }),
    );
  });
});
