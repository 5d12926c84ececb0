import { TenureError } from '../errors/tenure-error.js';
import { assertNotCaptive } from './captive-dependency.js';
import { DisposalStack, type Disposer, intrinsicDisposer } from './disposal-stack.js';
import {
  CircularDependencyError,
  type DisposalFailure,
  NoScopeForLifetimeError,
  ProviderCreationError,
  ScopeClosedError,
  ScopeDisposalError,
  ScopeNestingError,
} from './errors.js';
import type { LeakSentinel, TrackedOwner } from './leak-sentinel.js';
import type { LifetimeModel } from './lifetime-model.js';
import type { AnyProvider, OwnOptions, Provider, ProviderContext } from './provider.js';
import { definitionIn, type ProviderDefinition, type ProviderRegistry } from './provider-registry.js';

/** `open` accepts work; `closing` is disposing and refuses work; `closed` is done and holds nothing. */
export type ScopeState = 'open' | 'closing' | 'closed';

/** Options for opening any scope. */
export interface ScopeOptions {
  /** Shown in the scope's path (e.g. a session id), for errors and leak reports. */
  readonly name?: string;
  /** Watches what this scope and its descendants create; defaults to the parent's sentinel. */
  readonly leakSentinel?: LeakSentinel;
}

/** Options for opening the root of a scope tree. */
export interface RootScopeOptions<L extends string> extends ScopeOptions {
  /** The providers this tree can resolve; its lifetime model shapes the tree. */
  readonly providers: ProviderRegistry<L>;
}

interface MutableOwner extends TrackedOwner {
  closed: boolean;
}

let nextScopeId = 1;

/**
 * A node in the tree of lifetimes: it owns what is created in it and releases all of it when
 * it closes. Modelled on Effect's Scope: finalizers run in reverse order of acquisition,
 * children close before their parent, and every finalizer runs even when others fail, the
 * failures being reported together in one {@link ScopeDisposalError}.
 *
 * Use it with `await using`, or call {@link close}. After closing, a scope holds no
 * reference to anything it owned, so a leak sentinel can prove that it all went away.
 */
export class Scope<L extends string = string> implements AsyncDisposable {
  /** Process-unique id; part of the label, and what a leak check of one subtree filters on. */
  readonly id: number;
  readonly lifetime: L;
  /** The optional name given when the scope was opened. */
  readonly name: string | undefined;
  /** The enclosing scope; undefined for the root. */
  readonly parent: Scope<L> | undefined;
  /** The sentinel watching this scope, if any. */
  readonly leakSentinel: LeakSentinel | undefined;
  /** `lifetime#id` or `lifetime#id(name)`. */
  readonly label: string;
  /** Labels from the root down to this scope, e.g. `app#1 > session#2(alice) > iteration#3`. */
  readonly path: string;

  readonly #providers: ProviderRegistry<L>;
  readonly #owner: MutableOwner;
  readonly #stack = new DisposalStack();
  readonly #children = new Set<Scope<L>>();
  readonly #instances = new Map<ProviderDefinition<L>, Promise<unknown>>();
  readonly #pendingCreations = new Set<Promise<unknown>>();
  #state: ScopeState = 'open';
  #closing: Promise<void> | undefined;

  private constructor(
    providers: ProviderRegistry<L>,
    lifetime: L,
    parent: Scope<L> | undefined,
    options: ScopeOptions,
  ) {
    this.id = nextScopeId++;
    this.lifetime = lifetime;
    this.name = options.name;
    this.parent = parent;
    this.leakSentinel = options.leakSentinel ?? parent?.leakSentinel;
    this.label = options.name === undefined ? `${lifetime}#${this.id}` : `${lifetime}#${this.id}(${options.name})`;
    this.path = parent === undefined ? this.label : `${parent.path} > ${this.label}`;
    this.#providers = providers;
    this.#owner = { path: this.path, lineage: [...(parent === undefined ? [] : parent.#owner.lineage), this.id], closed: false };
  }

  /**
   * Opens the root of a scope tree, of the model's root lifetime. Prefer
   * {@link createRootScope}; this is the same thing.
   */
  static openRoot<L extends string>(options: RootScopeOptions<L>): Scope<L> {
    return new Scope(options.providers, options.providers.lifetimes.root, undefined, options);
  }

  /** `open`, `closing` or `closed`. */
  get state(): ScopeState {
    return this.#state;
  }

