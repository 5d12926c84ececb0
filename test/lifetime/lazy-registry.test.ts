import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import {
  AsyncFactoryError,
  DuplicateInstanceError,
  LazyRegistry,
  UnknownInstanceError,
} from '../../src/lifetime/index.js';

/** A stand-in for a heavy method or model object that holds a resource until disposed. */
class Method implements Disposable {
  static live = 0;
  disposed = false;

  constructor(readonly name: string) {
    Method.live++;
  }

  [Symbol.dispose](): void {
    this.disposed = true;
    Method.live--;
  }
}

function registryOf(count: number, options: ConstructorParameters<typeof LazyRegistry<Method>>[0] = {}): LazyRegistry<Method> {
  const registry = new LazyRegistry<Method>(options);
  for (let i = 0; i < count; i++) registry.register(`m${i}`, (name) => new Method(name));
  return registry;
}

describe('LazyRegistry', () => {
  it('instantiates on first use only, and hands back the same instance afterwards', () => {
    const registry = registryOf(3);
    expect(registry.stats().instantiations).toBe(0);
    const first = registry.get('m1');
    expect(registry.get('m1')).toBe(first);
    expect(registry.stats()).toMatchObject({ registered: 3, cached: 1, instantiations: 1 });
    expect(registry.stats().cache.hits).toBe(1);
  });

  it('stays within maxSize, disposing the instances it drops', () => {
    Method.live = 0;
    const registry = registryOf(50, { maxSize: 10, policy: 'lru' });
    const made: Method[] = [];
    for (let i = 0; i < 50; i++) made.push(registry.get(`m${i}`));
    expect(registry.stats().cached).toBe(10);
    expect(Method.live).toBe(10);
    expect(made.slice(0, 40).every((m) => m.disposed)).toBe(true);
    expect(made.slice(40).some((m) => m.disposed)).toBe(false);
    expect(registry.stats().cache.removals.size).toBe(40);
  });

  it('drops an instance after its TTL (injected clock) and rebuilds it on next use', () => {
    const clock = new ManualClock();
    const registry = registryOf(2, { ttl: 300_000, clock });
    const before = registry.get('m0');
    clock.advance(299_999);
    expect(registry.get('m0')).toBe(before);
    clock.advance(300_000);
    expect(registry.evictExpired()).toBe(1);
    expect(before.disposed).toBe(true);
    const after = registry.get('m0');
    expect(after).not.toBe(before);
    expect(registry.stats().instantiations).toBe(2);
  });

  it('clear() between runs drops and disposes everything, so ten runs do not accumulate', () => {
    Method.live = 0;
    const registry = registryOf(20, { maxSize: 100 });
    for (let run = 0; run < 10; run++) {
      for (let i = 0; i < 20; i++) registry.get(`m${i}`);
      expect(Method.live).toBe(20);
      expect(registry.clear()).toBe(20);
      expect(Method.live).toBe(0);
    }
    expect(registry.stats().instantiations).toBe(200);
    expect(registry.stats().cached).toBe(0);
  });

  it('shares one factory call among concurrent first uses of an async factory', async () => {
    const registry = new LazyRegistry<Method>();
    let calls = 0;
    registry.register('model', async (name) => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return new Method(name);
    });
    const all = await Promise.all(Array.from({ length: 20 }, () => registry.resolve('model')));
    expect(calls).toBe(1);
    expect(new Set(all).size).toBe(1);
    expect(() => registry.get('model')).not.toThrow(); // now held, so get() can return it
    registry.evict('model');
    expect(() => registry.get('model')).toThrow(AsyncFactoryError);
  });

  it('names the registry, the unknown name and the known ones', async () => {
    const registry = registryOf(2, { name: 'methods' });
    expect(() => registry.get('nope')).toThrow(UnknownInstanceError);
    expect(() => registry.get('nope')).toThrow('registry "methods": nothing is registered as "nope"; registered: m0, m1');
    await expect(registry.resolve('nope')).rejects.toBeInstanceOf(UnknownInstanceError);
    expect(() => registry.register('m0', (name) => new Method(name))).toThrow(DuplicateInstanceError);
  });

  it('reports a failing dispose without losing the eviction', () => {
    const failures: string[] = [];
    const registry = new LazyRegistry<Disposable>({ maxSize: 1, policy: 'lru', onDisposeError: (_error, name) => failures.push(name) });
    registry.register('a', () => ({ [Symbol.dispose]: () => { throw new Error('boom'); } }));
    registry.register('b', () => ({ [Symbol.dispose]: () => undefined }));
    registry.get('a');
    registry.get('b');
    expect(failures).toEqual(['a']);
    expect(registry.stats().cached).toBe(1);
  });
});
