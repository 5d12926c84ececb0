import { describe, expect, it } from 'vitest';
import { defaultLifetimes, defineLifetimes, LifetimeModel, LifetimeModelError, UnknownLifetimeError } from '../../src/lifetime/index.js';

describe('defaultLifetimes', () => {
  it('is a tree rooted at app, with iteration inside session and the rest inside app', () => {
    expect(defaultLifetimes.root).toBe('app');
    expect([...defaultLifetimes.names]).toEqual(['app', 'session', 'iteration', 'run', 'request', 'strategy']);
    expect(defaultLifetimes.parentOf('app')).toBeUndefined();
    for (const name of ['session', 'run', 'request', 'strategy'] as const) {
      expect(defaultLifetimes.parentOf(name)).toBe('app');
    }
    expect(defaultLifetimes.parentOf('iteration')).toBe('session');
    expect(defaultLifetimes.ancestry('iteration')).toEqual(['iteration', 'session', 'app']);
  });

  it('derives how two lifetimes relate from nesting alone', () => {
    expect(defaultLifetimes.relation('session', 'session')).toBe('same');
    expect(defaultLifetimes.relation('app', 'iteration')).toBe('longer');
    expect(defaultLifetimes.relation('session', 'iteration')).toBe('longer');
    expect(defaultLifetimes.relation('iteration', 'session')).toBe('shorter');
    expect(defaultLifetimes.relation('request', 'session')).toBe('unrelated');
    expect(defaultLifetimes.relation('iteration', 'run')).toBe('unrelated');
    expect(defaultLifetimes.outlivesOrEquals('app', 'request')).toBe(true);
    expect(defaultLifetimes.outlivesOrEquals('request', 'app')).toBe(false);
    expect(defaultLifetimes.outlivesOrEquals('session', 'request')).toBe(false);
  });

  it('is frozen, so no one can rewire the shared default model', () => {
    expect(Object.isFrozen(defaultLifetimes)).toBe(true);
    expect(Object.isFrozen(defaultLifetimes.names)).toBe(true);
    expect(Object.isFrozen(defaultLifetimes.describe('session'))).toBe(true);
  });
});

describe('defineLifetimes validation', () => {
  it('rejects a model without a root', () => {
    expect(() => new LifetimeModel([{ name: 'a', parent: 'b' }, { name: 'b', parent: 'a' }])).toThrow(LifetimeModelError);
    expect(() => new LifetimeModel([{ name: 'a', parent: 'b' }, { name: 'b', parent: 'a' }])).toThrow(/no root lifetime/);
  });

  it('rejects two roots, naming both', () => {
    expect(() => defineLifetimes([{ name: 'a' }, { name: 'b' }])).toThrow(/more than one root lifetime \('a', 'b'\)/);
  });

  it('rejects duplicate names', () => {
    expect(() => defineLifetimes([{ name: 'a' }, { name: 'b', parent: 'a' }, { name: 'b', parent: 'a' }])).toThrow(
      /lifetime 'b' is defined twice/,
    );
  });

  it('rejects a parent that is not defined, naming the child and the parent', () => {
    // The cast reaches the run-time check that the compile-time NoInfer check would otherwise stop.
    const definitions = [{ name: 'a' }, { name: 'b', parent: 'missing' }] as { name: string; parent?: string }[];
    expect(() => defineLifetimes(definitions)).toThrow(/lifetime 'b' nests in 'missing', which is not defined/);
  });

  it('rejects a nesting cycle that hangs off a valid root', () => {
    expect(() =>
      defineLifetimes([{ name: 'root' }, { name: 'x', parent: 'y' }, { name: 'y', parent: 'x' }]),
    ).toThrow(/cycle/);
  });

  it('rejects an empty name', () => {
    expect(() => defineLifetimes([{ name: '' }])).toThrow(LifetimeModelError);
  });

  it('reports an unknown lifetime with the known ones', () => {
    const model = defineLifetimes([{ name: 'outer' }, { name: 'inner', parent: 'outer' }]);
    expect(model.requireKnown('inner', 'opening a scope')).toBe('inner');
    expect(() => model.requireKnown('elsewhere', 'opening a scope')).toThrow(UnknownLifetimeError);
    expect(() => model.requireKnown('elsewhere', 'opening a scope')).toThrow(
      "opening a scope: unknown lifetime 'elsewhere'; the model defines 'outer', 'inner'",
    );
  });
});
