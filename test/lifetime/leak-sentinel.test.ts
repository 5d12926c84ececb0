import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertNoLeaks,
  createRootScope,
  defaultLifetimes,
  expectScopeCollected,
  formatLeakReport,
  LeakCheckInconclusiveError,
  LeakSentinel,
  ProviderRegistry,
  ScopeLeakError,
  type AnyProvider,
  type DefaultLifetime,
  type Scope,
} from '../../src/lifetime/index.js';

/** The deliberate leaks: module-level holders that outlive every scope. */
const retained: unknown[] = [];
const bus = new EventEmitter();

afterEach(() => {
  retained.length = 0;
  bus.removeAllListeners();
});

class Workspace {
  readonly payload = new Array<number>(10_000).fill(1);
}

interface World {
  readonly registry: ProviderRegistry<DefaultLifetime>;
  readonly app: Scope<DefaultLifetime>;
  readonly sentinel: LeakSentinel;
}

function world(): World {
  const registry = new ProviderRegistry(defaultLifetimes);
  const sentinel = new LeakSentinel();
  return { registry, sentinel, app: createRootScope({ providers: registry, leakSentinel: sentinel }) };
}

/**
 * Opens a session, resolves the providers in it (and in one iteration), and closes it.
 * Kept in its own function so no test variable holds an instance: only the closed scope comes back.
 */
async function useSession(app: Scope<DefaultLifetime>, providers: readonly AnyProvider<DefaultLifetime>[]): Promise<Scope<DefaultLifetime>> {
  const session = app.child('session', { name: 'work' });
  const iteration = session.child('iteration');
  for (const provider of providers) await iteration.resolve(provider);
  await session.close();
  return session;
}

