import { resolve } from 'node:path';
import { StoreUrlError } from './store-errors.js';

/** Where a results store lives, decided from the configured URL alone. */
export type StoreLocation =
  | {
    readonly dialect: 'sqlite';
    /** Absolute, so every message names exactly the file meant. */
    readonly path: string;
  }
  | {
    readonly dialect: 'postgres';
    /** The URL as configured, password included: for the driver only, never for messages. */
    readonly connectionString: string;
    /** `PostgreSQL at host:port, database db, user u`: safe to log. */
    readonly description: string;
  };

const POSTGRES_SCHEME = /^postgres(?:ql)?:\/\//i;
const SQLITE_SCHEME = /^sqlite:/i;
/** Any other `scheme://`: a URL we cannot serve, rather than a file with an odd name. */
const OTHER_URL_SCHEME = /^[a-z][a-z0-9+.-]+:\/\//i;

/**
 * Reads a database URL: none (or blank) or a plain path → that SQLite file; `sqlite:path`,
 * `sqlite://path` or `sqlite:///absolute/path` → SQLite; `postgres://` or `postgresql://` →
 * PostgreSQL. Relative paths resolve against `cwd`.
 */
export function resolveStoreLocation(url: string | undefined, defaultSqlitePath: string, cwd = process.cwd()): StoreLocation {
  const text = url?.trim() ?? '';
  if (text === '') return { dialect: 'sqlite', path: resolve(cwd, defaultSqlitePath) };
  if (POSTGRES_SCHEME.test(text)) return { dialect: 'postgres', connectionString: text, description: describePostgresUrl(text) };
  if (SQLITE_SCHEME.test(text)) {
    let path = text.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new StoreUrlError(text, 'names no file; write sqlite:path/to/results.sqlite');
    return { dialect: 'sqlite', path: resolve(cwd, path) };
  }
  if (OTHER_URL_SCHEME.test(text)) {
    throw new StoreUrlError(redactUrl(text), 'unsupported scheme; use a file path, sqlite:<path>, or postgres://user@host:port/database');
  }
  return { dialect: 'sqlite', path: resolve(cwd, text) };
}

/** The URL with any password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not parseable as a URL: blank out whatever sits between `user:` and `@`.
    return url.replace(/(\/\/[^/:@]*):[^@]*@/, '$1:***@');
  }
}

/** `PostgreSQL at 127.0.0.1:5432, database test, user postgres` (libpq defaults where unset). */
export function describePostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreUrlError(redactUrl(url), 'is not a valid URL; expected postgres://user@host:port/database');
  }
  const host = decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port || parsed.searchParams.get('port') || '5432';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const user = decodeURIComponent(parsed.username);
  const details = [database === '' ? undefined : `database ${database}`, user === '' ? undefined : `user ${user}`]
    .filter((detail) => detail !== undefined);
  return `PostgreSQL at ${host}:${port}${details.length === 0 ? '' : `, ${details.join(', ')}`}`;
}
