/** What happened in a request, for the audit of a run: orders, fills, orders cut by the risk limits (adjust), rejections, errors. */
export type TradingEventKind = 'order' | 'fill' | 'cancel' | 'adjust' | 'reject' | 'error' | 'info';

export interface TradingEvent {
  readonly time: number;
  readonly kind: TradingEventKind;
  readonly message: string;
}

/**
 * The request's event log: counts of every kind, and the latest `capacity` events in a ring,
 * so a million-bar backtest or a week-long live strategy keeps bounded memory. One per request;
 * nothing here is shared.
 */
export class EventLogger {
  readonly capacity: number;
  readonly #ring: (TradingEvent | undefined)[];
  #written = 0;
  readonly #counts: Record<TradingEventKind, number> = { order: 0, fill: 0, cancel: 0, adjust: 0, reject: 0, error: 0, info: 0 };
  /** When set, events are built and kept; off by default in sweeps where only counts matter. */
  readonly keepEvents: boolean;

  constructor(options: { capacity?: number; keepEvents?: boolean } = {}) {
    this.capacity = options.capacity ?? 1000;
    this.keepEvents = options.keepEvents ?? true;
    this.#ring = new Array<TradingEvent | undefined>(this.capacity).fill(undefined);
  }

  /** `describe` is called only when events are kept, so counting costs no string building. */
  log(kind: TradingEventKind, time: number, describe: () => string): void {
    this.#counts[kind]++;
    if (!this.keepEvents || this.capacity === 0) return;
    this.#ring[this.#written % this.capacity] = { time, kind, message: describe() };
    this.#written++;
  }

  counts(): Readonly<Record<TradingEventKind, number>> {
    return { ...this.#counts };
  }

  /** The kept events, oldest first. */
  events(): TradingEvent[] {
    const kept = Math.min(this.#written, this.capacity);
    const out: TradingEvent[] = [];
    for (let i = this.#written - kept; i < this.#written; i++) out.push(this.#ring[i % this.capacity]!);
    return out;
  }
}