  /** The lifetime model this tree follows. */
  get lifetimes(): LifetimeModel<L> {
    return this.#providers.lifetimes;
  }

  /** Open child scopes, oldest first. Closed children are dropped, so a long-lived scope does not accumulate them. */
  get children(): readonly Scope<L>[] {
    return [...this.#children];
  }

  /**
   * Opens a child scope. Its lifetime must nest directly in this scope's lifetime (an
   * iteration opens inside a session, never directly inside the app), so that every
   * scope's ancestors include exactly one scope of each enclosing lifetime.
   */
  child(lifetime: L, options: ScopeOptions = {}): Scope<L> {
    const lifetimes = this.lifetimes;
    lifetimes.requireKnown(lifetime, `opening a child of scope ${this.path}`);
    this.#assertOpen(`open a '${lifetime}' scope`);
    const expectedParent = lifetimes.parentOf(lifetime);
    if (expectedParent !== this.lifetime) {
      throw new ScopeNestingError(lifetime, this.path, this.lifetime, expectedParent);
    }
    const child = new Scope(this.#providers, lifetime, this, options);
    this.#children.add(child);
    return child;
  }

  /** This scope or the nearest ancestor of the given lifetime, if any. */
  enclosing(lifetime: L): Scope<L> | undefined {
    return this.lifetime === lifetime ? this : this.parent?.enclosing(lifetime);
  }

  /**
   * The instance of `provider` for this scope. It lives in (and is owned by) the nearest
   * scope of the provider's lifetime, this one or an ancestor, which creates it on first
   * use and returns the same instance to every later or concurrent caller beneath it.
   *
   * Rejects with {@link ScopeClosedError} if this scope or the owning one is closing or
   * closed, {@link NoScopeForLifetimeError} if no enclosing scope has the provider's
   * lifetime, and {@link ProviderCreationError} if `create` threw.
   */
  async resolve<T>(provider: Provider<T, L>): Promise<T> {
    return (await this.#lookupOrCreate(provider, [])) as T;
  }

  /**
   * Adopts `value`: it is released when this scope closes, after everything adopted or
   * created later. Released through the given disposer, else its `Symbol.asyncDispose` or
   * `Symbol.dispose`; a value with neither is only watched by the leak sentinel. Returns
   * `value`. Throws {@link ScopeClosedError} if the scope is no longer open, in which case
   * the caller still owns the value.
   */
  own<T>(value: T, disposeOrOptions?: ((value: T) => void | PromiseLike<void>) | OwnOptions<T>): T {
    const options: OwnOptions<T> = typeof disposeOrOptions === 'function' ? { dispose: disposeOrOptions } : (disposeOrOptions ?? {});
    const label = options.label ?? labelOf(value);
    this.#assertOpen(`own ${label}`);
    const explicit = options.dispose;
    const dispose: Disposer | undefined = explicit === undefined ? intrinsicDisposer(value) : () => explicit(value);
    if (dispose !== undefined) this.#stack.push(`owned ${label}`, dispose);
    this.#track(value, label);
    return value;
  }

  /** Runs `finalizer` when this scope closes, in reverse order with everything else it owns. */
  defer(finalizer: () => void | PromiseLike<void>, label?: string): void {
    const name = label ?? (finalizer.name || 'finalizer');
    this.#assertOpen(`defer ${name}`);
    this.#stack.push(`deferred ${name}`, finalizer);
  }

  /**
   * Closes the scope: refuses new work, closes open children (newest first), waits for
   * creations already under way, then releases everything it owns in reverse order. Every
   * disposer runs; if any failed, rejects with one {@link ScopeDisposalError} listing them all,
   * children's included. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /** Same as {@link close}; makes `await using scope = ...` work. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #close(): Promise<void> {
    this.#state = 'closing';
    const failures: DisposalFailure[] = [];
    try {
      for (const child of [...this.#children].reverse()) {
        try {
          await child.close();
        } catch (error) {
          if (error instanceof ScopeDisposalError) failures.push(...error.failures);
          else failures.push({ scope: child.path, resource: 'scope', error });
        }
      }
      // A creation that started while open finishes by pushing its disposer on the stack; wait,
      // so it is released in order with the rest instead of after the scope says it is closed.
      await Promise.allSettled([...this.#pendingCreations]);
      for (const failure of await this.#stack.disposeAll()) {
        failures.push({ scope: this.path, resource: failure.label, error: failure.error });
      }
    } finally {
      this.#instances.clear();
      this.#pendingCreations.clear();
      this.#children.clear();
      this.#state = 'closed';
      this.#owner.closed = true;
      if (this.parent !== undefined) this.parent.#children.delete(this);
    }
    if (failures.length > 0) throw new ScopeDisposalError(this.path, failures);
  }

  #assertOpen(attempted: string): void {
    if (this.#state !== 'open') throw new ScopeClosedError(this.path, this.#state, attempted);
  }

  #track(value: unknown, label: string): void {
    if (this.leakSentinel === undefined) return;
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      this.leakSentinel.track(value, label, this.#owner);
    }
  }

  /**
   * Finds the owning scope and returns its (possibly in-flight) instance, starting the
   * creation if there is none. Synchronous up to the returned promise, so two concurrent
   * callers always share one creation.
   */
  #lookupOrCreate(provider: AnyProvider<L>, chain: readonly ProviderDefinition<L>[]): Promise<unknown> {
    const definition = definitionIn(this.#providers, provider, `resolving from scope ${this.path}`);
    const attempted = `resolve provider '${definition.name}'`;
    this.#assertOpen(attempted);
    const owner = this.enclosing(definition.lifetime);
    if (owner === undefined) {
      throw new NoScopeForLifetimeError(definition.name, definition.lifetime, this.path.split(' > '));
    }
    owner.#assertOpen(attempted);
    if (chain.includes(definition)) {
      throw new CircularDependencyError([...chain, definition].map((link) => link.name), owner.path);
    }

    const existing = owner.#instances.get(definition);
    if (existing !== undefined) return existing;

    const creation = owner.#create(definition, chain);
    owner.#instances.set(definition, creation);
    owner.#pendingCreations.add(creation);
    creation.then(
      () => owner.#pendingCreations.delete(creation),
      () => {
        owner.#pendingCreations.delete(creation);
        // A failed creation is forgotten, so a later resolve can try again.
        if (owner.#instances.get(definition) === creation) owner.#instances.delete(definition);
      },
    );
    return creation;
  }

  async #create(definition: ProviderDefinition<L>, chain: readonly ProviderDefinition<L>[]): Promise<unknown> {
    const creating = [...chain, definition];
    const deps: unknown[] = [];
    for (const dependency of definition.dependencies) {
      deps.push(await this.#lookupOrCreate(dependency, creating));
    }

    const context: ProviderContext<L> = {
      provider: definition.name,
      lifetime: definition.lifetime,
      scope: this.path,
      deps,
      resolve: async <U>(provider: Provider<U, L>): Promise<U> => {
        const where = `while creating '${definition.name}' in scope ${this.path}`;
        const dependency = definitionIn(this.#providers, provider, where);
        assertNotCaptive(this.lifetimes, definition, dependency, 'resolution', where);
        return (await this.#lookupOrCreate(provider, creating)) as U;
      },
      own: (value, disposeOrOptions) => this.own(value, disposeOrOptions),
      defer: (finalizer, label) => { this.defer(finalizer, label); },
    };

    let instance: unknown;
    try {
      instance = await definition.create(context);
    } catch (error) {
      throw error instanceof TenureError ? error : new ProviderCreationError(definition.name, this.path, error);
    }

    const dispose = definition.dispose;
    const disposer: Disposer | undefined = dispose === undefined ? intrinsicDisposer(instance) : () => dispose(instance);
    if (disposer !== undefined) this.#stack.push(`provider '${definition.name}'`, disposer);
    this.#track(instance, definition.name);
    if (this.#state !== 'open') {
      // The scope began closing while this was built; it is released with the scope, not handed out.
      throw new ScopeClosedError(this.path, this.#state, `resolve provider '${definition.name}' (it finished while the scope closed and is released with it)`);
    }
    return instance;
  }
}

/** Opens the root of a scope tree: the lifetime model's root lifetime, resolving from `providers`. */
export function createRootScope<L extends string>(options: RootScopeOptions<L>): Scope<L> {
  return Scope.openRoot(options);
}

function labelOf(value: unknown): string {
  if (typeof value === 'function') return value.name || 'function';
  if (typeof value !== 'object' || value === null) return typeof value;
  const constructorName = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof constructorName === 'string' && constructorName.length > 0 ? constructorName : 'Object';
}
