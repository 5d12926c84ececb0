import {
  ContextStateError,
  DtoCycleError,
  DtoNotAvailableError,
  DuplicateDtoProducerError,
  MissingDtoProducerError,
} from './context-errors.js';
import { dtoKey, type DtoSlot, type DtoType } from './dto-type.js';

/** What every worker may know of the tick in progress. */
export interface BaseContext {
  readonly asset: string;
  /** Epoch milliseconds of the bar or tick. */
  readonly timestamp: number;
  readonly price: number;
  /** Ticks started on this provider so far (1 for the first). */
  readonly tick: number;
}

/** One asset's tick cache: DTO values by slot, and the tick in which each was last set. */
interface AssetTickCache {
  readonly values: unknown[];
  /** Numeric DTOs (setNumber), unboxed: a double stored in `values` would be a heap object per tick. */
  readonly numbers: Float64Array;
  readonly stamps: number[];
}

/** Marks a slot whose value this tick is in `numbers`. */
const NUMBER = Symbol('number DTO');

interface SlotInfo {
  readonly key: string;
  producer: string | undefined;
  readonly consumers: string[];
}

/**
 * The tick cache of ONE strategy (the seed's option A): asset → DTO type → DTO. Each strategy
 * of an operation gets its own provider, so two strategies on the same asset that both produce
 * a MarketRegime never see each other's, with no locks and no strategy id anywhere: workers are
 * handed their strategy's provider and cannot reach another.
 *
 * Two phases. Wiring: workers declare what they produce and require ({@link declareOutput},
 * {@link declareInput}, {@link declareInputsOf}), then {@link seal} checks that every input has
 * a producer and orders the workers so producers run first. Ticks: {@link startTick} opens a
 * tick for an asset; workers {@link set} and {@link get} DTOs through integer slots; a DTO set in
 * an earlier tick is not visible in a later one.
 */
export class TradingContextProvider {
  readonly #slots: SlotInfo[] = [];
  readonly #slotByKey = new Map<string, number>();
  readonly #typeSlots = new Map<string, number[]>();
  readonly #pendingInputsOf: { worker: string; type: DtoType<unknown>; into: number[] }[] = [];
  readonly #caches = new Map<string, AssetTickCache>();
  #sealed = false;
  #current: AssetTickCache | undefined;
  #asset = '';
  #timestamp = 0;
  #price = 0;
  #tick = 0;

  // ---- wiring ----------------------------------------------------------------------------

  /** `worker` will set this DTO (under `label`, when one strategy has several producers of the type). */
  declareOutput<T>(worker: string, type: DtoType<T>, label?: string): DtoSlot<T> {
    this.#assertWiring(`declare an output of "${worker}"`);
    const slot = this.#slotFor(type, label);
    const info = this.#slots[slot]!;
    if (info.producer !== undefined) throw new DuplicateDtoProducerError(info.key, info.producer, worker);
    info.producer = worker;
    return slot;
  }

  /** `worker` will read this DTO; {@link seal} fails, naming both, if no worker produces it. */
  declareInput<T>(worker: string, type: DtoType<T>, label?: string): DtoSlot<T> {
    this.#assertWiring(`declare an input of "${worker}"`);
    const slot = this.#slotFor(type, label);
    this.#slots[slot]!.consumers.push(worker);
    return slot;
  }

  /**
   * `worker` reads every DTO of this type, whatever its label (a planner reading all
   * opportunity signals). The returned array is filled when the provider is sealed.
   */
  declareInputsOf<T>(worker: string, type: DtoType<T>): readonly DtoSlot<T>[] {
    this.#assertWiring(`declare the inputs of "${worker}"`);
    const into: number[] = [];
    this.#pendingInputsOf.push({ worker, type, into });
    return into;
  }

  /**
   * Ends wiring. Throws {@link MissingDtoProducerError} for an input nobody produces and
   * {@link DtoCycleError} for workers that need each other. Returns the worker names of
   * `order` rearranged so that every producer comes before its consumers (stable otherwise).
   */
  seal(order: readonly string[] = []): string[] {
    this.#assertWiring('seal');
    for (const pending of this.#pendingInputsOf) {
      for (const slot of this.#typeSlots.get(pending.type.name) ?? []) {
        const info = this.#slots[slot]!;
        if (info.producer !== undefined && info.producer !== pending.worker) {
          pending.into.push(slot);
          info.consumers.push(pending.worker);
        }
      }
    }
    const produced = this.#slots.filter((s) => s.producer !== undefined).map((s) => s.key);
    for (const info of this.#slots) {
      if (info.producer === undefined && info.consumers.length > 0) {
        throw new MissingDtoProducerError(info.consumers[0]!, info.key, produced);
      }
    }
    this.#sealed = true;
    return this.#topologicalOrder(order);
  }

  get sealed(): boolean {
    return this.#sealed;
  }

  /** The DTO keys some worker produces, e.g. `MovingAverage:fast`. */
  producedKeys(): string[] {
    return this.#slots.filter((s) => s.producer !== undefined).map((s) => s.key);
  }

  /** The DTO keys `worker` declared it reads. */
  requiredKeys(worker: string): string[] {
    return this.#slots.filter((s) => s.consumers.includes(worker)).map((s) => s.key);
  }

  // ---- ticks -----------------------------------------------------------------------------

  /** {@link startTick} at a bar's time and close, read from the bar (no doubles passed: see CurrentBar). */
  startBar(asset: string, bar: { readonly time: number; readonly close: number }): void {
    this.#enter(asset);
    this.#timestamp = bar.time;
    this.#price = bar.close;
    this.#tick++;
  }

  /** Opens a new tick for `asset`: DTOs set before it are no longer visible. */
  startTick(asset: string, timestamp: number, price: number): void {
    this.#enter(asset);
    this.#timestamp = timestamp;
    this.#price = price;
    this.#tick++;
  }

