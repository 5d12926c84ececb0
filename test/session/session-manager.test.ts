import { describe, expect, it } from 'vitest';
import { ScopeDisposalError } from '../../src/lifetime/index.js';
import {
  LeaseReleasedError,
  SessionExpiredError,
  SessionManager,
  SessionNotFoundError,
  SessionOptionError,
} from '../../src/session/index.js';
import { harness, IDLE_MS, Resource, rejectionOf, thrownBy, type Seed, type Workspace } from './helpers.js';

describe('SessionManager.create', () => {
  it('returns a url-safe random id, a 256-bit base64url token and the session info', async () => {
    await using h = harness();
    const a = await h.manager.create({ name: 'a' });
    const b = await h.manager.create({ name: 'b' });
    for (const created of [a, b]) {
      expect(created.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(created.token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(created.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    }
    expect(Buffer.from(a.token, 'base64url').length).toBe(32);
    expect(a.id).not.toBe(b.id);
    expect(a.token).not.toBe(b.token);
    expect(a.info).toEqual({ id: a.id, createdAt: 1_000, lastActivity: 1_000, leases: 0, expiresAt: 1_000 + IDLE_MS, sizeBytes: 0 });
    expect(h.manager.size).toBe(2);
  });

  it('builds the state inside a session scope, a child of the root named by the session id', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    using lease = h.manager.lease(id, token);
    expect(lease.id).toBe(id);
    expect(lease.state.name).toBe('a');
    expect(lease.scope.lifetime).toBe('session');
    expect(lease.scope.parent).toBe(h.app);
    expect(lease.scope.name).toBe(id);
    expect(h.app.children).toEqual([lease.scope]);
    // Iterations nest in the session scope.
    const iteration = lease.scope.child('iteration');
    expect(iteration.path).toContain(id);
    await iteration.close();
  });

  it('closes the session scope and registers nothing when the state factory throws', async () => {
    const disposals: string[] = [];
    await using h = harness({
      maxSessions: 1,
      create: (seed, scope) => {
        scope.own(new Resource(`${seed.name}:first`, disposals));
        scope.own(new Resource(`${seed.name}:second`, disposals));
        if (seed.name === 'bad') return Promise.reject(new Error('input file is malformed'));
        return Promise.resolve({ name: seed.name, bytes: 0, resources: [], payload: [] });
      },
    });
    const error = await rejectionOf(() => h.manager.create({ name: 'bad' }));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('input file is malformed');
    expect(disposals).toEqual(['bad:second', 'bad:first']);
    expect(h.manager.size).toBe(0);
    expect(h.manager.list()).toEqual([]);
    expect(h.app.children).toEqual([]);
    // The failed creation gave back its slot (the limit is one session).
    await expect(h.manager.create({ name: 'good' })).resolves.toMatchObject({ info: { leases: 0 } });
    expect(h.manager.size).toBe(1);
  });

  it('rejects a sizeOf that does not return a byte count, closing the scope', async () => {
    await using h = harness({ sizeOf: () => Number.NaN });
    const error = await rejectionOf(() => h.manager.create({ name: 'a' }));
    expect(error).toBeInstanceOf(SessionOptionError);
    expect((error as Error).message).toMatch(/option sizeOf must be a finite non-negative number of bytes .*got NaN/);
    expect(h.disposals).toEqual(['a:second', 'a:first']);
    expect(h.manager.size).toBe(0);
  });

  it('validates its options, naming the option', async () => {
    await using h = harness();
    const base = { root: h.app, create: (seed: Seed) => Promise.resolve({ name: seed.name, bytes: 0, resources: [], payload: [] } as Workspace) };
    expect(() => new SessionManager({ ...base, idleTimeoutMs: 0 })).toThrow(/option idleTimeoutMs must be a positive, finite number of milliseconds; got 0/);
    expect(() => new SessionManager({ ...base, sweepIntervalMs: Number.POSITIVE_INFINITY })).toThrow(/option sweepIntervalMs/);
    expect(() => new SessionManager({ ...base, maxSessions: 1.5 })).toThrow(/option maxSessions must be a positive integer; got 1.5/);
    expect(() => new SessionManager({ ...base, memoryBudgetBytes: -1 })).toThrow(/option memoryBudgetBytes/);
    expect(() => new SessionManager({ ...base, tombstoneTtlMs: Number.NaN })).toThrow(/option tombstoneTtlMs/);
    const session = h.app.child('session');
    expect(() => new SessionManager({ ...base, root: session })).toThrow(SessionOptionError);
    expect(() => new SessionManager({ ...base, root: session })).toThrow(/option root must be a scope of the lifetime 'session' nests in \('app'\)/);
    await session.close();
  });
});

describe('authentication', () => {
  it('answers a wrong token exactly as it answers an unknown id', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    const other = await h.manager.create({ name: 'b' });
    const unknownId = 'AAAAAAAAAAAAAAAAAAAAAA';

    const attempts: [string, string][] = [
      [id, 'not-the-token'],
      [id, other.token],
      [id, ''],
      [id, token.slice(0, -1)],
      [unknownId, token],
    ];
    for (const [tryId, tryToken] of attempts) {
      for (const error of [
        thrownBy(() => h.manager.lease(tryId, tryToken)),
        thrownBy(() => h.manager.info(tryId, tryToken)),
        await rejectionOf(() => h.manager.close(tryId, tryToken)),
      ]) {
        expect(error).toBeInstanceOf(SessionNotFoundError);
        const notFound = error as SessionNotFoundError;
        expect(notFound.code).toBe('SESSION_NOT_FOUND');
        // Identical apart from the id the caller sent: nothing tells a wrong token from an unknown id.
        expect(notFound.message.replace(tryId, '<id>')).toBe("session '<id>' not found: the id is unknown or the token does not match");
        expect(Object.keys(notFound).sort()).toEqual(['code', 'name', 'sessionId']);
      }
    }
    // None of that was activity, and the session is intact.
    expect(h.manager.info(id, token)).toMatchObject({ leases: 0, lastActivity: 1_000 });
  });

  it('treats a token that is not a string as wrong, without throwing anything else', async () => {
    await using h = harness();
    const { id } = await h.manager.create({ name: 'a' });
    expect(() => h.manager.info(id, undefined as unknown as string)).toThrow(SessionNotFoundError);
    expect(() => h.manager.info(42 as unknown as string, 'x')).toThrow(SessionNotFoundError);
  });
});

describe('leases', () => {
  it('counts leases, and releasing twice releases once', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    const first = h.manager.lease(id, token);
    const second = h.manager.lease(id, token);
    expect(h.manager.info(id, token).leases).toBe(2);
    first.release();
    first.release();
    expect(h.manager.info(id, token).leases).toBe(1);
    second.release();
    expect(h.manager.info(id, token).leases).toBe(0);
  });

  it('refuses access through a released lease', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    const lease = h.manager.lease(id, token);
    lease.release();
    expect(() => lease.state).toThrow(LeaseReleasedError);
    expect(() => lease.scope).toThrow(`cannot read scope of a lease on session '${id}': the lease was released; take a new lease`);
  });

  it('releases on `await using` and `using`', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    {
      await using lease = h.manager.lease(id, token);
      expect(lease.state.name).toBe('a');
      using again = h.manager.lease(id, token);
      expect(again.state).toBe(lease.state);
      expect(h.manager.info(id, token).leases).toBe(2);
    }
    expect(h.manager.info(id, token).leases).toBe(0);
  });
});

