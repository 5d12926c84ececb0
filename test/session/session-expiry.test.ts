import { describe, expect, it } from 'vitest';
import { ScopeDisposalError } from '../../src/lifetime/index.js';
import { SessionExpiredError, SessionNotFoundError } from '../../src/session/index.js';
import { harness, IDLE_MS, settle, thrownBy } from './helpers.js';

describe('idle expiry', () => {
  it('expires a session exactly when its idle time runs out, not a millisecond before', async () => {
    await using h = harness();
    const { id, token, info } = await h.manager.create({ name: 'a' });
    h.clock.advance(IDLE_MS - 1);
    expect(await h.manager.sweep()).toBe(0);
    expect(h.manager.info(id, token)).toEqual(info);
    h.clock.advance(1);
    expect(await h.manager.sweep()).toBe(1);
    expect(h.manager.size).toBe(0);
    expect(h.disposals).toEqual(['a:second', 'a:first']);
  });

  it('answers a request after the deadline with SessionExpiredError even before any sweep, never with a new session', async () => {
    await using h = harness();
    const { id, token, info } = await h.manager.create({ name: 'a' });
    h.clock.advance(IDLE_MS + 12_345);
    const error = thrownBy(() => h.manager.lease(id, token));
    expect(error).toBeInstanceOf(SessionExpiredError);
    // endedAt is when the idle time ran out, not when someone noticed.
    expect(error).toMatchObject({ code: 'SESSION_EXPIRED', reason: 'expired', endedAt: info.expiresAt, sessionId: id });
    expect((error as Error).message).toBe(
      `session '${id}' has ended (idle for longer than the idle timeout) at ${info.expiresAt} ms; create a new session`,
    );
    expect(h.manager.size).toBe(0);
    expect(h.factoryCalls).toEqual(['a']);
    await settle();
    expect(h.disposals).toEqual(['a:second', 'a:first']);
    // Asked again later, the tombstone gives the same answer.
    h.clock.advance(60 * 60_000);
    expect(thrownBy(() => h.manager.info(id, token))).toMatchObject({ reason: 'expired', endedAt: info.expiresAt });
    expect(await h.manager.sweep()).toBe(0);
  });

  it('does not count reading info as activity', async () => {
    await using h = harness();
    const { id, token, info } = await h.manager.create({ name: 'a' });
    for (let i = 0; i < 5; i++) {
      h.clock.advance(IDLE_MS / 5 - 1);
      expect(h.manager.info(id, token).expiresAt).toBe(info.expiresAt);
    }
    h.clock.advance(5);
    expect(() => h.manager.info(id, token)).toThrow(SessionExpiredError);
  });

  it('postpones expiry on every lease: the idle clock restarts at the last activity', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    h.clock.advance(50_000);
    h.manager.lease(id, token).release();
    expect(h.manager.info(id, token)).toMatchObject({ lastActivity: 51_000, expiresAt: 51_000 + IDLE_MS });
    h.clock.advance(IDLE_MS - 1);
    expect(await h.manager.sweep()).toBe(0);
    h.clock.advance(1);
    expect(await h.manager.sweep()).toBe(1);
    expect(thrownBy(() => h.manager.info(id, token))).toMatchObject({ reason: 'expired', endedAt: 51_000 + IDLE_MS });
  });

  it('never expires a leased session, however long the lease, and restarts the idle clock when the lease ends', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    const lease = h.manager.lease(id, token);
    h.clock.advance(10 * IDLE_MS);
    expect(await h.manager.sweep()).toBe(0);
    expect(h.manager.info(id, token)).toMatchObject({ leases: 1, lastActivity: 1_000, expiresAt: Number.POSITIVE_INFINITY });
    expect(lease.state.name).toBe('a');
    expect(h.disposals).toEqual([]);

    lease.release();
    const releasedAt = 1_000 + 10 * IDLE_MS;
    expect(h.manager.info(id, token)).toMatchObject({ leases: 0, lastActivity: releasedAt, expiresAt: releasedAt + IDLE_MS });
    h.clock.advance(IDLE_MS - 1);
    expect(await h.manager.sweep()).toBe(0);
    h.clock.advance(1);
    expect(await h.manager.sweep()).toBe(1);
  });

  it('keeps a session while any of several leases is held', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    const long = h.manager.lease(id, token);
    const short = h.manager.lease(id, token);
    h.clock.advance(IDLE_MS);
    short.release();
    h.clock.advance(IDLE_MS);
    expect(await h.manager.sweep()).toBe(0);
    long.release();
    h.clock.advance(IDLE_MS);
    expect(await h.manager.sweep()).toBe(1);
  });

  it('expires only the idle sessions in a sweep', async () => {
    await using h = harness();
    const idle = await h.manager.create({ name: 'idle' });
    const busy = await h.manager.create({ name: 'busy' });
    const recent = await h.manager.create({ name: 'recent' });
    const lease = h.manager.lease(busy.id, busy.token);
    h.clock.advance(IDLE_MS / 2);
    h.manager.lease(recent.id, recent.token).release();
    h.clock.advance(IDLE_MS / 2);
    expect(await h.manager.sweep()).toBe(1);
    expect(h.manager.list().map((info) => info.id).sort()).toEqual([busy.id, recent.id].sort());
    expect(() => h.manager.info(idle.id, idle.token)).toThrow(SessionExpiredError);
    lease.release();
  });

  it('reports a session scope that failed to close in the background, and still ends it', async () => {
    await using h = harness({
      create: (seed, scope) => {
        scope.defer(() => { throw new Error('temporary file is locked'); }, 'scratch-file');
        return Promise.resolve({ name: seed.name, bytes: 0, resources: [], payload: [] });
      },
    });
    const { id, token } = await h.manager.create({ name: 'a' });
    h.clock.advance(IDLE_MS);
    expect(await h.manager.sweep()).toBe(1);
    expect(h.backgroundErrors).toHaveLength(1);
    expect(h.backgroundErrors[0]).toBeInstanceOf(ScopeDisposalError);
    expect((h.backgroundErrors[0] as Error).message).toMatch(/deferred scratch-file .*temporary file is locked/);
    expect(thrownBy(() => h.manager.info(id, token))).toMatchObject({ reason: 'expired' });
  });
});

