import { describe, expect, it } from 'vitest';
import { SessionExpiredError, SessionLimitError } from '../../src/session/index.js';
import { deferred, harness, IDLE_MS, rejectionOf, thrownBy, type Workspace } from './helpers.js';

const bytesOf = (state: Workspace): number => state.bytes;

describe('maxSessions', () => {
  it('refuses a session beyond the limit, and accepts one again when a session ends', async () => {
    await using h = harness({ maxSessions: 2 });
    const a = await h.manager.create({ name: 'a' });
    await h.manager.create({ name: 'b' });
    const error = await rejectionOf(() => h.manager.create({ name: 'c' }));
    expect(error).toBeInstanceOf(SessionLimitError);
    expect(error).toMatchObject({ code: 'SESSION_LIMIT' });
    expect((error as Error).message).toMatch(/2 sessions are open and 0 being created, the limit is 2 \(maxSessions\)/);
    expect(h.factoryCalls).toEqual(['a', 'b']);
    await h.manager.close(a.id, a.token);
    await expect(h.manager.create({ name: 'c' })).resolves.toBeDefined();
    expect(h.manager.size).toBe(2);
  });

  it('holds under concurrent creations: slots are reserved before the state is built', async () => {
    const gate = deferred();
    await using h = harness({
      maxSessions: 3,
      create: async (seed) => {
        await gate.promise;
        return { name: seed.name, bytes: 0, resources: [], payload: [] };
      },
    });
    const attempts = ['a', 'b', 'c', 'd', 'e'].map((name) => h.manager.create({ name }));
    gate.resolve();
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    for (const outcome of outcomes.slice(3)) {
      expect(outcome.status === 'rejected' && outcome.reason instanceof SessionLimitError).toBe(true);
    }
    expect(h.manager.size).toBe(3);
    expect(h.app.children).toHaveLength(3);
  });

  it('does not count sessions whose idle time has run out, even before a sweep', async () => {
    await using h = harness({ maxSessions: 1 });
    const old = await h.manager.create({ name: 'old' });
    h.clock.advance(IDLE_MS);
    await h.manager.create({ name: 'new' });
    expect(thrownBy(() => h.manager.info(old.id, old.token))).toMatchObject({ reason: 'expired', endedAt: 1_000 + IDLE_MS });
    expect(h.disposals).toEqual(['old:second', 'old:first']);
  });
});

describe('memory budget', () => {
  it('evicts idle sessions, least recently used first, to make room; they are tombstoned as evicted', async () => {
    await using h = harness({ memoryBudgetBytes: 100, sizeOf: bytesOf });
    const a = await h.manager.create({ name: 'a', bytes: 40 });
    h.clock.advance(10);
    const b = await h.manager.create({ name: 'b', bytes: 40 });
    h.clock.advance(10);
    h.manager.lease(a.id, a.token).release(); // b is now the least recently used
    h.clock.advance(10);

    const c = await h.manager.create({ name: 'c', bytes: 40 });
    expect(h.disposals).toEqual(['b:second', 'b:first']);
    expect(h.manager.bytes).toBe(80);
    expect(h.manager.list().map((info) => info.id)).toEqual([a.id, c.id]);
    const error = thrownBy(() => h.manager.lease(b.id, b.token));
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(error).toMatchObject({ reason: 'evicted', endedAt: 1_030 });
    expect((error as Error).message).toMatch(/evicted to make room for a new session/);
  });

  it('evicts as few sessions as it needs', async () => {
    await using h = harness({ memoryBudgetBytes: 100, sizeOf: bytesOf });
    for (const name of ['a', 'b', 'c', 'd']) {
      await h.manager.create({ name, bytes: 25 });
      h.clock.advance(1);
    }
    await h.manager.create({ name: 'e', bytes: 30 });
    // 100 + 30 is 30 over: the two least recently used (25 + 25) are enough. They close concurrently.
    expect([...h.disposals].sort()).toEqual(['a:first', 'a:second', 'b:first', 'b:second']);
    expect(h.disposals.filter((label) => label.startsWith('a:'))).toEqual(['a:second', 'a:first']);
    expect(h.manager.bytes).toBe(80);
  });

  it('never evicts a leased session, and fails without evicting anyone when it cannot make room', async () => {
    await using h = harness({ memoryBudgetBytes: 100, sizeOf: bytesOf });
    const idle = await h.manager.create({ name: 'idle', bytes: 40 });
    const busy = await h.manager.create({ name: 'busy', bytes: 40 });
    const lease = h.manager.lease(busy.id, busy.token);

    const error = await rejectionOf(() => h.manager.create({ name: 'big', bytes: 70 }));
    expect(error).toBeInstanceOf(SessionLimitError);
    expect((error as Error).message).toBe(
      'cannot create a session: it needs 70 bytes, 80 of the 100-byte budget (memoryBudgetBytes) are in use, and evicting every idle session would not free enough',
    );
    // The new state's scope was closed; both existing sessions are untouched.
    expect(h.disposals).toEqual(['big:second', 'big:first']);
    expect(h.manager.info(idle.id, idle.token).sizeBytes).toBe(40);
    expect(lease.state.name).toBe('busy');

    // 40 over: only the idle session can go, and it is enough.
    await h.manager.create({ name: 'fits', bytes: 60 });
    expect(() => h.manager.info(idle.id, idle.token)).toThrow(SessionExpiredError);
    expect(lease.state.name).toBe('busy');
    lease.release();
  });

  it('measures a state again when its last lease is released', async () => {
    await using h = harness({ memoryBudgetBytes: 1_000, sizeOf: bytesOf });
    const { id, token } = await h.manager.create({ name: 'a', bytes: 100 });
    const lease = h.manager.lease(id, token);
    lease.state.bytes = 300;
    const second = h.manager.lease(id, token);
    lease.release();
    expect(h.manager.info(id, token).sizeBytes).toBe(100);
    second.release();
    expect(h.manager.info(id, token).sizeBytes).toBe(300);
    expect(h.manager.bytes).toBe(300);
  });
});
