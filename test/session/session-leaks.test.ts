import { afterEach, describe, expect, it } from 'vitest';
import { assertNoLeaks, expectScopeCollected, ScopeLeakError, type DefaultLifetime, type Scope } from '../../src/lifetime/index.js';
import type { Lease } from '../../src/session/index.js';
import { harness, IDLE_MS, type Harness, type Workspace } from './helpers.js';

/** A deliberate leak for the control test: a holder that outlives every session. */
const retained: unknown[] = [];
afterEach(() => {
  retained.length = 0;
});

/**
 * Creates a session, uses it through a lease, and returns only its scope and the released
 * lease: no test variable holds the state, so whatever keeps it alive is the manager's doing.
 */
async function useSession(
  h: Harness,
  name: string,
  bytes = 0,
): Promise<{ scope: Scope<DefaultLifetime>; lease: Lease<Workspace>; id: string; token: string }> {
  const { id, token } = await h.manager.create({ name, bytes });
  const lease = h.manager.lease(id, token);
  lease.state.payload.push(2);
  const scope = lease.scope;
  lease.release();
  return { scope, lease, id, token };
}

describe('session state is collectable once the session ends', () => {
  it('after idle expiry: nothing the state owned is reachable, though the caller still holds the lease and the credentials', async () => {
    await using h = harness();
    const { scope, lease, id, token } = await useSession(h, 'a');
    h.clock.advance(IDLE_MS);
    expect(await h.manager.sweep()).toBe(1);
    expect(scope.state).toBe('closed');
    const report = await expectScopeCollected(scope);
    expect(report.status).toBe('clean');
    // Two resources and the Workspace were tracked: the check is not vacuous.
    expect(report.examined).toBe(3);
    expect(lease.released).toBe(true);
    expect(() => h.manager.info(id, token)).toThrow(/has ended/);
  });

  it('after an expiry noticed on access, an eviction, and a close with a lease never released', async () => {
    await using h = harness({ memoryBudgetBytes: 10, sizeOf: (state) => state.bytes });
    const expired = await useSession(h, 'expired');
    h.clock.advance(IDLE_MS);
    expect(() => h.manager.lease(expired.id, expired.token)).toThrow(/has ended/);

    const evicted = await useSession(h, 'evicted', 5);
    h.clock.advance(1);
    await h.manager.create({ name: 'newcomer', bytes: 10 });
    expect(() => h.manager.info(evicted.id, evicted.token)).toThrow(/evicted/);

    const closed = await useSession(h, 'closed');
    const forgotten = h.manager.lease(closed.id, closed.token);
    await h.manager.close(closed.id, closed.token);

    for (const scope of [expired.scope, evicted.scope, closed.scope]) expect(scope.state).toBe('closed');
    // One check over every closed scope: three tracked objects in each of the three sessions.
    const report = await assertNoLeaks(h.sentinel);
    expect(report).toMatchObject({ status: 'clean', examined: 9 });
    expect(forgotten.released).toBe(false);
  });

  it('control: a state kept by something outside the manager is reported as a leak', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'hoarded' });
    const lease = h.manager.lease(id, token);
    retained.push(lease.state);
    const scope = lease.scope;
    lease.release();
    await h.manager.close(id, token);
    const error: unknown = await expectScopeCollected(scope).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScopeLeakError);
    // The state, and the resources it refers to.
    expect((error as ScopeLeakError).leaks).toEqual([
      { label: 'Resource', scope: scope.path, count: 2 },
      { label: 'Workspace', scope: scope.path, count: 1 },
    ]);
  });
});
