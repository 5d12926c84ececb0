import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactUrl, resolveStoreLocation, StoreUrlError } from '../../src/store/index.js';

const cwd = '/srv/tenure';

describe('resolveStoreLocation', () => {
  it('uses the default SQLite file when no URL (or a blank one) is configured', () => {
    expect(resolveStoreLocation(undefined, 'tenure-results.sqlite', cwd)).toEqual({ dialect: 'sqlite', path: resolve(cwd, 'tenure-results.sqlite') });
    expect(resolveStoreLocation('  ', '.tenure/results.db', cwd)).toEqual({ dialect: 'sqlite', path: resolve(cwd, '.tenure/results.db') });
  });

  it('reads plain paths and every sqlite: spelling as SQLite files', () => {
    const cases: [string, string][] = [
      ['data/results.sqlite', resolve(cwd, 'data/results.sqlite')],
      ['/var/lib/tenure/results.sqlite', '/var/lib/tenure/results.sqlite'],
      ['sqlite:data/results.sqlite', resolve(cwd, 'data/results.sqlite')],
      ['sqlite://data/results.sqlite', resolve(cwd, 'data/results.sqlite')],
      ['sqlite:///var/lib/tenure/results.sqlite', '/var/lib/tenure/results.sqlite'],
      ['SQLITE:/abs.sqlite', '/abs.sqlite'],
    ];
    for (const [url, path] of cases) expect(resolveStoreLocation(url, 'unused', cwd), url).toEqual({ dialect: 'sqlite', path });
  });

  it('reads postgres:// and postgresql:// URLs, describing them without the password', () => {
    const location = resolveStoreLocation('postgresql://eod:s%40cret@db.internal:6543/results?sslmode=require', 'unused', cwd);
    expect(location).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://eod:s%40cret@db.internal:6543/results?sslmode=require',
      description: 'PostgreSQL at db.internal:6543, database results, user eod',
    });
    expect(resolveStoreLocation('postgres://localhost/test', 'unused', cwd)).toMatchObject({ description: 'PostgreSQL at localhost:5432, database test' });
  });

  it('refuses other schemes and an empty sqlite: URL, never echoing a password', () => {
    expect(() => resolveStoreLocation('mysql://root:topsecret@db/results', 'unused', cwd)).toThrow(StoreUrlError);
    expect(() => resolveStoreLocation('mysql://root:topsecret@db/results', 'unused', cwd)).toThrow(/mysql:\/\/root:\*\*\*@db\/results: unsupported scheme/);
    expect(() => resolveStoreLocation('mysql://root:topsecret@db/results', 'unused', cwd)).not.toThrow(/topsecret/);
    expect(() => resolveStoreLocation('sqlite:', 'unused', cwd)).toThrow(/names no file/);
  });
});

describe('redactUrl', () => {
  it('replaces the password and leaves everything else', () => {
    expect(redactUrl('postgres://eod:hunter2@db:5432/results')).toBe('postgres://eod:***@db:5432/results');
    expect(redactUrl('postgres://eod@db:5432/results')).toBe('postgres://eod@db:5432/results');
    expect(redactUrl('postgres://eod:hun ter2@db:5432/results')).not.toContain('hun ter2');
  });
});
