import { afterEach, describe, expect, it } from 'vitest';
import { ConfigValidationError, FORBIDDEN_KEYS, ForbiddenKeyError, applyOverrides, loadConfig } from '../../src/config/index.js';
import { appSchema, sectionSchema, thrownBy, validInput } from './fixtures.js';

function pollutedNow(): unknown {
  return ({} as Record<string, unknown>).polluted;
}

function config() {
  return loadConfig({ schema: appSchema, defaults: validInput() });
}

afterEach(() => {
  // If an attempt had got through, clean up so one failure does not cascade into every test.
  if (pollutedNow() !== undefined) {
    Reflect.deleteProperty(Object.prototype, 'polluted');
    throw new Error('Object.prototype was polluted');
  }
});

describe('forbidden keys in overrides', () => {
  it.each([...FORBIDDEN_KEYS])('refuses %s as a top-level key, naming the path', (key) => {
    const overrides = JSON.parse(`{"${key}": {"polluted": true}}`) as Record<string, unknown>;
    const error = thrownBy(() => config().withOverrides(overrides), ForbiddenKeyError);
    expect(error.code).toBe('CONFIG_FORBIDDEN_KEY');
    expect(error.path).toEqual([key]);
    expect(error.message).toContain(`Forbidden key "${key}"`);
    expect(pollutedNow()).toBeUndefined();
  });

  it.each([...FORBIDDEN_KEYS])('refuses %s as a nested key (JSON.parse makes __proto__ an own key)', (key) => {
    const overrides = JSON.parse(`{"batch": {"limits": {"${key}": {"polluted": true}}}}`) as Record<string, unknown>;
    const error = thrownBy(() => config().withOverrides(overrides), ForbiddenKeyError);
    expect(error.path).toEqual(['batch', 'limits', key]);
    expect(error.message).toContain(`at batch.limits.${key} (overrides)`);
    expect(pollutedNow()).toBeUndefined();
  });

  it.each([...FORBIDDEN_KEYS])('refuses %s as a dotted path segment', (key) => {
    const error = thrownBy(() => config().withOverrides({ [`batch.${key}.polluted`]: true }), ForbiddenKeyError);
    expect(error.path).toEqual(['batch', key]);
    expect(pollutedNow()).toBeUndefined();
  });

  it('refuses the classic constructor.prototype chain', () => {
    const error = thrownBy(() => config().withOverrides({ 'constructor.prototype.polluted': true }), ForbiddenKeyError);
    expect(error.path).toEqual(['constructor']);
    expect(pollutedNow()).toBeUndefined();
  });

  it('refuses forbidden keys inside arrays of objects', () => {
    const overrides = JSON.parse('{"batch": {"targets": [{"name": "a", "weight": 1}, {"__proto__": {"polluted": true}}]}}') as Record<string, unknown>;
    const error = thrownBy(() => config().withOverrides(overrides), ForbiddenKeyError);
    expect(error.path).toEqual(['batch', 'targets', 1, '__proto__']);
    expect(error.message).toContain('batch.targets[1].__proto__');
    expect(pollutedNow()).toBeUndefined();
  });

  it('refuses them in slice overrides and in standalone applyOverrides, with the path', () => {
    const viaSlice = thrownBy(() => config().slice('batch', JSON.parse('{"limits": {"__proto__": {"polluted": 1}}}') as Record<string, unknown>), ForbiddenKeyError);
    expect(viaSlice.path).toEqual(['batch', 'limits', '__proto__']);
    const standalone = thrownBy(() => applyOverrides(sectionSchema, config().slice('batch'), { 'limits.prototype': 1 }), ForbiddenKeyError);
    expect(standalone.path).toEqual(['limits', 'prototype']);
    expect(pollutedNow()).toBeUndefined();
  });

  it('leaves the global config untouched after a refused attempt', () => {
    const global = config();
    const snapshot = structuredClone(global.value);
    expect(() => global.withOverrides(JSON.parse('{"batch": {"__proto__": {"limits": {"ceiling": 1}}}}') as Record<string, unknown>)).toThrow(ForbiddenKeyError);
    expect(global.value).toEqual(snapshot);
    expect(Object.getPrototypeOf(global.value.batch)).toBe(Object.prototype);
  });

  it('treats a non-forbidden override as data even when it names a prototype method', () => {
    // `toString` is not forbidden: it becomes an ordinary (unknown) key, never a call or a prototype write.
    const global = config();
    const error = thrownBy(() => global.withOverrides({ 'batch.toString': 'x' }), ConfigValidationError);
    expect(error.message).toContain('batch.toString: unknown key');
    expect(Object.getOwnPropertyDescriptor(Object.prototype, 'toString')?.value).toBeTypeOf('function');
    expect(Object.hasOwn(global.value.batch, 'toString')).toBe(false);
  });
});

describe('forbidden keys in start-up inputs', () => {
  it('refuses them in defaults and in env binding paths', () => {
    const defaults = { ...validInput(), ...(JSON.parse('{"__proto__": {"polluted": true}}') as object) };
    expect(thrownBy(() => loadConfig({ schema: appSchema, defaults }), ForbiddenKeyError).path).toEqual(['__proto__']);

    const fromEnv = thrownBy(
      () => loadConfig({ schema: appSchema, defaults: validInput(), env: { X: '1' }, envMap: { X: 'database.__proto__.polluted' } }),
      ForbiddenKeyError,
    );
    expect(fromEnv.path).toEqual(['database', '__proto__']);
    expect(fromEnv.message).toContain('(env X)');
    expect(pollutedNow()).toBeUndefined();
  });
});
