import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerFeedCommand } from '../../../src/cli/feed-command.js';
import { connectFeed, type FeedBar } from '../../../src/trading/feed/websocket-feed.js';
import { readBars } from '../../../src/trading/market/read-bars.js';

const FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/market/backtrader-2006-day-001.csv');

function program(out: (line: string) => void, stop?: AbortSignal): Command {
  const command = new Command().name('tenure').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerFeedCommand(command, out, stop);
  return command;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('tenure feed simulate', () => {
  it('announces its address, serves the file, and closes cleanly when stopped', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const running = program((line) => lines.push(line), stop.signal).parseAsync(['node', 'tenure', 'feed', 'simulate', '--file', FILE, '--port', '0', '--speed', '500', '--asset', 'IDX']);
    await until(() => lines.length > 0, 'the address line');
    const match = /^feed: (ws:\/\/127\.0\.0\.1:(\d+)) \((\d+) bars of (\S+) at (\d+) bars\/s\)$/.exec(lines[0]!);
    expect(match?.slice(3)).toEqual(['255', 'IDX', '500']);

    const received: FeedBar[] = [];
    for await (const bar of connectFeed(match![1]!)) {
      received.push(bar);
      if (received.length === 5) break;
    }
    expect(received.map(({ asset, bar }) => [asset, bar.time])).toEqual(Array.from(readBars(FILE).time.subarray(0, 5), (time) => ['IDX', time]));

    stop.abort(new Error('test stop'));
    await running;
    expect(lines.at(-1)).toBe('feed: stopped (test stop)');
    // Stopped means the port is closed: a new connection is refused.
    await expect(connectFeed(match![1]!)[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'FEED_DISCONNECTED' });
  });

  it('says when it is unpaced or looping', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const running = program((line) => lines.push(line), stop.signal).parseAsync(['node', 'tenure', 'feed', 'simulate', '--file', FILE, '--port', '0', '--speed', '0', '--loop']);
    await until(() => lines.length > 0, 'the address line');
    expect(lines[0]).toMatch(/^feed: ws:\/\/127\.0\.0\.1:\d+ \(255 bars of backtrader-2006-day-001 as fast as clients read, looping\)$/);
    stop.abort();
    await running;
  });

  it('rejects a bad speed or port, a missing --file, and a bad data file', async () => {
    const parse = (...args: string[]): Promise<Command> => program(() => undefined).parseAsync(['node', 'tenure', 'feed', 'simulate', ...args]);
    await expect(parse('--file', FILE, '--speed', 'fast')).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(parse('--file', FILE, '--port', '70000')).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(parse()).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
    await expect(parse('--file', `${FILE}.missing`)).rejects.toMatchObject({ code: 'BAD_MARKET_DATA' });
  });
});