describe('SessionManager.close', () => {
  it('closes the session scope (resources released in reverse order) and leaves a closed tombstone', async () => {
    await using h = harness();
    const a = await h.manager.create({ name: 'a' });
    const b = await h.manager.create({ name: 'b' });
    h.clock.advance(5_000);
    await h.manager.close(a.id, a.token);
    expect(h.disposals).toEqual(['a:second', 'a:first']);
    expect(h.manager.size).toBe(1);
    expect(h.manager.list().map((info) => info.id)).toEqual([b.id]);

    const error = thrownBy(() => h.manager.lease(a.id, a.token));
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(error).toMatchObject({ code: 'SESSION_EXPIRED', reason: 'closed', endedAt: 6_000, sessionId: a.id });
    await expect(h.manager.close(a.id, a.token)).rejects.toThrow(SessionExpiredError);
    // The tombstone answers only the token's owner.
    expect(() => h.manager.info(a.id, b.token)).toThrow(SessionNotFoundError);
  });

  it('closes a session even while it is leased; the lease then reports the session as ended', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    const lease = h.manager.lease(id, token);
    await h.manager.close(id, token);
    expect(h.disposals).toEqual(['a:second', 'a:first']);
    expect(() => lease.state).toThrow(SessionExpiredError);
    expect(thrownBy(() => lease.state)).toMatchObject({ reason: 'closed' });
    expect(() => { lease.release(); }).not.toThrow();
    expect(h.manager.size).toBe(0);
  });

  it('rejects with the scope disposal error when a resource fails to release, and still ends the session', async () => {
    await using h = harness({
      create: (seed, scope) => {
        scope.defer(() => { throw new Error('socket already gone'); }, 'connection');
        return Promise.resolve({ name: seed.name, bytes: 0, resources: [], payload: [] });
      },
    });
    const { id, token } = await h.manager.create({ name: 'a' });
    const error = await rejectionOf(() => h.manager.close(id, token));
    expect(error).toBeInstanceOf(ScopeDisposalError);
    expect((error as Error).message).toMatch(/deferred connection .*socket already gone/);
    expect(thrownBy(() => h.manager.info(id, token))).toMatchObject({ reason: 'closed' });
  });
});

describe('SessionManager.list', () => {
  it('lists open sessions least recently used first', async () => {
    await using h = harness();
    const a = await h.manager.create({ name: 'a' });
    h.clock.advance(1);
    const b = await h.manager.create({ name: 'b' });
    h.clock.advance(1);
    h.manager.lease(a.id, a.token).release();
    expect(h.manager.list()).toEqual([
      { id: b.id, createdAt: 1_001, lastActivity: 1_001, leases: 0, expiresAt: 1_001 + IDLE_MS, sizeBytes: 0 },
      { id: a.id, createdAt: 1_000, lastActivity: 1_002, leases: 0, expiresAt: 1_002 + IDLE_MS, sizeBytes: 0 },
    ]);
  });
});
