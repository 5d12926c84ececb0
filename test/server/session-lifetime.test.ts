import { afterEach, describe, expect, it } from 'vitest';
import { assertNoLeaks } from '../../src/lifetime/index.js';
import {
  createSession,
  gate,
  IDLE_TIMEOUT_MS,
  iterate,
  startTestServer,
  type ErrorReply,
  type InfoReply,
  type IterationReply,
  type TestServer,
} from './server-fixtures.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.[Symbol.asyncDispose]();
  server = undefined;
});

describe('session expiry', () => {
  it('expires a session left idle past the timeout: 410 with the typed body, and nothing of it stays reachable', async () => {
    server = await startTestServer('idle-expiry');
    const session = await createSession(server);
    await iterate(server, session);
    await iterate(server, session, { parameters: { 'psa-100': { speed: 150 } } });

    server.clock.advance(IDLE_TIMEOUT_MS - 1);
    expect(await server.server.modelSessions.sweep()).toBe(0);
    server.clock.advance(1);
    expect(await server.server.modelSessions.sweep()).toBe(1);

    const reply = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations`, { token: session.token, body: { parameters: {} } });
    expect(reply.status).toBe(410);
    expect(reply.body.error).toMatchObject({ code: 'SESSION_EXPIRED', reason: 'expired' });
    expect(Number.isNaN(Date.parse(reply.body.error.endedAt!))).toBe(false);
    for (const path of ['/parameters', '/baseline-diff', '']) {
      const other = await server.call<ErrorReply>('GET', `/sessions/${session.id}${path}`, { token: session.token });
      expect(other.status).toBe(410);
      expect(other.body.error.reason).toBe('expired');
    }

    // The session's scope owned its models, market data, state and iterations; all are gone.
    const report = await assertNoLeaks(server.sentinel);
    expect(report.examined).toBeGreaterThan(0);
  });

  it('does not expire a session while an iteration holds it, however long it runs; the idle time starts after the response', async () => {
    const inFlight = gate();
    const release = gate();
    let hold = false;
    server = await startTestServer('lease', {
      beforeIteration: async () => {
        if (!hold) return;
        inFlight.open();
        await release.promise;
      },
    });
    const session = await createSession(server);
    await iterate(server, session);

    hold = true;
    const pending = server.call<IterationReply>('POST', `/sessions/${session.id}/iterations`, { token: session.token, body: { parameters: { 'refi-standard': { burnoutRate: 1 } } } });
    await inFlight.promise;

    // Far past the idle timeout while the request is in flight: the sweep leaves it alone.
    server.clock.advance(3 * IDLE_TIMEOUT_MS);
    expect(await server.server.modelSessions.sweep()).toBe(0);
    const during = await server.call<InfoReply>('GET', `/sessions/${session.id}`, { token: session.token });
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ leases: 1, expiresAt: null });

    release.open();
    const answered = await pending;
    expect(answered.status).toBe(200);
    expect(answered.body.executionType).toBe('delta');

    // The idle clock restarted when the response was ready.
    server.clock.advance(IDLE_TIMEOUT_MS - 1);
    expect(await server.server.modelSessions.sweep()).toBe(0);
    const after = await server.call<InfoReply>('GET', `/sessions/${session.id}`, { token: session.token });
    expect(after.status).toBe(200);
    expect(after.body.leases).toBe(0);

    server.clock.advance(1);
    expect(await server.server.modelSessions.sweep()).toBe(1);
    const expired = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations`, { token: session.token, body: { parameters: {} } });
    expect(expired.status).toBe(410);
    expect(expired.body.error.reason).toBe('expired');
    await assertNoLeaks(server.sentinel);
  });

  it('releases the results of a superseded iteration (its iteration scope closes) while the session lives on', async () => {
    server = await startTestServer('iteration-scope');
    const session = await createSession(server);
    for (const speed of [100, 120, 140, 160]) await iterate(server, session, { parameters: { 'psa-165': { speed } } });
    // Iterations 2 and 3 were superseded: their scopes closed, and what they owned is gone.
    const report = await assertNoLeaks(server.sentinel);
    expect(report.examined).toBe(2);
    expect(server.server.modelSessions.size).toBe(1);
  });
});

describe('graceful shutdown', () => {
  it('lets an iteration in flight finish, then closes every session through its scope; nothing stays reachable', async () => {
    const inFlight = gate();
    const release = gate();
    let hold = false;
    const running = await startTestServer('shutdown', {
      beforeIteration: async () => {
        if (!hold) return;
        inFlight.open();
        await release.promise;
      },
    });
    server = running;
    const sessions = [await createSession(running), await createSession(running), await createSession(running)];
    for (const session of sessions) await iterate(running, session);

    hold = true;
    const pending = running.call<IterationReply>('POST', `/sessions/${sessions[0]!.id}/iterations`, { token: sessions[0]!.token, body: { parameters: { 'refi-fast': { burnoutRate: 1 } } } });
    await inFlight.promise;
    let closed = false;
    const closing = running.server.close().then(() => { closed = true; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    expect(running.server.modelSessions.size).toBe(3);

    release.open();
    const answered = await pending;
    expect(answered.status).toBe(200);
    await closing;
    expect(running.server.modelSessions.size).toBe(0);
    await expect(running.call('GET', '/health')).rejects.toThrow();

    const report = await assertNoLeaks(running.sentinel);
    expect(report.examined).toBeGreaterThanOrEqual(3 * 4);
  });
});
