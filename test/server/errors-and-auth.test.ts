import { afterEach, describe, expect, it } from 'vitest';
import { createSession, EFFECTIVE_DATE, iterate, startTestServer, type ErrorReply, type InfoReply, type TestServer } from './server-fixtures.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.[Symbol.asyncDispose]();
  server = undefined;
});

describe('session tokens', () => {
  it('answers a wrong or missing token exactly as an unknown id: 404, the same body', async () => {
    server = await startTestServer('tokens');
    const session = await createSession(server);
    const other = await createSession(server);

    const unknown = await server.call<ErrorReply>('POST', '/sessions/AAAAAAAAAAAAAAAAAAAAAA/iterations', { token: session.token, body: { parameters: {} } });
    const wrong = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations`, { token: other.token, body: { parameters: {} } });
    const missing = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations`, { body: { parameters: {} } });
    const malformed = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations`, { headers: { authorization: session.token }, body: { parameters: {} } });
    for (const reply of [unknown, wrong, missing, malformed]) {
      expect(reply.status).toBe(404);
      expect(reply.text).toBe(unknown.text);
    }
    expect(unknown.body.error.code).toBe('SESSION_NOT_FOUND');
    expect(unknown.text).not.toContain(session.id);

    // Every session route behaves the same.
    for (const [method, path] of [['GET', ''], ['GET', '/parameters'], ['GET', '/baseline-diff'], ['DELETE', '']] as const) {
      const reply = await server.call(method, `/sessions/${session.id}${path}`, { token: other.token });
      expect(reply.status).toBe(404);
      expect(reply.text).toBe(unknown.text);
    }

    // And the session is untouched by the attempts.
    expect((await iterate(server, session)).iteration).toBe(1);
  });

  it('tells only the token\'s owner that a closed session ended: 410 with reason and time', async () => {
    server = await startTestServer('closed');
    const session = await createSession(server);
    const closed = await server.call('DELETE', `/sessions/${session.id}`, { token: session.token });
    expect(closed.status).toBe(204);

    const owner = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations`, { token: session.token, body: { parameters: {} } });
    expect(owner.status).toBe(410);
    expect(owner.body.error).toMatchObject({ code: 'SESSION_EXPIRED', reason: 'closed' });
    expect(Number.isNaN(Date.parse(owner.body.error.endedAt!))).toBe(false);

    const stranger = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations`, { token: 'not-the-token', body: { parameters: {} } });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('SESSION_NOT_FOUND');
  });
});

describe('admin routes', () => {
  it('lists open sessions with the admin token, and answers 401 without it', async () => {
    server = await startTestServer('admin', { adminToken: 'admin-secret' });
    const first = await createSession(server);
    const second = await createSession(server);

    const listed = await server.call<{ sessions: InfoReply[] }>('GET', '/sessions', { token: 'admin-secret' });
    expect(listed.status).toBe(200);
    expect(listed.body.sessions.map((info) => info.id).sort()).toEqual([first.id, second.id].sort());
    for (const info of listed.body.sessions) expect(info).toMatchObject({ leases: 0 });

    for (const token of [undefined, 'wrong', first.token]) {
      const denied = await server.call<ErrorReply>('GET', '/sessions', token === undefined ? {} : { token });
      expect(denied.status).toBe(401);
      expect(denied.body.error.code).toBe('UNAUTHORIZED');
      expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('refuses every admin request when no admin token is configured', async () => {
    const saved = process.env.TENURE_ADMIN_TOKEN;
    delete process.env.TENURE_ADMIN_TOKEN;
    try {
      server = await startTestServer('no-admin');
      for (const token of [undefined, '', 'anything']) {
        const denied = await server.call<ErrorReply>('GET', '/sessions', token === undefined ? {} : { token });
        expect(denied.status).toBe(401);
        expect(denied.body.error.message).toContain('admin routes are disabled');
      }
    } finally {
      if (saved !== undefined) process.env.TENURE_ADMIN_TOKEN = saved;
    }
  });

  it('takes the admin token from TENURE_ADMIN_TOKEN when none is given', async () => {
    const saved = process.env.TENURE_ADMIN_TOKEN;
    process.env.TENURE_ADMIN_TOKEN = 'from-the-environment';
    try {
      server = await startTestServer('admin-env');
      expect((await server.call('GET', '/sessions', { token: 'from-the-environment' })).status).toBe(200);
    } finally {
      if (saved === undefined) delete process.env.TENURE_ADMIN_TOKEN;
      else process.env.TENURE_ADMIN_TOKEN = saved;
    }
  });
});

describe('bad requests', () => {
  it('answers 400 naming the field for a body that does not match the schema', async () => {
    server = await startTestServer('bad-body');
    const cases: { body: unknown; field: string }[] = [
      { body: { portfolio: 'book.csv' }, field: 'body.market' },
      { body: { portfolio: 'book.csv', market: {} }, field: 'body.market.date' },
      { body: { portfolio: 'book.csv', market: { date: '29/12/2023' } }, field: 'body.market.date' },
      { body: { portfolio: 'book.csv', market: { date: EFFECTIVE_DATE, extra: 1 } }, field: 'body.market.extra' },
      { body: { portfolio: 'book.csv', market: { date: EFFECTIVE_DATE }, unknown: true }, field: 'body.unknown' },
      { body: { portfolio: 42, market: { date: EFFECTIVE_DATE } }, field: 'body.portfolio' },
      { body: { portfolio: [{ kind: 'option' }], market: { date: EFFECTIVE_DATE } }, field: 'body.portfolio[0].kind' },
    ];
    for (const { body, field } of cases) {
      const reply = await server.call<ErrorReply>('POST', '/sessions', { body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'BAD_REQUEST', field });
      expect(reply.body.error.message).toContain(field);
    }
    expect(server.server.modelSessions.size).toBe(0);
  });

  it('answers 400 naming the field for inputs that are wrong in themselves', async () => {
    server = await startTestServer('bad-input');
    const market = { file: server.data.market, date: EFFECTIVE_DATE };
    const cases: { body: Record<string, unknown>; code: string; field: string }[] = [
      { body: { portfolio: '/etc/hostname', market }, code: 'BAD_PATH', field: 'body.portfolio' },
      { body: { portfolio: '../../etc/hostname', market }, code: 'BAD_PATH', field: 'body.portfolio' },
      { body: { portfolio: 'missing.csv', market }, code: 'BAD_PATH', field: 'body.portfolio' },
      { body: { portfolio: server.data.portfolio, market: { file: 'nope.csv', date: EFFECTIVE_DATE } }, code: 'BAD_PATH', field: 'body.market.file' },
      { body: { portfolio: server.data.portfolio, market: { ...market, date: '2023-12-25' } }, code: 'BAD_MARKET_DATA', field: 'body.market' },
      { body: { portfolio: server.data.portfolio, market, models: '.' }, code: 'BAD_MODEL_DIRECTORY', field: 'body.models' },
      {
        body: { portfolio: [{ kind: 'bond', id: 'B1', face: -5, coupon: 0.05, issueDate: '2020-01-15', maturityDate: '2030-01-15', frequency: 2, dayCount: 'ACT/ACT-ISMA', calendar: 'US-GOVT' }], market },
        code: 'BAD_PORTFOLIO',
        field: 'body.portfolio[0].face',
      },
    ];
    for (const { body, code, field } of cases) {
      const reply = await server.call<ErrorReply>('POST', '/sessions', { body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error, JSON.stringify(body)).toMatchObject({ code, field });
    }
    expect(server.server.modelSessions.size).toBe(0);
  });

  it('answers 400 naming the model parameter for bad parameters', async () => {
    server = await startTestServer('bad-parameters');
    const session = await createSession(server);
    const cases: { parameters: unknown; code: string; field: string }[] = [
      { parameters: { 'refi-fast': { sCurveMax: '0.5' } }, code: 'BAD_REQUEST', field: 'body.parameters.refi-fast.sCurveMax' },
      { parameters: { nope: { speed: 100 } }, code: 'BAD_MODEL_NAME', field: 'body.parameters.nope' },
      { parameters: { 'psa-100': { velocity: 100 } }, code: 'BAD_MODEL_PARAMETER', field: 'body.parameters.psa-100.velocity' },
      { parameters: { 'refi-fast': { sCurveMax: -1 } }, code: 'BAD_MODEL_PARAMETER', field: 'body.parameters.refi-fast.sCurveMax' },
    ];
    for (const { parameters, code, field } of cases) {
      const reply = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations`, { token: session.token, body: { parameters } });
      expect(reply.status, JSON.stringify(parameters)).toBe(400);
      expect(reply.body.error).toMatchObject({ code, field });
    }
  });

  it('answers 400 for malformed JSON and for a page larger than allowed', async () => {
    server = await startTestServer('malformed', { maxPageSize: 50 });
    const broken = await server.call<ErrorReply>('POST', '/sessions', { raw: '{"portfolio": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'BAD_JSON', field: 'body' });

    const session = await createSession(server);
    const tooMany = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations?limit=51`, { token: session.token, body: { parameters: {} } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ field: 'querystring.limit' });
    const notNumber = await server.call<ErrorReply>('POST', `/sessions/${session.id}/iterations?limit=ten`, { token: session.token, body: { parameters: {} } });
    expect(notNumber.status).toBe(400);
    expect(notNumber.body.error).toMatchObject({ field: 'querystring.limit' });
  });

  it('answers 413 for a body over the limit', async () => {
    const bodyLimitBytes = 4096;
    server = await startTestServer('too-large', { bodyLimitBytes });
    const positions = Array.from({ length: 40 }, (_, i) => ({ kind: 'bond', id: `B${i}`, face: 1e6, coupon: 0.05, issueDate: '2020-01-15', maturityDate: '2030-01-15', frequency: 2, dayCount: 'ACT/ACT-ISMA', calendar: 'US-GOVT' }));
    const body = { portfolio: positions, market: { date: EFFECTIVE_DATE } };
    expect(JSON.stringify(body).length).toBeGreaterThan(bodyLimitBytes);
    const reply = await server.call<ErrorReply>('POST', '/sessions', { body });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('BODY_TOO_LARGE');
  });

  it('answers 503 SESSION_LIMIT when the server holds as many sessions as it may', async () => {
    server = await startTestServer('limit', { maxSessions: 1 });
    await createSession(server);
    const reply = await server.call<ErrorReply>('POST', '/sessions', { body: { portfolio: server.data.portfolio, market: { file: server.data.market, date: EFFECTIVE_DATE } } });
    expect(reply.status).toBe(503);
    expect(reply.body.error.code).toBe('SESSION_LIMIT');
  });

  it('answers an unknown route with the typed body', async () => {
    server = await startTestServer('unknown-route');
    const reply = await server.call<ErrorReply>('GET', '/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});