describe('tombstones', () => {
  it('are kept for tombstoneTtlMs, then the session is simply not found', async () => {
    await using h = harness({ tombstoneTtlMs: 10_000 });
    const { id, token } = await h.manager.create({ name: 'a' });
    h.clock.advance(IDLE_MS);
    expect(await h.manager.sweep()).toBe(1);
    h.clock.advance(9_999);
    expect(() => h.manager.info(id, token)).toThrow(SessionExpiredError);
    h.clock.advance(1);
    expect(() => h.manager.info(id, token)).toThrow(SessionNotFoundError);
    expect(h.manager.tombstones).toBe(0);
  });

  it('are bounded in number: the oldest are dropped first', async () => {
    await using h = harness({ maxTombstones: 2 });
    const sessions = [];
    for (const name of ['a', 'b', 'c']) {
      const created = await h.manager.create({ name });
      await h.manager.close(created.id, created.token);
      sessions.push(created);
    }
    expect(h.manager.tombstones).toBe(2);
    const [a, b, c] = sessions;
    expect(() => h.manager.info(a!.id, a!.token)).toThrow(SessionNotFoundError);
    expect(() => h.manager.info(b!.id, b!.token)).toThrow(SessionExpiredError);
    expect(() => h.manager.info(c!.id, c!.token)).toThrow(SessionExpiredError);
  });

  it('answer only the token owner: a wrong token on an ended session is not found', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    await h.manager.close(id, token);
    const wrong = thrownBy(() => h.manager.info(id, `${token}x`));
    expect(wrong).toBeInstanceOf(SessionNotFoundError);
    expect((wrong as Error).message).toBe(`session '${id}' not found: the id is unknown or the token does not match`);
  });
});
