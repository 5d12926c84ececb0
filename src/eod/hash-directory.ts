import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * SHA-256 over the names and bytes of a directory's files (not recursive), in name order: the
 * audit's proof of which model files a run read.
 */
export function hashDirectory(directory: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    hash.update(name).update('\0');
    try {
      hash.update(readFileSync(path));
    } catch {
      // A subdirectory or unreadable entry: its name is recorded, its content is not read.
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}
