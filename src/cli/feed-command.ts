/**
 * `tenure feed simulate`: a local live feed on 127.0.0.1 replaying a bar file at a chosen speed,
 * so a live strategy (or `tenure operate`) can be run and tested against a real websocket
 * without the internet. Runs until SIGINT or SIGTERM, then closes every connection and stops.
 */
import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import { InterruptGuard } from '../eod/interrupt-guard.js';
import { startFeedSimulator } from '../trading/feed/feed-simulator.js';
import { parsePort } from './serve-command.js';

export interface FeedSimulateOptions {
  readonly file: string;
  readonly host: string;
  readonly port: number;
  readonly speed: number;
  readonly loop?: boolean;
  readonly asset?: string;
}

/**
 * Adds `feed simulate` to the program. `stop` ends the simulator as a signal would (for tests
 * and embedding); SIGINT and SIGTERM always do.
 */
export function registerFeedCommand(program: Command, out: (line: string) => void, stop?: AbortSignal): void {
  const feed = program.command('feed').description('live market data feeds');
  feed
    .command('simulate')
    .description('replay a bar file as a local websocket feed at a chosen speed, until SIGINT/SIGTERM')
    .requiredOption('--file <csv>', 'bar file to replay (timestamp/date, open, high, low, close, volume)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 8765)
    .option('--speed <bars/s>', 'bars per second for each connection (0: as fast as the client reads)', parseSpeed, 10)
    .option('--loop', 'start again from the first bar after the last, instead of sending "end"')
    .option('--asset <name>', 'asset name on the wire (default: the file name without extension)')
    .action(async (options: FeedSimulateOptions) => {
      await feedSimulate(options, out, stop);
    });
}

/** Runs the simulator until a signal (or `stop`); resolves once it is closed. */
export async function feedSimulate(options: FeedSimulateOptions, out: (line: string) => void, stop?: AbortSignal): Promise<void> {
  using guard = new InterruptGuard();
  const simulator = await startFeedSimulator({
    file: options.file,
    host: options.host,
    port: options.port,
    speed: options.speed,
    loop: options.loop === true,
    ...(options.asset === undefined ? {} : { asset: options.asset }),
  });
  const pace = simulator.speed === Number.POSITIVE_INFINITY ? 'as fast as clients read' : `at ${simulator.speed} bars/s`;
  out(`feed: ${simulator.url} (${simulator.bars} bars of ${simulator.asset} ${pace}${options.loop === true ? ', looping' : ''})`);

  const ended = stop === undefined ? guard.signal : AbortSignal.any([guard.signal, stop]);
  if (!ended.aborted) await once(ended, 'abort');
  const reason: unknown = ended.reason;
  await simulator.close();
  out(`feed: stopped (${reason instanceof Error ? reason.message : 'stop requested'})`);
}

/** Bars per second: a number ≥ 0 (0 means unpaced). */
function parseSpeed(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value) || value < 0) throw new InvalidArgumentError(`expected bars per second, a number ≥ 0 (0: as fast as possible), got "${text}"`);
  return value;
}
