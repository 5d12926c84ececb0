/** The pure parts of the distributed modules: partitions, job data checks, Redis URLs, which failures are retried. */
import fc from 'fast-check';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { parsePartitionJob, parsePartitionResult, partitionRanges, sharedInputSources } from '../../src/eod/distributed/eod-partitions.js';
import { checkQueuePrefix, describeRedisUrl, probeRedis, resolveRedisUrl } from '../../src/distributed/queue-connection.js';
import { QueueOptionError, QueueUnreachableError, RedisUrlError } from '../../src/distributed/queue-errors.js';
import { asJobFailure, isPermanentFailure } from '../../src/distributed/worker-failures.js';
import { EodInputError } from '../../src/eod/eod-input-error.js';
import { ResultsCommitError, RunStateError, StoreUnreachableError } from '../../src/store/index.js';

describe('partitionRanges', () => {
  it('covers [0, total) with consecutive ranges of at most `size` positions', () => {
    expect(partitionRanges(10, 3)).toEqual([{ from: 0, to: 3 }, { from: 3, to: 6 }, { from: 6, to: 9 }, { from: 9, to: 10 }]);
    expect(partitionRanges(0, 5)).toEqual([]);
    fc.assert(fc.property(fc.nat(5000), fc.integer({ min: 1, max: 700 }), (total, size) => {
      const ranges = partitionRanges(total, size);
      expect(ranges.length).toBe(Math.ceil(total / size));
      let next = 0;
      for (const range of ranges) {
        expect(range.from).toBe(next);
        expect(range.to - range.from).toBeGreaterThan(0);
        expect(range.to - range.from).toBeLessThanOrEqual(size);
        next = range.to;
      }
      expect(next).toBe(total);
    }));
    expect(() => partitionRanges(10, 0)).toThrow(RangeError);
  });
});

describe('partition jobs and answers', () => {
  const job = {
    runId: 'eod-1', startedAt: '2024-01-01T00:00:00.000Z', partition: 1, partitions: 2, from: 5, to: 10, positions: 10,
    inputs: { portfolio: '/data/p.csv', market: '/data/m.csv', effectiveDate: '2023-12-29', models: '/data/models' }, inputHashes: { portfolio: 'ab' },
    reportKey: 'bull:tenure-eod:report:eod-1:0',
  };

  it('reads a well-formed job and refuses one whose range is not inside the portfolio', () => {
    expect(parsePartitionJob(job)).toEqual(job);
    expect(() => parsePartitionJob({ ...job, to: 11 })).toThrow(/from < to ≤ positions/);
    expect(() => parsePartitionJob({ ...job, runId: 7 })).toThrow(/runId/);
    expect(() => parsePartitionResult({ partition: 0 })).toThrow(/unexpected/);
  });

  it('hands workers absolute input paths, and a database portfolio as it is', () => {
    const shared = sharedInputSources({ portfolio: 'p.csv', market: 'm.csv', effectiveDate: '2023-12-29', models: 'models' });
    expect(shared.portfolio).toBe(`${process.cwd()}/p.csv`);
    expect(shared.models).toBe(`${process.cwd()}/models`);
    expect(sharedInputSources({ portfolio: 'db:book-1', market: '/m.csv', effectiveDate: '2023-12-29', models: '/models' }).portfolio).toBe('db:book-1');
  });
});

describe('Redis URLs and queue options', () => {
  it('describes a Redis URL without its password and refuses other schemes', () => {
    expect(describeRedisUrl('redis://user:secret@cache.internal:6380/2')).toBe('Redis at cache.internal:6380, db 2');
    expect(() => describeRedisUrl('http://cache:6379')).toThrow(RedisUrlError);
    expect(() => describeRedisUrl('redis://:secret@cache/x')).toThrow(/database "x" must be a number/);
    const error = (() => { try { describeRedisUrl('postgres://u:secret@h/db'); } catch (e) { return e as Error; } return undefined; })();
    expect(error?.message).not.toContain('secret');
  });

  it('takes --redis, else REDIS_URL, else the local default', () => {
    expect(resolveRedisUrl('redis://a:1', { REDIS_URL: 'redis://b:2' })).toBe('redis://a:1');
    expect(resolveRedisUrl(undefined, { REDIS_URL: 'redis://b:2' })).toBe('redis://b:2');
    expect(resolveRedisUrl(undefined, { REDIS_URL: '' })).toBe('redis://127.0.0.1:6379');
  });

  it('refuses a queue prefix with a colon', () => {
    expect(checkQueuePrefix('tenure-prod')).toBe('tenure-prod');
    expect(() => checkQueuePrefix('a:b')).toThrow(QueueOptionError);
  });

  it('reports an unreachable Redis by host and port within the timeout', async () => {
    // Port 1 on the loopback: nothing listens there.
    await expect(probeRedis('redis://:secret@127.0.0.1:1', 1000)).rejects.toThrow(QueueUnreachableError);
    await expect(probeRedis('redis://:secret@127.0.0.1:1', 1000)).rejects.toThrow(/^Cannot reach the job queue at Redis at 127\.0\.0\.1:1: /);
  });
});

describe('which job failures are retried', () => {
  it('fails at once what no retry can cure, and retries the rest', () => {
    expect(isPermanentFailure(new EodInputError('--portfolio', 'gone'))).toBe(true);
    expect(isPermanentFailure(new RunStateError('r', 'it is failed'))).toBe(true);
    expect(isPermanentFailure(new StoreUnreachableError('pg', 'refused'))).toBe(false);
    expect(isPermanentFailure(new ResultsCommitError('r', 3, 'deadlock'))).toBe(false);
    expect(isPermanentFailure(new Error('out of memory'))).toBe(false);
    expect(asJobFailure(new EodInputError('--portfolio', 'gone'))).toBeInstanceOf(UnrecoverableError);
    expect(asJobFailure(new EodInputError('--portfolio', 'gone')).message).toBe('--portfolio: gone');
    expect(asJobFailure(new Error('blip'))).not.toBeInstanceOf(UnrecoverableError);
  });
});
