import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CaptiveDependencyError,
  CircularDependencyError,
  createRootScope,
  defaultLifetimes,
  DuplicateProviderError,
  NoScopeForLifetimeError,
  ProviderCreationError,
  ProviderRegistry,
  ScopeClosedError,
  UnknownLifetimeError,
  UnknownProviderError,
  type DefaultLifetime,
  type Provider,
  type Scope,
} from '../../src/lifetime/index.js';

class Counter {
  static created = 0;
  readonly serial = ++Counter.created;
}

function setup(): { registry: ProviderRegistry<DefaultLifetime>; app: Scope<DefaultLifetime> } {
  const registry = new ProviderRegistry(defaultLifetimes);
  return { registry, app: createRootScope({ providers: registry }) };
}

describe('typed resolution', () => {
  it('returns the type create returned, and hands declared deps to create in order, typed', async () => {
    const { registry, app } = setup();
    const settings = registry.register({ name: 'settings', lifetime: 'app', create: () => ({ size: 3 }) });
    const label = registry.register({ name: 'label', lifetime: 'app', create: () => Promise.resolve('x') });
    const grid = registry.register({
      name: 'grid',
      lifetime: 'session',
      deps: [settings, label],
      create: ({ deps: [config, text] }) => {
        expectTypeOf(config).toEqualTypeOf<{ size: number }>();
        expectTypeOf(text).toEqualTypeOf<string>();
        return Array.from({ length: config.size }, () => text);
      },
    });
    expectTypeOf(grid).toEqualTypeOf<Provider<string[], DefaultLifetime>>();
    const session = app.child('session');
    const value = await session.resolve(grid);
    expectTypeOf(value).toEqualTypeOf<string[]>();
    expect(value).toEqual(['x', 'x', 'x']);
    expect(grid.dependencies).toEqual([settings, label]);
    await app.close();
  });
});

describe('one instance per owning scope', () => {
  it('gives each iteration its own iteration instance and the same one to repeated resolves', async () => {
    const { registry, app } = setup();
    const perIteration = registry.register({ name: 'perIteration', lifetime: 'iteration', create: () => new Counter() });
    const session = app.child('session');
    const first = session.child('iteration');
    const second = session.child('iteration');
    const a1 = await first.resolve(perIteration);
    const a2 = await first.resolve(perIteration);
    const b = await second.resolve(perIteration);
    expect(a2).toBe(a1);
    expect(b).not.toBe(a1);
    await app.close();
  });

  it('gives every iteration of one session the same session instance, owned by the session', async () => {
    const { registry, app } = setup();
    let disposed = 0;
    const perSession = registry.register({
      name: 'perSession',
      lifetime: 'session',
      create: () => new Counter(),
      dispose: () => { disposed++; },
    });
    const session = app.child('session');
    const first = session.child('iteration');
    const fromFirst = await first.resolve(perSession);
    await first.close();
    expect(disposed).toBe(0);
    const second = session.child('iteration');
    expect(await second.resolve(perSession)).toBe(fromFirst);
    expect(await session.resolve(perSession)).toBe(fromFirst);
    const otherSession = app.child('session');
    expect(await otherSession.resolve(perSession)).not.toBe(fromFirst);
    await session.close();
    expect(disposed).toBe(1);
    await app.close();
    expect(disposed).toBe(2);
  });

  it('creates once when the same provider is resolved concurrently, from the owner and from descendants', async () => {
    const { registry, app } = setup();
    let creations = 0;
    const slow = registry.register({
      name: 'slow',
      lifetime: 'session',
      create: async () => {
        creations++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return new Counter();
      },
    });
    const session = app.child('session');
    const iterations = [session.child('iteration'), session.child('iteration')];
    const results = await Promise.all([
      session.resolve(slow),
      session.resolve(slow),
      ...iterations.map((iteration) => iteration.resolve(slow)),
    ]);
    expect(creations).toBe(1);
    expect(new Set(results).size).toBe(1);
    await app.close();
  });

  it('disposes instances in reverse creation order, dependents before their dependencies', async () => {
    const { registry, app } = setup();
    const events: string[] = [];
    const make = (name: string): { readonly name: string; [Symbol.dispose](): void } => ({
      name,
      [Symbol.dispose]() { events.push(name); },
    });
    const base = registry.register({ name: 'base', lifetime: 'session', create: () => make('base') });
    const middle = registry.register({ name: 'middle', lifetime: 'session', deps: [base], create: () => make('middle') });
    const top = registry.register({ name: 'top', lifetime: 'session', deps: [middle], create: () => make('top') });
    const session = app.child('session');
    await session.resolve(top);
    await session.close();
    expect(events).toEqual(['top', 'middle', 'base']);
    await app.close();
  });

  it('forgets a failed creation so a later resolve can try again; the error names provider and scope', async () => {
    const { registry, app } = setup();
    let attempts = 0;
    const flaky = registry.register({
      name: 'flaky',
      lifetime: 'app',
      create: () => {
        attempts++;
        if (attempts === 1) throw new Error('disk not ready');
        return 'ok';
      },
    });
    const failure = await app.resolve(flaky).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderCreationError);
    expect((failure as ProviderCreationError).message).toBe(`provider 'flaky' failed to create in scope ${app.path}: disk not ready`);
    expect((failure as ProviderCreationError).cause).toBeInstanceOf(Error);
    expect(await app.resolve(flaky)).toBe('ok');
    expect(attempts).toBe(2);
    await app.close();
  });
});

