import { describe, expect, it } from 'vitest';
import { KIND_FIELDS, POSITION_KINDS } from '../../../src/valuation/portfolio/portfolio-fields.js';
import { RAW_POSITION_BUILDERS } from '../../../src/valuation/portfolio/raw-position.js';

describe('RAW_POSITION_BUILDERS', () => {
  it('puts the i-th value in the i-th field of KIND_FIELDS, for every kind, and nothing else', () => {
    for (const kind of POSITION_KINDS) {
      const fields: readonly string[] = KIND_FIELDS[kind];
      const raw = RAW_POSITION_BUILDERS[kind]('the id', fields);
      expect(raw).toEqual({ kind, id: 'the id', ...Object.fromEntries(fields.map((field) => [field, field])) });
    }
  });
});
