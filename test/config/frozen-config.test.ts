import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigValidationError, loadConfig } from '../../src/config/index.js';
import { TenureError } from '../../src/errors/index.js';
import { appSchema, isDeepFrozen, thrownBy, validInput } from './fixtures.js';

function freshConfig() {
  return loadConfig({ schema: appSchema, defaults: validInput() });
}

describe('slice', () => {
  it('returns a deep, mutable copy that is independent of the global config', () => {
    const config = freshConfig();
    const before = structuredClone(config.value);
    const batch = config.slice('batch');

    expect(batch).toEqual(config.value.batch);
    expect(batch).not.toBe(config.value.batch);
    expect(Object.isFrozen(batch)).toBe(false);
    expect(Object.isFrozen(batch.limits)).toBe(false);
    expect(Object.isFrozen(batch.targets[0])).toBe(false);

    batch.limits.ceiling = 0.9;
    batch.tags.push('c');
    batch.targets[0]!.weight = 42;
    Reflect.deleteProperty(batch, 'limits');

    expect(config.value).toEqual(before);
    expect(config.value.batch.limits.ceiling).toBe(0.2);
    expect(isDeepFrozen(config.value)).toBe(true);
  });

  it('gives every caller its own copy', () => {
    const config = freshConfig();
    const first = config.slice('stream');
    const second = config.slice('stream');
    first.limits.window = 99;
    expect(second.limits.window).toBe(5);
  });

  it('applies overrides relative to the slice and validates them', () => {
    const config = freshConfig();
    const batch = config.slice('batch', { 'limits.ceiling': 0.5, tags: ['only'] });
    expect(batch.limits).toEqual({ ceiling: 0.5, window: 30 });
    expect(batch.tags).toEqual(['only']);
    batch.limits.window = 1; // still mutable
    expect(config.value.batch.limits).toEqual({ ceiling: 0.2, window: 30 });
  });

  it('names the full path of an invalid or unknown override key', () => {
    const config = freshConfig();
    const error = thrownBy(() => config.slice('batch', { 'limits.ceiling': 'high', 'limits.cieling': 0.1 }), ConfigValidationError);
    expect(error.message).toContain('Invalid config override (2 issues)');
    expect(error.message).toContain('batch.limits.ceiling: expected number, received string (overrides)');
    expect(error.message).toContain('batch.limits.cieling: unknown key, not in the schema (overrides)');
  });
});

describe('rules that span sections', () => {
  const schema = z
    .object({ limit: z.number(), first: z.object({ size: z.number() }), second: z.object({ size: z.number() }) })
    .refine((config) => config.first.size + config.second.size <= config.limit, {
      path: ['limit'],
      message: 'first.size + second.size must not exceed limit',
    });

  it('still hold for a slice with overrides, because the whole config is validated again', () => {
    const config = loadConfig({ schema, defaults: { limit: 10, first: { size: 4 }, second: { size: 4 } } });
    expect(config.slice('first', { size: 6 })).toEqual({ size: 6 });
    const error = thrownBy(() => config.slice('first', { size: 7 }), ConfigValidationError);
    expect(error.message).toContain('limit: first.size + second.size must not exceed limit');
  });
});

describe('withOverrides', () => {
  it('returns a new, validated, frozen config and leaves the original unchanged', () => {
    const config = freshConfig();
    const before = structuredClone(config.value);
    const changed = config.withOverrides({ 'database.pool.max': 50, stream: { limits: { ceiling: 0.4 } } });

    expect(changed).not.toBe(config);
    expect(changed.value.database.pool).toEqual({ max: 50, min: 1 });
    expect(changed.value.stream.limits).toEqual({ ceiling: 0.4, window: 5 });
    expect(isDeepFrozen(changed.value)).toBe(true);
    expect(config.value).toEqual(before);
    expect(changed.value.batch).not.toBe(config.value.batch);
  });

  it('can be chained, each step validated', () => {
    const config = freshConfig().withOverrides({ 'service.name': 'a' }).withOverrides({ 'service.verbose': true });
    expect(config.value.service).toEqual({ name: 'a', verbose: true });
    expect(() => config.withOverrides({ 'service.verbose': 'yes' })).toThrow(/service\.verbose: expected boolean, received string \(overrides\)/);
  });
});

/** Keys an override might plausibly use, valid or not. */
const overrideKey = fc.oneof(
  fc.constantFrom(
    'service.name', 'service.verbose', 'database.url', 'database.pool.max', 'database.pool.min',
    'batch.limits.ceiling', 'batch.limits.window', 'batch.tags', 'batch.tags.0', 'batch.targets.0.weight',
    'stream', 'nightly.limits', 'service', 'database', 'unknown.path', 'batch..tags', 'batch.tags.7',
    '__proto__', 'constructor', 'prototype', 'batch.__proto__.x', 'stream.constructor.prototype',
  ),
  fc.string({ maxLength: 12 }),
);

const overrideValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  fc.constant(JSON.parse('[{"constructor": {"prototype": {"polluted": true}}}]') as unknown),
  fc.constant({ limits: { ceiling: 0.5, window: 10 } }),
);

describe('property: overrides never reach the global config', () => {
  it('leaves the global value deep-equal and deeply frozen, whatever the overrides', () => {
    const config = freshConfig();
    const snapshot = structuredClone(config.value);
    let accepted = 0;
    let refused = 0;

    fc.assert(
      fc.property(fc.dictionary(overrideKey, overrideValue, { maxKeys: 5 }), fc.constantFrom('batch', 'stream', 'nightly'), (overrides, key) => {
        for (const attempt of [() => config.withOverrides(overrides), () => config.slice(key, overrides)]) {
          try {
            const result = attempt();
            expect(result).not.toBe(config);
            accepted++;
          } catch (error) {
            refused++;
            // Only tenure's own, explained errors: never a TypeError from writing to frozen config.
            expect(error).toBeInstanceOf(TenureError);
          }
        }
        expect(config.value).toEqual(snapshot);
        expect(isDeepFrozen(config.value)).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty('polluted');
      }),
      { numRuns: 300 },
    );
    // Both paths must have been exercised, or the property proves less than it claims.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
