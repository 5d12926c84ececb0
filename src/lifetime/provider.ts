/**
 * Phantom key that carries a provider's instance type. It never exists at run time; it only
 * lets `scope.resolve(provider)` return the type `create` returned.
 */
export declare const instanceType: unique symbol;

/**
 * A registered recipe for one kind of object, bound to a lifetime. It is an opaque token:
 * only a scope can run the recipe, so every instance is owned by exactly one scope of the
 * provider's lifetime and disposed with it. Obtain one from `ProviderRegistry.register`.
 */
export interface Provider<out T, L extends string = string> {
  /** Unique in its registry; labels instances in errors and leak reports. */
  readonly name: string;
  /** The lifetime of the scope that owns (and disposes) each instance. */
  readonly lifetime: L;
  /** Providers created first and handed to `create` as `ctx.deps`, in this order. */
  readonly dependencies: readonly AnyProvider<L>[];
  readonly [instanceType]?: T;
}

/** A provider of any instance type. */
export type AnyProvider<L extends string = string> = Provider<unknown, L>;

/** The instance type a provider produces. */
export type InstanceOf<P> = P extends Provider<infer T> ? T : never;

/** The instance types of a tuple of providers, position by position. */
export type InstancesOf<D extends readonly AnyProvider[]> = { readonly [K in keyof D]: InstanceOf<D[K]> };

/** Options for adopting a value into a scope. */
export interface OwnOptions<T> {
  /** How to release the value; defaults to its `Symbol.asyncDispose` or `Symbol.dispose`. */
  readonly dispose?: (value: T) => void | PromiseLike<void>;
  /** Name in disposal errors and leak reports; defaults to the constructor name. */
  readonly label?: string;
}

/**
 * What a provider's `create` receives. Everything here acts on the owning scope (the nearest
 * scope of the provider's lifetime), never on the scope that asked, which is what keeps a
 * longer-lived instance from picking up a shorter-lived one.
 */
export interface ProviderContext<L extends string = string, Deps extends readonly unknown[] = readonly unknown[]> {
  /** Name of the provider being created. */
  readonly provider: string;
  /** Its lifetime. */
  readonly lifetime: L;
  /** Path of the scope that will own the instance. */
  readonly scope: string;
  /** Instances of the declared dependencies, in declaration order. */
  readonly deps: Deps;
  /**
   * Resolves another provider for use by this one. Checked at run time for captive
   * dependency, because an undeclared dependency escaped the check at registration.
   */
  resolve<U>(provider: Provider<U, L>): Promise<U>;
  /**
   * Adopts a value into the owning scope. It is released after the instance being created
   * (it was acquired first), so the instance may use it until its own disposal.
   */
  own<V>(value: V, disposeOrOptions?: ((value: V) => void | PromiseLike<void>) | OwnOptions<V>): V;
  /** Runs `finalizer` when the owning scope closes, after the instance being created is disposed. */
  defer(finalizer: () => void | PromiseLike<void>, label?: string): void;
}

/** How to build, and how to release, one kind of object. Passed to `ProviderRegistry.register`. */
export interface ProviderSpec<T, L extends string, D extends readonly AnyProvider<L>[]> {
  readonly name: string;
  readonly lifetime: L;
  /**
   * Providers this one needs. Declaring them lets the registry reject a captive dependency
   * when the program starts, instead of when the first instance is built.
   */
  readonly deps?: D;
  /** Builds the instance; may be async. Called at most once per owning scope. */
  readonly create: (ctx: ProviderContext<L, InstancesOf<D>>) => T | PromiseLike<T>;
  /**
   * Releases the instance when its scope closes. Defaults to the instance's own
   * `Symbol.asyncDispose` / `Symbol.dispose`, if any.
   */
  readonly dispose?: (instance: T) => void | PromiseLike<void>;
}
