import { describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreMigrationError } from '../../src/store/index.js';
import { pendingMigrations } from '../../src/store/migrations.js';

describe('migrations', () => {
  it('are numbered 1, 2, 3, ... with both dialects written', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const migration of MIGRATIONS) {
      expect(migration.sqlite.trim()).not.toBe('');
      expect(migration.postgres.trim()).not.toBe('');
    }
  });

  it('declare the same tables and columns in both dialects', () => {
    const shape = (sql: string): string[] => [...sql.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\s*\)/g)]
      .flatMap(([, table, body]) => body!.split('\n')
        .map((line) => /^\s*("?\w+"?)\s+(?:TEXT|REAL|INTEGER|text|date|timestamptz|jsonb|double precision|bigint|integer)\b/.exec(line)?.[1])
        .filter((column) => column !== undefined)
        .map((column) => `${table!}.${column}`));
    for (const migration of MIGRATIONS) {
      expect(shape(migration.sqlite).length).toBeGreaterThan(0);
      expect(shape(migration.sqlite)).toEqual(shape(migration.postgres));
    }
  });

  it('plans only what a database lacks, in order', () => {
    expect(pendingMigrations('db', [])).toEqual(MIGRATIONS);
    expect(pendingMigrations('db', [{ version: 1, name: MIGRATIONS[0]!.name }])).toEqual(MIGRATIONS.slice(1));
    expect(pendingMigrations('db', MIGRATIONS.map(({ version, name }) => ({ version, name })))).toEqual([]);
  });

  it('refuses a newer or diverged history, naming the database', () => {
    expect(() => pendingMigrations('results.sqlite', [{ version: 999, name: 'later' }])).toThrow(StoreMigrationError);
    expect(() => pendingMigrations('results.sqlite', [{ version: 999, name: 'later' }])).toThrow(/^Results database results\.sqlite: schema version 999 is newer/);
    expect(() => pendingMigrations('results.sqlite', [{ version: 1, name: 'something else' }])).toThrow(/migration 1 is recorded as "something else"/);
  });
});
