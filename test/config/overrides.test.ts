import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigInputError, ConfigValidationError, applyOverrides, loadConfig } from '../../src/config/index.js';
import { appSchema, sectionSchema, thrownBy, validInput } from './fixtures.js';

function batchSlice() {
  return loadConfig({ schema: appSchema, defaults: validInput() }).slice('batch');
}

describe('applyOverrides', () => {
  it('accepts dotted paths and nested objects, and both mixed', () => {
    const base = batchSlice();
    expect(applyOverrides(sectionSchema, base, { 'limits.ceiling': 0.7 }).limits).toEqual({ ceiling: 0.7, window: 30 });
    expect(applyOverrides(sectionSchema, base, { limits: { window: 7 } }).limits).toEqual({ ceiling: 0.2, window: 7 });
    const mixed = applyOverrides(sectionSchema, base, { limits: { window: 7 }, 'limits.ceiling': 0.1 });
    expect(mixed.limits).toEqual({ ceiling: 0.1, window: 7 });
  });

  it('returns a new object and changes neither the base nor the overrides', () => {
    const base = batchSlice();
    const baseBefore = structuredClone(base);
    const overrides = { limits: { ceiling: 0.6 }, targets: [{ name: 'y', weight: 2 }] };
    const overridesBefore = structuredClone(overrides);

    const result = applyOverrides(sectionSchema, base, overrides);

    expect(result).not.toBe(base);
    expect(result.limits).not.toBe(base.limits);
    expect(result.targets).not.toBe(overrides.targets);
    expect(result.targets[0]).not.toBe(overrides.targets[0]);
    expect(base).toEqual(baseBefore);
    expect(overrides).toEqual(overridesBefore);
    result.targets[0]!.weight = 100; // the result is the caller's to change
    expect(overrides.targets[0]!.weight).toBe(2);
  });

  it('works on a frozen base without trying to write to it', () => {
    const config = loadConfig({ schema: appSchema, defaults: validInput() });
    const result = applyOverrides(sectionSchema, config.value.batch, { 'limits.window': 3 });
    expect(result.limits.window).toBe(3);
    expect(config.value.batch.limits.window).toBe(30);
  });

  it('replaces arrays wholesale, and indexes into them with numeric path segments', () => {
    const base = batchSlice();
    expect(applyOverrides(sectionSchema, base, { tags: ['z'] }).tags).toEqual(['z']);
    expect(applyOverrides(sectionSchema, base, { 'tags.1': 'q' }).tags).toEqual(['a', 'q']);
    expect(applyOverrides(sectionSchema, base, { 'targets.0.weight': 5 }).targets).toEqual([{ name: 'x', weight: 5 }]);
  });

  it('refuses an index outside the array, naming the path', () => {
    const error = thrownBy(() => applyOverrides(sectionSchema, batchSlice(), { 'tags.5': 'q' }), ConfigInputError);
    expect(error.message).toContain('tags[5]: "5" is not an index of the array at tags, which has 2 items (overrides)');
  });

  it('rejects an unknown key, naming its path', () => {
    const error = thrownBy(() => applyOverrides(sectionSchema, batchSlice(), { limits: { ceilingg: 0.1 } }), ConfigValidationError);
    expect(error.issues).toEqual([
      { path: ['limits', 'ceilingg'], message: 'unknown key, not in the schema', source: { kind: 'overrides' } },
    ]);
    expect(error.message).toContain('limits.ceilingg: unknown key');
  });

  it('rejects an unknown dotted path and an unknown key inside an array item', () => {
    const error = thrownBy(
      () => applyOverrides(sectionSchema, batchSlice(), { 'nope.deeper': 1, targets: [{ name: 'a', weight: 1, colour: 'red' }] }),
      ConfigValidationError,
    );
    expect(error.message).toContain('nope: unknown key');
    expect(error.message).toContain('targets[0].colour: unknown key');
    expect(error.issues).toHaveLength(2);
  });

  it('rejects a type-invalid override, naming its path, together with the other issues', () => {
    const error = thrownBy(
      () => applyOverrides(sectionSchema, batchSlice(), { 'limits.window': 'soon', 'limits.ceiling': -1, tags: 'one' }),
      ConfigValidationError,
    );
    expect(error.message).toContain('limits.window: expected number, received string (overrides)');
    expect(error.message).toContain('limits.ceiling: Too small');
    expect(error.message).toContain('tags: expected array, received string (overrides)');
    expect(error.issues).toHaveLength(3);
  });

  it('lets an override remove a required value only to have validation refuse it', () => {
    const error = thrownBy(() => applyOverrides(sectionSchema, batchSlice(), { 'limits.window': undefined }), ConfigValidationError);
    expect(error.message).toContain('limits.window: missing required value (expected number) (overrides)');
  });

  it('refuses malformed override input clearly', () => {
    expect(() => applyOverrides(sectionSchema, batchSlice(), { 'limits..window': 1 })).toThrow(/has an empty segment/);
    expect(() => applyOverrides(sectionSchema, batchSlice(), [] as unknown as Record<string, unknown>)).toThrow(
      /overrides must be a plain object of paths to values, received an array/,
    );
    const cyclic: Record<string, unknown> = { name: 'a', weight: 1 };
    cyclic.self = cyclic;
    const error = thrownBy(() => applyOverrides(sectionSchema, batchSlice(), { targets: [cyclic] }), ConfigInputError);
    expect(error.message).toContain('targets[0].self: the value contains a cycle');
  });

  it('respects the schema: loose objects and records accept new keys, strict objects report them once', () => {
    const schema = z.object({
      labels: z.record(z.string(), z.string()),
      extra: z.looseObject({ known: z.number() }),
      strict: z.strictObject({ only: z.number() }),
    });
    const base = { labels: {}, extra: { known: 1 }, strict: { only: 1 } };
    const result = applyOverrides(schema, base, { labels: { 'a.b': 'dots inside nested objects are literal' }, 'extra.free': true });
    expect(result.labels).toEqual({ 'a.b': 'dots inside nested objects are literal' });
    expect(result.extra).toEqual({ known: 1, free: true });

    const error = thrownBy(() => applyOverrides(schema, base, { 'strict.other': 1 }), ConfigValidationError);
    expect(error.issues.map((issue) => issue.path)).toEqual([['strict', 'other']]);
  });
});
