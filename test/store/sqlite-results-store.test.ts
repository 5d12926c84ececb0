import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openResultsStore, ResultsCommitError, StoreFileError, StoreInputError, type ResultsStore } from '../../src/store/index.js';
import { describeResultsStoreContract } from './results-store-contract.js';
import { auditFor, byPositionId, finishedAudit, resultRows } from './store-fixtures.js';

/** Every database of this file lives under one temporary folder, removed at the end. */
const root = mkdtempSync(join(tmpdir(), 'tenure-store-'));
let databases = 0;

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function freshPath(): string {
  return join(root, `db-${++databases}`, 'results.sqlite');
}

describeResultsStoreContract('SQLite results store (a real file)', () => {
  const path = freshPath();
  return Promise.resolve({
    open: (options) => openResultsStore(path, options),
    query: (sql) => {
      const db = new Database(path);
      try {
        const statement = db.prepare(sql);
        return Promise.resolve(statement.reader ? statement.all() as Record<string, unknown>[] : (statement.run(), []));
      } finally {
        db.close();
      }
    },
    dispose: () => {
      rmSync(join(path, '..'), { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

/**
 * A second process that takes SQLite's write lock (BEGIN IMMEDIATE) and holds it until
 * `holdMs` has passed, or until its stdin closes when `holdMs` is undefined.
 */
async function holdWriteLock(path: string, holdMs?: number): Promise<ChildProcess> {
  const script = `
    const Database = require(process.env.BETTER_SQLITE3);
    const db = new Database(process.env.DB_PATH);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    const release = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
    if (process.env.HOLD_MS) setTimeout(release, Number(process.env.HOLD_MS));
    else { process.stdin.on('end', release); process.stdin.resume(); }
  `;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, BETTER_SQLITE3: createRequire(import.meta.url).resolve('better-sqlite3'), DB_PATH: path, HOLD_MS: holdMs === undefined ? '' : String(holdMs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`lock holder exited early with code ${String(code)}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('SQLite results store: file, journal and locking', () => {
  it('runs in WAL journal mode', async () => {
    const path = freshPath();
    const store = await openResultsStore(path);
    await store.commitRun(finishedAudit('run-1'), resultRows(3));
    const observer = new Database(path, { readonly: true });
    try {
      expect(observer.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(existsSync(`${path}-wal`)).toBe(true);
    } finally {
      observer.close();
      await store.close();
    }
  });

  it('waits out another process holding the write lock (busy timeout), and fails without one', async () => {
    const path = freshPath();
    const rows = resultRows(10);

    const impatient = await openResultsStore(path, { busyTimeoutMs: 0 });
    const holder = await holdWriteLock(path);
    try {
      const refused = impatient.commitRun(finishedAudit('run-1'), rows);
      await expect(refused).rejects.toBeInstanceOf(ResultsCommitError);
      await expect(refused).rejects.toThrow(/database is locked/);
    } finally {
      holder.stdin!.end();
      await exited(holder);
      await impatient.close();
    }
    expect(holder.exitCode).toBe(0);

    const patient: ResultsStore = await openResultsStore(path);
    const slowHolder = await holdWriteLock(path, 750);
    try {
      await patient.commitRun(finishedAudit('run-1'), rows);
      expect(await patient.getResults('run-1')).toEqual(byPositionId(rows));
    } finally {
      await exited(slowHolder);
      await patient.close();
    }
    expect(slowHolder.exitCode).toBe(0);
  });

  it('opens the file a path, a sqlite: URL or the default names, creating its folder', async () => {
    const folder = join(root, 'urls');
    const plain = join(folder, 'plain', 'results.sqlite');
    const viaUrl = join(folder, 'via-url', 'results.sqlite');
    const fallback = join(folder, 'default', 'results.sqlite');
    for (const [url, path] of [[plain, plain], [`sqlite:${viaUrl}`, viaUrl], [undefined, fallback]] as const) {
      const store = await openResultsStore(url, { defaultSqlitePath: fallback });
      expect(store.dialect).toBe('sqlite');
      expect(store.location).toBe(path);
      await store.recordRunStart(auditFor('run-1'));
      await store.close();
      expect(existsSync(path)).toBe(true);
    }
  });

  it('names the path when the file cannot be created', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const path = join(blocker, 'results.sqlite');
    const failure = openResultsStore(path);
    await expect(failure).rejects.toBeInstanceOf(StoreFileError);
    await expect(failure).rejects.toThrow(`Cannot use ${path} as the SQLite results database`);
  });

  it('names the path when the file is not a SQLite database', async () => {
    const folder = join(root, 'garbage');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'results.sqlite');
    writeFileSync(path, 'this is not a database, it is a text file that is long enough to have a header\n'.repeat(20));
    const failure = openResultsStore(path);
    await expect(failure).rejects.toBeInstanceOf(StoreFileError);
    await expect(failure).rejects.toThrow(new RegExp(`Cannot use ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*not a database`));
  });

  it('refuses a negative busy timeout before touching the file', async () => {
    const path = freshPath();
    await expect(openResultsStore(path, { busyTimeoutMs: -1 })).rejects.toThrow(StoreInputError);
    await expect(openResultsStore(path, { busyTimeoutMs: -1 })).rejects.toThrow(/options\.busyTimeoutMs must be an integer of at least 0; got -1/);
    expect(existsSync(path)).toBe(false);
  });
});
