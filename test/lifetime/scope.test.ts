import { describe, expect, it } from 'vitest';
import {
  createRootScope,
  defaultLifetimes,
  ProviderRegistry,
  ScopeClosedError,
  ScopeDisposalError,
  ScopeNestingError,
  UnknownLifetimeError,
  type DefaultLifetime,
  type Scope,
} from '../../src/lifetime/index.js';

function openApp(): Scope<DefaultLifetime> {
  return createRootScope({ providers: new ProviderRegistry(defaultLifetimes), name: 'test' });
}

describe('scope tree shape', () => {
  it('opens the root at the model root and children only in the lifetime they nest in', async () => {
    const app = openApp();
    expect(app.lifetime).toBe('app');
    const session = app.child('session', { name: 'alice' });
    const iteration = session.child('iteration');
    expect(iteration.parent).toBe(session);
    expect(session.parent).toBe(app);
    expect(iteration.path).toBe(`app#${app.id}(test) > session#${session.id}(alice) > iteration#${iteration.id}`);
    expect(iteration.enclosing('app')).toBe(app);
    expect(iteration.enclosing('request')).toBeUndefined();
    await app.close();
  });

  it('rejects a child whose lifetime does not nest directly under the parent lifetime', async () => {
    const app = openApp();
    expect(() => app.child('iteration')).toThrow(ScopeNestingError);
    expect(() => app.child('iteration')).toThrow(
      `cannot open a 'iteration' scope under scope ${app.path}: 'iteration' nests in 'session', not in 'app'`,
    );
    const request = app.child('request');
    expect(() => request.child('session')).toThrow(/'session' nests in 'app', not in 'request'/);
    expect(() => request.child('app')).toThrow(/'app' is the root lifetime/);
    expect(() => app.child('nonsense' as DefaultLifetime)).toThrow(UnknownLifetimeError);
    await app.close();
  });

  it('drops children that close on their own, so a long-lived scope does not accumulate them', async () => {
    const app = openApp();
    const requests = Array.from({ length: 50 }, () => app.child('request'));
    expect(app.children).toHaveLength(50);
    await Promise.all(requests.map((request) => request.close()));
    expect(app.children).toHaveLength(0);
    const survivor = app.child('session');
    expect(app.children).toEqual([survivor]);
    await app.close();
  });
});

