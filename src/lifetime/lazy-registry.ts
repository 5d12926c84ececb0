import { BoundedCache, type CacheStats, type EntryStats, type PolicyName, type RemovalCause } from '../cache/index.js';
import type { Clock } from '../clock/clock.js';
import { TenureError } from '../errors/tenure-error.js';

/** Makes the instance registered under a name; may be async (a model file to read, say). */
export type InstanceFactory<T> = (name: string) => T | Promise<T>;

export interface LazyRegistryOptions {
  /** For diagnostics and error messages. Default "registry". */
  readonly name?: string;
  /** Most instances held at once (default 100): the seed's max_cache_size. */
  readonly maxSize?: number;
  /** An instance unused for this long is dropped, in ms; 0 (default) keeps it until evicted. */
  readonly ttl?: number;
  /** Hold instances weakly: one nothing else uses may be collected (and then rebuilt). */
  readonly weakValues?: boolean;
  /** Eviction policy among instances (default "tinylfu"). */
  readonly policy?: PolicyName;
  readonly clock?: Clock;
  /** Receives errors thrown while disposing a dropped instance (default: a process warning). */
  readonly onDisposeError?: (error: unknown, name: string) => void;
}

/** What the registry owes its users (the seed's get_stats), on top of the cache's own. */
export interface LazyRegistryStats {
  readonly registered: number;
  /** Instances currently held. */
  readonly cached: number;
  readonly maxSize: number;
  /** Factory calls that produced an instance, ever (or since resetStats). */
  readonly instantiations: number;
  readonly cache: CacheStats;
}

/** No factory is registered under the name asked for. */
export class UnknownInstanceError extends TenureError {
  readonly code = 'REGISTRY_UNKNOWN_NAME';

  constructor(readonly registry: string, readonly requested: string, readonly known: readonly string[]) {
    super(`registry "${registry}": nothing is registered as "${requested}"; registered: ${known.length === 0 ? '(none)' : known.join(', ')}`);
  }
}

/** A name was registered twice. */
export class DuplicateInstanceError extends TenureError {
  readonly code = 'REGISTRY_DUPLICATE_NAME';

  constructor(readonly registry: string, readonly duplicate: string) {
    super(`registry "${registry}": "${duplicate}" is already registered`);
  }
}

/** get() was used for a factory that returned a promise; use resolve() for those. */
export class AsyncFactoryError extends TenureError {
  readonly code = 'REGISTRY_ASYNC_FACTORY';

  constructor(readonly registry: string, readonly factoryName: string) {
    super(`registry "${registry}": the factory of "${factoryName}" is asynchronous; call resolve("${factoryName}") instead of get()`);
  }
}

/**
 * Named factories whose instances are made on first use and held in a bounded cache: the
 * seed's MethodRegistry / _LazyInstanceDict, without its unbounded growth. Instances leave by
 * size (W-TinyLFU or LRU), by TTL, by garbage collection (weak mode) or by clear() between
 * runs; a dropped instance that is Disposable is disposed. Concurrent first uses of one name
 * share a single factory call.
 */
export class LazyRegistry<T> implements Disposable {
  readonly name: string;
  readonly #factories = new Map<string, InstanceFactory<T>>();
  readonly #instances: BoundedCache<string, T>;
  readonly #onDisposeError: (error: unknown, name: string) => void;
  #instantiations = 0;

  constructor(options: LazyRegistryOptions = {}) {
    this.name = options.name ?? 'registry';
    this.#onDisposeError = options.onDisposeError ?? ((error, name) => {
      process.emitWarning(`registry "${this.name}": disposing "${name}" failed: ${String(error)}`, { code: 'TENURE_REGISTRY_DISPOSE' });
    });
    this.#instances = new BoundedCache<string, T>({
      name: this.name,
      maxSize: options.maxSize ?? 100,
      ...(options.ttl === undefined ? {} : { ttl: options.ttl }),
      ...(options.weakValues === undefined ? {} : { weakValues: options.weakValues }),
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      loader: (name) => this.#instantiate(name),
      dispose: (instance, name, cause) => {
        this.#disposeInstance(instance, name, cause);
      },
    });
  }

  /** Registers a factory; names are unique. */
  register(name: string, factory: InstanceFactory<T>): this {
    if (this.#factories.has(name)) throw new DuplicateInstanceError(this.name, name);
    this.#factories.set(name, factory);
    return this;
  }

  has(name: string): boolean {
    return this.#factories.has(name);
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.#factories.keys()];
  }

  /** The instance for `name`, made now if not held. For synchronous factories. */
  get(name: string): T {
    const held = this.#instances.get(name);
    if (held !== undefined) return held;
    const made = this.#instantiate(name);
    if (made instanceof Promise) {
      made.catch(() => undefined);
      throw new AsyncFactoryError(this.name, name);
    }
    this.#instances.set(name, made);
    return made;
  }

  /** The instance for `name`, made now if not held; concurrent calls share one factory call. */
  resolve(name: string): Promise<T> {
    if (!this.#factories.has(name)) return Promise.reject(new UnknownInstanceError(this.name, name, this.names()));
    return this.#instances.fetch(name);
  }

  /** Usage of one held instance (age, accesses, last access), or undefined. */
  entryStats(name: string): EntryStats | undefined {
    return this.#instances.entryStats(name);
  }

  /** Drops expired instances now; returns how many. */
  evictExpired(): number {
    return this.#instances.evictExpired();
  }

  /** Drops one instance (it is rebuilt on next use); true if it was held. */
  evict(name: string): boolean {
    return this.#instances.delete(name);
  }

  /**
   * Drops every instance, disposing those that are Disposable: call between runs so that one
   * run's instances cannot leak into, or grow across, the next. Returns how many were dropped.
   */
  clear(): number {
    const held = this.#instances.size;
    this.#instances.clear();
    return held;
  }

  stats(): LazyRegistryStats {
    const cache = this.#instances.stats();
    return {
      registered: this.#factories.size,
      cached: cache.size,
      maxSize: this.#instances.maxSize,
      instantiations: this.#instantiations,
      cache,
    };
  }

  resetStats(): void {
    this.#instantiations = 0;
    this.#instances.resetStats();
  }

  [Symbol.dispose](): void {
    this.#instances[Symbol.dispose]();
  }

  #instantiate(name: string): T | Promise<T> {
    const factory = this.#factories.get(name);
    if (factory === undefined) throw new UnknownInstanceError(this.name, name, this.names());
    const made = factory(name);
    if (made instanceof Promise) return made.then((instance) => this.#counted(instance));
    return this.#counted(made);
  }

  #counted(instance: T): T {
    this.#instantiations++;
    return instance;
  }

  #disposeInstance(instance: T | undefined, name: string, _cause: RemovalCause): void {
    // A collected instance has no object left to dispose of.
    if (instance === undefined) return;
    try {
      const disposable = instance as { [Symbol.dispose]?: () => void; [Symbol.asyncDispose]?: () => Promise<void> };
      const dispose = disposable[Symbol.dispose];
      const asyncDispose = disposable[Symbol.asyncDispose];
      if (typeof dispose === 'function') dispose.call(instance);
      else if (typeof asyncDispose === 'function') {
        Promise.resolve(asyncDispose.call(instance)).catch((error: unknown) => {
          this.#onDisposeError(error, name);
        });
      }
    } catch (error) {
      this.#onDisposeError(error, name);
    }
  }
}
