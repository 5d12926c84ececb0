/**
 * Cache access traces from ../shared/data/traces, as integer key sequences. The OLTP trace is
 * expanded as its README says: a line `start n ignore request` requests keys start … start+n−1.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const TRACES_DIR = fileURLToPath(new URL('../../shared/data/traces/', import.meta.url));

export interface Trace {
  readonly name: string;
  readonly keys: Int32Array;
  /** Cache sizes to replay it at. */
  readonly capacities: readonly number[];
}

export function loadOltp(): Trace {
  const text = gunzipSync(readFileSync(`${TRACES_DIR}OLTP.lis.gz`)).toString('latin1');
  const keys: number[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const [start, count] = line.trim().split(/\s+/, 2).map(Number);
    if (start === undefined || count === undefined || !Number.isInteger(start) || !Number.isInteger(count)) {
      throw new Error(`OLTP.lis.gz: malformed line ${JSON.stringify(line)}`);
    }
    for (let i = 0; i < count; i++) keys.push(start + i);
  }
  return { name: 'OLTP', keys: Int32Array.from(keys), capacities: [1000, 2000] };
}

export function loadLirs(name: string, capacities: readonly number[]): Trace {
  const text = readFileSync(`${TRACES_DIR}lirs-${name}.trace`, 'latin1');
  const keys: number[] = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    const trimmed = line.trim();
    if (trimmed.length === 0) continue;
    const key = Number(trimmed);
    if (!Number.isInteger(key)) throw new Error(`lirs-${name}.trace:${lineNumber}: not an integer key: ${JSON.stringify(trimmed)}`);
    keys.push(key);
  }
  return { name: `LIRS-${name}`, keys: Int32Array.from(keys), capacities };
}