  #enter(asset: string): void {
    if (!this.#sealed) throw new ContextStateError('a tick cannot start before the workforce is wired (seal the provider first)');
    if (asset !== this.#asset || this.#current === undefined) {
      let cache = this.#caches.get(asset);
      if (cache === undefined) {
        cache = {
          values: new Array<unknown>(this.#slots.length).fill(undefined),
          numbers: new Float64Array(this.#slots.length),
          stamps: new Array<number>(this.#slots.length).fill(0),
        };
        this.#caches.set(asset, cache);
      }
      this.#current = cache;
      this.#asset = asset;
    }
  }

  /** The tick in progress; a new object each call, so keep it only for the tick. */
  baseContext(): BaseContext {
    return { asset: this.#asset, timestamp: this.#timestamp, price: this.#price, tick: this.#tick };
  }

  get asset(): string {
    return this.#asset;
  }
  get timestamp(): number {
    return this.#timestamp;
  }
  get price(): number {
    return this.#price;
  }
  get tick(): number {
    return this.#tick;
  }

  /** Sets a DTO for the current asset in this tick. */
  set<T>(slot: DtoSlot<T>, value: T): void {
    const cache = this.#current!;
    cache.values[slot] = value;
    // A number set this way can be read with getNumber too (NaN stands for "not a number" there).
    cache.numbers[slot] = typeof value === 'number' ? value : Number.NaN;
    cache.stamps[slot] = this.#tick;
  }

  /**
   * Sets a numeric DTO (a moving average) without boxing it: the hot path of indicators that
   * publish a number every bar. Read it with {@link getNumber} (or {@link get}).
   */
  setNumber(slot: DtoSlot<number>, value: number): void {
    const cache = this.#current!;
    cache.numbers[slot] = value;
    cache.values[slot] = NUMBER;
    cache.stamps[slot] = this.#tick;
  }

  /** A numeric DTO set in this tick (with {@link setNumber}, or {@link set}), or NaN. */
  getNumber(slot: DtoSlot<number>): number {
    // Kept this small so that it is inlined where it is called: a double returned from a call
    // that is not inlined is boxed, which is the allocation setNumber exists to avoid.
    const cache = this.#current!;
    return cache.stamps[slot] === this.#tick ? cache.numbers[slot]! : Number.NaN;
  }

  /** The DTO set in this tick, or undefined (its producer had nothing to say yet, e.g. warming up). */
  get<T>(slot: DtoSlot<T>): T | undefined {
    const cache = this.#current!;
    if (cache.stamps[slot] !== this.#tick) return undefined;
    const value = cache.values[slot];
    return (value === NUMBER ? cache.numbers[slot] : value) as T;
  }

  /** Like {@link get}, but a DTO missing in this tick is an error naming `worker` and the DTO. */
  require<T>(worker: string, slot: DtoSlot<T>): T {
    const cache = this.#current!;
    if (cache.stamps[slot] !== this.#tick) throw new DtoNotAvailableError(worker, this.#slots[slot]!.key, this.#asset);
    const value = cache.values[slot];
    return (value === NUMBER ? cache.numbers[slot] : value) as T;
  }

  has(slot: DtoSlot<unknown>): boolean {
    return this.#current !== undefined && this.#current.stamps[slot] === this.#tick;
  }

  /** Every DTO `worker` declared it reads that is set in this tick, by key (the seed's get_required_dtos). */
  requiredDtos(worker: string): Map<string, unknown> {
    const out = new Map<string, unknown>();
    this.#slots.forEach((info, slot) => {
      if (info.consumers.includes(worker) && this.has(slot)) out.set(info.key, this.get(slot));
    });
    return out;
  }

  /** The assets this provider has a tick cache for. */
  assets(): string[] {
    return [...this.#caches.keys()];
  }

  /** Forgets every tick cache (a strategy stop); wiring is kept. */
  clear(): void {
    this.#caches.clear();
    this.#current = undefined;
    this.#asset = '';
  }

  // ---- internals -------------------------------------------------------------------------

  #slotFor(type: DtoType<unknown>, label: string | undefined): number {
    const key = dtoKey(type, label);
    let slot = this.#slotByKey.get(key);
    if (slot === undefined) {
      slot = this.#slots.length;
      this.#slots.push({ key, producer: undefined, consumers: [] });
      this.#slotByKey.set(key, slot);
      const ofType = this.#typeSlots.get(type.name);
      if (ofType === undefined) this.#typeSlots.set(type.name, [slot]);
      else ofType.push(slot);
    }
    return slot;
  }

  #assertWiring(attempted: string): void {
    if (this.#sealed) throw new ContextStateError(`cannot ${attempted}: the workforce is already wired`);
  }

  #topologicalOrder(order: readonly string[]): string[] {
    const names = [...new Set([...order, ...this.#slots.flatMap((s) => [...(s.producer === undefined ? [] : [s.producer]), ...s.consumers])])];
    const needs = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
    for (const info of this.#slots) {
      if (info.producer === undefined) continue;
      for (const consumer of info.consumers) if (consumer !== info.producer) needs.get(consumer)!.add(info.producer);
    }
    const done = new Set<string>();
    const visiting: string[] = [];
    const out: string[] = [];
    const visit = (name: string): void => {
      if (done.has(name)) return;
      const at = visiting.indexOf(name);
      if (at !== -1) throw new DtoCycleError([...visiting.slice(at), name]);
      visiting.push(name);
      for (const dep of needs.get(name) ?? []) visit(dep);
      visiting.pop();
      done.add(name);
      out.push(name);
    };
    for (const name of names) visit(name);
    return out;
  }
}
