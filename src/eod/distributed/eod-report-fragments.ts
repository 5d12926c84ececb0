/**
 * The pieces of a distributed run's results CSV, on their way from the workers to the
 * coordinator. Each worker formats its partition's lines (the costly part of the report,
 * done in parallel) and leaves them in Redis under a key the job names; the coordinator joins
 * them in partition order under the header — byte for byte the file a single process writes —
 * and deletes them. They expire after a day if no coordinator comes for them.
 */
import { Redis } from 'ioredis';
import { resultsCsv, resultsCsvHeader } from '../report-csv.js';
import type { ReportRow } from '../report-row.js';
import { KEY_RATE_TENORS } from '../../valuation/suite/scenario-curves.js';

/** How long a fragment waits for its coordinator, in seconds. */
const FRAGMENT_TTL_SECONDS = 24 * 3600;

export interface ReportFragments {
  put(key: string, text: string): Promise<void>;
  /** The fragments in the order of `keys`; undefined for one that is not there (expired, evicted). */
  get(keys: readonly string[]): Promise<(string | undefined)[]>;
  remove(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Fragments on the Redis at `url` (one connection, opened now, reconnecting on its own). */
export function redisReportFragments(url: string, onError: (error: Error) => void = () => undefined): ReportFragments {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', onError);
  return {
    async put(key, text) {
      await redis.set(key, text, 'EX', FRAGMENT_TTL_SECONDS);
    },
    async get(keys) {
      if (keys.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.get(key);
      const replies = (await pipeline.exec()) ?? [];
      return keys.map((_, i) => {
        const [error, value] = replies[i] ?? [null, null];
        return error === null && typeof value === 'string' ? value : undefined;
      });
    },
    async remove(keys) {
      if (keys.length > 0) await redis.del(...keys);
    },
    async close() {
      await redis.quit().catch(() => { redis.disconnect(); });
    },
  };
}

/**
 * The results CSV: the header, then every partition's lines as its worker left them. Should a
 * fragment be gone (Redis evicted or expired it), the whole file is written from the stored
 * rows instead (`readStored`: every position's row, in portfolio order) — the same bytes.
 */
export async function resultsCsvFromFragments(fragments: ReportFragments, keys: readonly string[], readStored: () => Promise<readonly ReportRow[]>): Promise<string> {
  const texts = await fragments.get(keys);
  if (texts.every((text) => text !== undefined)) return resultsCsvHeader(KEY_RATE_TENORS) + texts.join('');
  return resultsCsv(await readStored(), KEY_RATE_TENORS);
}