describe('LeakSentinel', () => {
  it('passes a clean scope: everything created in it is collected after it closes', async () => {
    const { registry, app, sentinel } = world();
    const shared = registry.register({ name: 'shared', lifetime: 'session', create: () => new Workspace() });
    const scratch = registry.register({
      name: 'scratch',
      lifetime: 'iteration',
      deps: [shared],
      create: (ctx) => {
        ctx.own(new Map([['k', ctx.deps[0]]]));
        return { uses: ctx.deps[0], [Symbol.dispose]: () => undefined };
      },
    });
    const session = await useSession(app, [scratch]);
    const report = await expectScopeCollected(session);
    expect(report.status).toBe('clean');
    // shared + scratch + the owned Map: proves tracking happened, so "clean" is not vacuous.
    expect(report.examined).toBe(3);
    expect(sentinel.size).toBe(0);
    await app.close();
  });

  it('catches an instance kept in a module-level array, reporting the provider name and count', async () => {
    const { registry, app, sentinel } = world();
    const innocent = registry.register({ name: 'innocent', lifetime: 'session', create: () => new Workspace() });
    const hoarder = registry.register({
      name: 'hoarder',
      lifetime: 'iteration',
      create: () => {
        const instance = new Workspace();
        retained.push(instance);
        return instance;
      },
    });
    const session = await useSession(app, [innocent, hoarder]);

    const report = await sentinel.check();
    expect(report.status).toBe('leaked');
    expect(report.leaks.map(({ label, count }) => ({ label, count }))).toEqual([{ label: 'hoarder', count: 1 }]);
    expect(report.leaks[0]?.scope.startsWith(`${session.path} > iteration#`)).toBe(true);
    expect(formatLeakReport(report)).toContain("'hoarder' x1");

    const failure = await expectScopeCollected(session, { rounds: 2 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScopeLeakError);
    expect((failure as ScopeLeakError).message).toMatch(/'hoarder' x1 from scope app#\d+ > session#\d+\(work\) > iteration#\d+/);
    expect((failure as ScopeLeakError).message).not.toContain('innocent');
    expect((failure as ScopeLeakError).leaks.map((leak) => leak.label)).toEqual(['hoarder']);

    // Releasing the holder makes the same check pass: the report reflects reachability, not history.
    retained.length = 0;
    expect((await expectScopeCollected(session)).status).toBe('clean');
    await app.close();
  });

  it('catches instances held by an event listener that was never removed, and passes once dispose removes it', async () => {
    const { registry, app } = world();
    const careless = registry.register({
      name: 'carelessListener',
      lifetime: 'iteration',
      create: () => {
        const state = new Workspace();
        bus.on('tick', () => state.payload.length);
        return state;
      },
    });
    const careful = registry.register({
      name: 'carefulListener',
      lifetime: 'iteration',
      create: () => {
        const state = new Workspace();
        const onTick = (): number => state.payload.length;
        bus.on('tick', onTick);
        return { state, onTick };
      },
      dispose: ({ onTick }) => { bus.off('tick', onTick); },
    });

    const session = app.child('session');
    for (let index = 0; index < 3; index++) {
      const iteration = session.child('iteration');
      await iteration.resolve(careless);
      await iteration.resolve(careful);
      await iteration.close();
    }
    await session.close();

    const failure = await expectScopeCollected(session, { rounds: 2 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScopeLeakError);
    const leaks = (failure as ScopeLeakError).leaks;
    expect(leaks.map((leak) => leak.label)).toEqual(['carelessListener', 'carelessListener', 'carelessListener']);
    expect(leaks.every((leak) => leak.count === 1)).toBe(true);
    expect(bus.listenerCount('tick')).toBe(3);

    bus.removeAllListeners('tick');
    await expectScopeCollected(session);
    await app.close();
  });

  it('labels own()ed values by the given label or their constructor name', async () => {
    const { app, sentinel } = world();
    class Snapshot {
      readonly rows = [1, 2, 3];
    }
    const session = app.child('session');
    retained.push(session.own(new Snapshot()), session.own({ big: true }, { label: 'lookupTable' }));
    await session.close();
    const report = await sentinel.check({ rounds: 2 });
    expect(report.leaks.map((leak) => leak.label).sort()).toEqual(['Snapshot', 'lookupTable']);
    await app.close();
  });

  it('ignores what open scopes hold, and checks only the requested subtree', async () => {
    const { registry, app, sentinel } = world();
    const hoarder = registry.register({
      name: 'hoarder',
      lifetime: 'session',
      create: () => {
        const instance = new Workspace();
        retained.push(instance);
        return instance;
      },
    });
    const appWide = registry.register({ name: 'appWide', lifetime: 'app', create: () => new Workspace() });
    await app.resolve(appWide);
    const leaky = app.child('session');
    await leaky.resolve(hoarder);
    const stillOpen = app.child('session');
    await stillOpen.resolve(hoarder);
    await leaky.close();
    const clean = await useSession(app, []);

    const report = await sentinel.check({ rounds: 2 });
    expect(report.leaks).toEqual([{ label: 'hoarder', scope: leaky.path, count: 1 }]);
    expect((await expectScopeCollected(clean)).status).toBe('clean');
    await expect(expectScopeCollected(leaky, { rounds: 1 })).rejects.toThrow(ScopeLeakError);
    await app.close();
  });

  it('refuses to check an open scope or a scope without a sentinel', async () => {
    const { app } = world();
    await expect(expectScopeCollected(app)).rejects.toThrow(LeakCheckInconclusiveError);
    await expect(expectScopeCollected(app)).rejects.toThrow(/is open; close it first/);
    const unwatched = createRootScope({ providers: new ProviderRegistry(defaultLifetimes) });
    await unwatched.close();
    await expect(expectScopeCollected(unwatched)).rejects.toThrow(/no leak sentinel watches it/);
    await app.close();
  });

  it('answers inconclusive, never clean, when garbage collection cannot be forced', async () => {
    const exposed = globalThis.gc;
    expect(exposed).toBeTypeOf('function');
    globalThis.gc = undefined;
    try {
      const { registry, app, sentinel } = world();
      const hoarder = registry.register({
        name: 'hoarder',
        lifetime: 'iteration',
        create: () => {
          const instance = new Workspace();
          retained.push(instance);
          return instance;
        },
      });
      const session = await useSession(app, [hoarder]);
      expect(sentinel.canForceGc).toBe(false);
      const report = await sentinel.check();
      expect(report.status).toBe('inconclusive');
      expect(report.reason).toMatch(/--expose-gc/);
      await expect(assertNoLeaks(sentinel)).rejects.toThrow(LeakCheckInconclusiveError);
      await expect(expectScopeCollected(session)).rejects.toThrow(/leak check inconclusive: cannot force garbage collection/);

      // A collector given explicitly is used instead of the global one.
      let collections = 0;
      const withOwnGc = new LeakSentinel({ gc: () => { collections++; exposed?.(); } });
      expect(withOwnGc.canForceGc).toBe(true);
      const watched = app.child('request', { leakSentinel: withOwnGc });
      watched.own(new Workspace());
      await watched.close();
      const ownGcReport = await withOwnGc.check();
      expect(ownGcReport).toMatchObject({ status: 'clean', examined: 1 });
      expect(collections).toBe(ownGcReport.gcRounds);
      expect(collections).toBeGreaterThan(0);
      await app.close();
    } finally {
      globalThis.gc = exposed;
    }
  });
});
