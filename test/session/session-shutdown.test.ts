import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  SessionExpiredError,
  SessionManagerClosedError,
  SessionShutdownError,
} from '../../src/session/index.js';
import { deferred, harness, IDLE_MS, Resource, rejectionOf, settle, thrownBy } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, '../..');

describe('shutdown', () => {
  it('closes every session scope, newest session first, each releasing its resources in reverse order', async () => {
    await using h = harness();
    for (const name of ['a', 'b', 'c']) {
      await h.manager.create({ name });
      h.clock.advance(1);
    }
    await h.manager[Symbol.asyncDispose]();
    expect(h.disposals).toEqual(['c:second', 'c:first', 'b:second', 'b:first', 'a:second', 'a:first']);
    expect(h.manager.size).toBe(0);
    expect(h.app.children).toEqual([]);
    expect(h.app.state).toBe('open');
  });

  it('refuses all work afterwards, and shutting down again is a no-op', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    await h.manager[Symbol.asyncDispose]();
    await expect(h.manager.create({ name: 'b' })).rejects.toThrow(SessionManagerClosedError);
    expect(() => h.manager.lease(id, token)).toThrow(SessionManagerClosedError);
    expect(() => h.manager.info(id, token)).toThrow('cannot read a session: the session manager has shut down');
    expect(() => h.manager.list()).toThrow(SessionManagerClosedError);
    await expect(h.manager.close(id, token)).rejects.toThrow(SessionManagerClosedError);
    expect(await h.manager.sweep()).toBe(0);
    await expect(h.manager[Symbol.asyncDispose]()).resolves.toBeUndefined();
    expect(h.factoryCalls).toEqual(['a']);
  });

  it('does not wait for leases: a lease held across shutdown finds its session ended', async () => {
    await using h = harness();
    const { id, token } = await h.manager.create({ name: 'a' });
    const lease = h.manager.lease(id, token);
    await h.manager[Symbol.asyncDispose]();
    expect(h.disposals).toEqual(['a:second', 'a:first']);
    expect(thrownBy(() => lease.state)).toBeInstanceOf(SessionExpiredError);
    expect(thrownBy(() => lease.scope)).toMatchObject({ reason: 'closed' });
    expect(() => { lease.release(); }).not.toThrow();
  });

  it('closes every session even when one fails, then reports the failures together', async () => {
    // No `await using`: shutting down again would reject again, with the same error.
    const h = harness({
      create: (seed, scope) => {
        if (seed.name === 'fragile') scope.defer(() => { throw new Error('lock file vanished'); }, 'lock');
        return Promise.resolve({ name: seed.name, bytes: 0, resources: [], payload: [] });
      },
    });
    await h.manager.create({ name: 'a' });
    h.clock.advance(1);
    const fragile = await h.manager.create({ name: 'fragile' });
    h.clock.advance(1);
    await h.manager.create({ name: 'c' });
    const error = await rejectionOf(() => h.manager[Symbol.asyncDispose]());
    expect(error).toBeInstanceOf(SessionShutdownError);
    expect(error).toMatchObject({ code: 'SESSION_SHUTDOWN_FAILED', failures: [{ sessionId: fragile.id }] });
    expect((error as Error).message).toMatch(new RegExp(`1 session did not close cleanly[^]*session '${fragile.id}': [^]*lock file vanished`));
    expect(h.app.children).toEqual([]);
    await h.app.close();
  });

  it('waits for a creation under way, which then closes its own scope instead of registering', async () => {
    const gate = deferred();
    const log: string[] = [];
    await using h = harness({
      create: async (seed, scope) => {
        scope.own(new Resource(`${seed.name}:early`, log));
        await gate.promise;
        return { name: seed.name, bytes: 0, resources: [], payload: [] };
      },
    });
    const creation = h.manager.create({ name: 'late' });
    const shutdown = h.manager[Symbol.asyncDispose]();
    gate.resolve();
    await expect(creation).rejects.toThrow(SessionManagerClosedError);
    await shutdown;
    expect(log).toEqual(['late:early']);
    expect(h.manager.size).toBe(0);
    expect(h.app.children).toEqual([]);
  });
});

describe('the sweeper', () => {
  it('expires idle sessions on its interval and is stopped by shutdown', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const h = harness({ sweepIntervalMs: 5_000 });
      expect(vi.getTimerCount()).toBe(1);
      const { id, token } = await h.manager.create({ name: 'a' });
      h.clock.advance(IDLE_MS);
      expect(h.manager.size).toBe(1);
      vi.advanceTimersByTime(5_000);
      await settle();
      expect(h.manager.size).toBe(0);
      expect(h.disposals).toEqual(['a:second', 'a:first']);
      expect(() => h.manager.info(id, token)).toThrow(SessionExpiredError);

      await h[Symbol.asyncDispose]();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not keep the process alive: a process with a manager and an open session exits by itself', async () => {
    const run = promisify(execFile);
    // The timeout only stops a hung child; the process is expected to exit as soon as its script ends.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(here, 'fixtures/idle-process.ts')], {
      cwd: repository,
      timeout: 20_000,
    });
    expect(stdout).toBe('sessions=1 id=22\n');
  });
});