describe('captive dependency', () => {
  it('is rejected at registration, naming both providers and both lifetimes', () => {
    const { registry } = setup();
    const perIteration = registry.register({ name: 'scratchpad', lifetime: 'iteration', create: () => ({}) });
    const register = (): unknown =>
      registry.register({ name: 'longLived', lifetime: 'session', deps: [perIteration], create: () => ({}) });
    expect(register).toThrow(CaptiveDependencyError);
    expect(register).toThrow(
      /provider 'longLived' \(lifetime 'session'\) depends on provider 'scratchpad' \(lifetime 'iteration'\), declared in its deps; 'iteration' is shorter-lived than 'session'/,
    );
    expect(registry.get('longLived')).toBeUndefined();
  });

  it('rejects a sibling lifetime at registration: not provably longer-lived', () => {
    const { registry } = setup();
    const perSession = registry.register({ name: 'workspace', lifetime: 'session', create: () => ({}) });
    let caught: unknown;
    try {
      registry.register({ name: 'handler', lifetime: 'request', deps: [perSession], create: () => ({}) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CaptiveDependencyError);
    const captive = caught as CaptiveDependencyError;
    expect(captive).toMatchObject({
      consumer: 'handler',
      consumerLifetime: 'request',
      dependency: 'workspace',
      dependencyLifetime: 'session',
      relation: 'unrelated',
      detectedAt: 'registration',
      code: 'CAPTIVE_DEPENDENCY',
    });
    expect(captive.message).toMatch(/'session' does not enclose 'request'.*not provably longer-lived/);
  });

  it('allows the same lifetime and enclosing lifetimes', () => {
    const { registry } = setup();
    const appWide = registry.register({ name: 'appWide', lifetime: 'app', create: () => 1 });
    const perSession = registry.register({ name: 'perSession', lifetime: 'session', deps: [appWide], create: () => 2 });
    expect(() =>
      registry.register({ name: 'perIteration', lifetime: 'iteration', deps: [appWide, perSession], create: () => 3 }),
    ).not.toThrow();
  });

  it('is rejected at resolution when a factory resolves an undeclared shorter-lived provider', async () => {
    const { registry, app } = setup();
    const perIteration = registry.register({ name: 'scratchpad', lifetime: 'iteration', create: () => ({}) });
    const sneaky = registry.register({
      name: 'sneaky',
      lifetime: 'session',
      create: async (ctx) => ({ held: await ctx.resolve(perIteration) }),
    });
    const iteration = app.child('session').child('iteration');
    const failure = await iteration.resolve(sneaky).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CaptiveDependencyError);
    expect(failure).toMatchObject({
      consumer: 'sneaky',
      consumerLifetime: 'session',
      dependency: 'scratchpad',
      dependencyLifetime: 'iteration',
      relation: 'shorter',
      detectedAt: 'resolution',
    });
    expect((failure as Error).message).toContain(
      "provider 'sneaky' (lifetime 'session') depends on provider 'scratchpad' (lifetime 'iteration'), resolved through ctx.resolve",
    );
    await app.close();
  });

  it('is rejected at resolution for a sibling lifetime too', async () => {
    const { registry, app } = setup();
    const perSession = registry.register({ name: 'workspace', lifetime: 'session', create: () => ({}) });
    const handler = registry.register({
      name: 'handler',
      lifetime: 'request',
      create: async (ctx) => ({ workspace: await ctx.resolve(perSession) }),
    });
    const request = app.child('request');
    await expect(request.resolve(handler)).rejects.toThrow(/provider 'handler' \(lifetime 'request'\) depends on provider 'workspace' \(lifetime 'session'\)/);
    await app.close();
  });

  it('lets a factory resolve an undeclared longer-lived provider', async () => {
    const { registry, app } = setup();
    const appWide = registry.register({ name: 'appWide', lifetime: 'app', create: () => new Counter() });
    const perRequest = registry.register({
      name: 'perRequest',
      lifetime: 'request',
      create: async (ctx) => ({ shared: await ctx.resolve(appWide) }),
    });
    const request = app.child('request');
    const built = await request.resolve(perRequest);
    expect(built.shared).toBe(await app.resolve(appWide));
    await app.close();
  });
});

describe('resolution errors', () => {
  it('rejects resolving from a closed scope with ScopeClosedError naming the scope', async () => {
    const { registry, app } = setup();
    const thing = registry.register({ name: 'thing', lifetime: 'session', create: () => ({}) });
    const session = app.child('session', { name: 'gone' });
    await session.close();
    const failure = await session.resolve(thing).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScopeClosedError);
    expect((failure as ScopeClosedError).message).toBe(`cannot resolve provider 'thing': scope ${session.path} is closed`);
    await app.close();
  });

  it('rejects resolving from an open child when the owning ancestor is closing', async () => {
    const { registry, app } = setup();
    let created = 0;
    const appWide = registry.register({ name: 'appWide', lifetime: 'app', create: () => ({ serial: ++created }) });
    const older = app.child('session', { name: 'older' });
    const newer = app.child('session', { name: 'newer' });
    let duringClose: Promise<unknown> = Promise.resolve();
    newer.defer(() => {
      // The app closes its children newest first: 'older' is still open, but the app owning 'appWide' is closing.
      expect(older.state).toBe('open');
      duringClose = older.resolve(appWide).catch((error: unknown) => error);
    });
    await app.close();
    const failure = await duringClose;
    expect(failure).toBeInstanceOf(ScopeClosedError);
    expect(failure).toMatchObject({ scope: app.path, state: 'closing' });
    expect(created).toBe(0);
  });

  it('disposes, not hands out, an instance whose creation finished while its scope closed', async () => {
    const { registry, app } = setup();
    const events: string[] = [];
    let finish: () => void = () => undefined;
    const started = new Promise<void>((notify) => {
      registry.register({
        name: 'slowStart',
        lifetime: 'app',
        create: async () => {
          notify();
          await new Promise<void>((resolve) => { finish = resolve; });
          events.push('created');
          return { [Symbol.dispose]: () => { events.push('disposed'); } };
        },
      });
    });
    const slowStart = registry.get('slowStart')!;
    const pending = app.resolve(slowStart).catch((error: unknown) => error);
    await started;
    const closing = app.close();
    finish();
    await closing;
    expect(events).toEqual(['created', 'disposed']);
    expect(await pending).toBeInstanceOf(ScopeClosedError);
  });

  it('rejects a provider with no scope of its lifetime above, naming the provider and the chain', async () => {
    const { registry, app } = setup();
    const perRequest = registry.register({ name: 'perRequest', lifetime: 'request', create: () => ({}) });
    const iteration = app.child('session').child('iteration');
    const failure = await iteration.resolve(perRequest).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NoScopeForLifetimeError);
    expect(failure).toMatchObject({ provider: 'perRequest', lifetime: 'request', code: 'NO_SCOPE_FOR_LIFETIME' });
    expect((failure as Error).message).toBe(
      `cannot resolve provider 'perRequest' (lifetime 'request'): no 'request' scope in the chain ${iteration.path}`,
    );
    await app.close();
  });

  it('rejects a provider from another registry, whose rules this tree never checked', async () => {
    const { app } = setup();
    const foreign = new ProviderRegistry(defaultLifetimes).register({ name: 'foreign', lifetime: 'app', create: () => 1 });
    await expect(app.resolve(foreign)).rejects.toThrow(UnknownProviderError);
    await app.close();
  });

  it('rejects a factory that needs itself, showing the cycle', async () => {
    const { registry, app } = setup();
    const holder: { b?: Provider<unknown, DefaultLifetime> } = {};
    const a = registry.register({
      name: 'a',
      lifetime: 'app',
      create: async (ctx) => (holder.b === undefined ? 0 : await ctx.resolve(holder.b)),
    });
    holder.b = registry.register({ name: 'b', lifetime: 'app', create: (ctx) => ctx.resolve(a) });
    const failure = await app.resolve(a).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CircularDependencyError);
    expect((failure as Error).message).toBe(`circular dependency in scope ${app.path}: 'a' -> 'b' -> 'a'`);
    await app.close();
  });

  it('rejects duplicate names, unknown lifetimes and dependencies from another registry at registration', () => {
    const { registry } = setup();
    registry.register({ name: 'taken', lifetime: 'app', create: () => 1 });
    expect(() => registry.register({ name: 'taken', lifetime: 'app', create: () => 2 })).toThrow(DuplicateProviderError);
    expect(() => registry.register({ name: 'odd', lifetime: 'weekly' as DefaultLifetime, create: () => 2 })).toThrow(
      UnknownLifetimeError,
    );
    const foreign = new ProviderRegistry(defaultLifetimes).register({ name: 'foreign', lifetime: 'app', create: () => 1 });
    expect(() => registry.register({ name: 'user', lifetime: 'app', deps: [foreign], create: () => 2 })).toThrow(
      "registering provider 'user': dependency: provider 'foreign' is not registered in this registry",
    );
  });
});

describe('context helpers', () => {
  it('releases what a factory adopted after the instance itself', async () => {
    const { registry, app } = setup();
    const events: string[] = [];
    const built = registry.register({
      name: 'built',
      lifetime: 'app',
      create: (ctx) => {
        ctx.own({ [Symbol.dispose]: () => { events.push('helper disposed'); } });
        ctx.defer(() => { events.push('deferred ran'); }, 'cleanup');
        expect(ctx.scope).toBe(app.path);
        expect(ctx.provider).toBe('built');
        return { [Symbol.dispose]: () => { events.push('instance disposed'); } };
      },
    });
    await app.resolve(built);
    await app.close();
    expect(events).toEqual(['instance disposed', 'deferred ran', 'helper disposed']);
  });
});
