import { SingleBar } from 'cli-progress';
import type { Logger } from 'pino';

/** What a run reports as it goes. */
export interface Progress {
  stage(name: string): void;
  /** `done` of `total` positions valued. */
  advance(done: number, total: number): void;
  finish(): void;
}

/**
 * A progress bar on a terminal (on stderr, so stdout stays clean for the summary), and
 * structured log lines otherwise (a scheduler's log, CI), at most one per `logEvery` share.
 */
export function createProgress(options: { tty: boolean; logger: Logger; stream?: NodeJS.WritableStream }): Progress {
  if (options.tty) return new BarProgress(options.stream ?? process.stderr);
  return new LogProgress(options.logger);
}

class BarProgress implements Progress {
  readonly #bar: SingleBar;
  #started = false;
  #stage = '';

  constructor(stream: NodeJS.WritableStream) {
    this.#bar = new SingleBar({
      stream,
      format: ' {stage} [{bar}] {percentage}% | {value}/{total} positions | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: false,
    });
  }

  stage(name: string): void {
    this.#stage = name;
    if (this.#started) this.#bar.update({ stage: name });
  }

  advance(done: number, total: number): void {
    if (!this.#started) {
      this.#bar.start(total, done, { stage: this.#stage });
      this.#started = true;
    } else {
      this.#bar.update(done, { stage: this.#stage });
    }
  }

  finish(): void {
    if (this.#started) this.#bar.stop();
    this.#started = false;
  }
}

class LogProgress implements Progress {
  readonly #logger: Logger;
  #nextShare = 0;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  stage(name: string): void {
    this.#logger.info({ stage: name }, 'stage started');
  }

  advance(done: number, total: number): void {
    // One line per tenth of the portfolio: enough to see a run move, not a flood.
    if (total === 0 || done / total < this.#nextShare) return;
    this.#logger.info({ done, total, percent: Math.round((100 * done) / total) }, 'valuing');
    this.#nextShare = Math.floor((10 * done) / total + 1) / 10;
  }

  finish(): void {
    this.#nextShare = 0;
  }
}
