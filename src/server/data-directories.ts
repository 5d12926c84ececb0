import { realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { badRequest } from './http-error.js';

/**
 * The directories a client may name files in. A server that reads any path it is sent would
 * let any local client read any file the process can; so a path (relative to one of these
 * directories, or absolute) must resolve, after following symbolic links, to somewhere inside
 * one of them.
 */
export class DataDirectories {
  /** The directories, resolved to real paths; relative request paths are tried in this order. */
  readonly roots: readonly string[];

  constructor(directories: readonly string[]) {
    if (directories.length === 0) throw new RangeError('DataDirectories: at least one data directory is required');
    this.roots = directories.map((directory) => realpathSync(resolve(directory)));
  }

  /**
   * The real path of `input`, which must exist, be a file (or a directory), and lie inside a
   * data directory. Throws a 400 naming `field` otherwise.
   */
  async resolve(input: string, field: string, kind: 'file' | 'directory'): Promise<string> {
    const candidates = isAbsolute(input) ? [input] : this.roots.map((root) => resolve(root, input));
    for (const candidate of candidates) {
      let real: string;
      try {
        real = await realpath(candidate);
      } catch {
        continue;
      }
      if (!this.#contains(real)) {
        throw badRequest('BAD_PATH', field, `"${input}" is outside the server's data directories (${this.roots.join(', ')})`);
      }
      const isDirectory = (await stat(real)).isDirectory();
      if (isDirectory !== (kind === 'directory')) throw badRequest('BAD_PATH', field, `"${input}" is not a ${kind}`);
      return real;
    }
    throw badRequest('BAD_PATH', field, `no ${kind} "${input}" in the server's data directories (${this.roots.join(', ')})`);
  }

  #contains(real: string): boolean {
    return this.roots.some((root) => {
      const path = relative(root, real);
      return path === '' || (!isAbsolute(path) && path.split(sep)[0] !== '..');
    });
  }
}