describe('disposal', () => {
  it('closes children before the parent, and everything in reverse creation order', async () => {
    const events: string[] = [];
    const app = openApp();
    app.defer(() => { events.push('app: first'); });
    const session = app.child('session');
    session.defer(() => { events.push('session: first'); });
    const iterationA = session.child('iteration');
    iterationA.defer(() => { events.push('iterationA: first'); });
    iterationA.defer(() => { events.push('iterationA: second'); });
    session.defer(() => { events.push('session: second'); });
    const iterationB = session.child('iteration');
    iterationB.defer(() => { events.push('iterationB: only'); });
    const request = app.child('request');
    request.defer(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      events.push('request: only (async)');
    });
    app.defer(() => { events.push('app: second'); });

    await app.close();

    expect(events).toEqual([
      'request: only (async)',
      'iterationB: only',
      'iterationA: second',
      'iterationA: first',
      'session: second',
      'session: first',
      'app: second',
      'app: first',
    ]);
    for (const scope of [app, session, iterationA, iterationB, request]) expect(scope.state).toBe('closed');
  });

  it('runs every disposer when several throw, and reports every failure with its resource and scope', async () => {
    const ran: string[] = [];
    const app = openApp();
    app.defer(() => { ran.push('app ok'); });
    app.defer(() => {
      ran.push('app fails');
      throw new Error('app cleanup failed');
    }, 'flushLog');
    const session = app.child('session', { name: 's1' });
    session.own({ id: 'handle' }, () => {
      ran.push('session ok');
    });
    class Connection {
      [Symbol.asyncDispose](): Promise<void> {
        ran.push('session connection fails');
        return Promise.reject(new Error('connection refused to close'));
      }
    }
    session.own(new Connection());
    const iteration = session.child('iteration');
    iteration.defer(() => {
      ran.push('iteration fails');
      throw new TypeError('iteration cleanup failed');
    }, 'dropBuffers');
    iteration.defer(() => { ran.push('iteration ok'); });

    const error = await app.close().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(ran).toEqual(['iteration ok', 'iteration fails', 'session connection fails', 'session ok', 'app fails', 'app ok']);
    expect(error).toBeInstanceOf(ScopeDisposalError);
    const disposal = error as ScopeDisposalError;
    expect(disposal.code).toBe('SCOPE_DISPOSAL_FAILED');
    expect(disposal.scope).toBe(app.path);
    expect(disposal.failures.map(({ resource, scope }) => ({ resource, scope }))).toEqual([
      { resource: 'deferred dropBuffers', scope: iteration.path },
      { resource: 'owned Connection', scope: session.path },
      { resource: 'deferred flushLog', scope: app.path },
    ]);
    expect(disposal.errors.map((cause) => (cause as Error).message)).toEqual([
      'iteration cleanup failed',
      'connection refused to close',
      'app cleanup failed',
    ]);
    expect(disposal.message).toContain('3 disposers failed');
    expect(disposal.message).toContain(`deferred dropBuffers in ${iteration.path}: iteration cleanup failed`);
    expect(disposal.message).toContain(`owned Connection in ${session.path}: connection refused to close`);
  });

  it('is safe to close twice: the second close awaits the first and nothing runs again', async () => {
    const app = openApp();
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    app.defer(async () => {
      runs++;
      await gate;
    });
    const first = app.close();
    const second = app.close();
    expect(second).toBe(first);
    expect(app.state).toBe('closing');
    let secondSettled = false;
    void second.then(() => { secondSettled = true; });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(secondSettled).toBe(false);
    release();
    await second;
    expect(app.state).toBe('closed');
    await app.close();
    expect(runs).toBe(1);
  });

  it('waits for a child that is already closing when the parent closes', async () => {
    const events: string[] = [];
    const app = openApp();
    app.defer(() => { events.push('app'); });
    const session = app.child('session');
    session.defer(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push('session');
    });
    const sessionClosing = session.close();
    await app.close();
    await sessionClosing;
    expect(events).toEqual(['session', 'app']);
  });

  it('supports await using, disposing at the end of the block', async () => {
    const events: string[] = [];
    {
      await using app = openApp();
      app.defer(() => { events.push('disposed'); });
      events.push('in block');
    }
    expect(events).toEqual(['in block', 'disposed']);
  });
});

describe('own and defer', () => {
  it('disposes adopted values through Symbol.asyncDispose, Symbol.dispose or the given disposer', async () => {
    const events: string[] = [];
    const app = openApp();
    const asyncResource = { [Symbol.asyncDispose]: () => { events.push('asyncDispose'); return Promise.resolve(); } };
    const syncResource = { [Symbol.dispose]: () => { events.push('dispose'); } };
    const plain = { name: 'plain' };
    expect(app.own(asyncResource)).toBe(asyncResource);
    expect(app.own(syncResource)).toBe(syncResource);
    expect(app.own(plain, (value) => { events.push(`custom ${value.name}`); })).toBe(plain);
    app.own({ untracked: true });
    await app.close();
    expect(events).toEqual(['custom plain', 'dispose', 'asyncDispose']);
  });

  it('refuses new work once closing or closed, naming the scope', async () => {
    const app = openApp();
    const session = app.child('session');
    let duringClose: unknown;
    session.defer(() => {
      try {
        session.defer(() => undefined, 'late');
      } catch (error) {
        duringClose = error;
      }
    });
    await app.close();
    expect(duringClose).toBeInstanceOf(ScopeClosedError);
    expect((duringClose as ScopeClosedError).message).toBe(`cannot defer late: scope ${session.path} is closing`);
    expect(() => app.own({})).toThrow(`cannot own Object: scope ${app.path} is closed`);
    expect(() => app.child('session')).toThrow(ScopeClosedError);
  });
});
