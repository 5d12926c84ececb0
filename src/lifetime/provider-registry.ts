import { assertNotCaptive } from './captive-dependency.js';
import { DuplicateProviderError, UnknownProviderError } from './errors.js';
import type { LifetimeModel } from './lifetime-model.js';
import type { AnyProvider, Provider, ProviderContext, ProviderSpec } from './provider.js';

/** A provider's recipe with its types erased: what a scope runs. Internal to the lifetime core. */
export interface ProviderDefinition<L extends string> {
  readonly token: AnyProvider<L>;
  readonly name: string;
  readonly lifetime: L;
  readonly dependencies: readonly AnyProvider<L>[];
  readonly create: (ctx: ProviderContext<L>) => unknown;
  readonly dispose: ((instance: unknown) => void | PromiseLike<void>) | undefined;
}

/** Recipes by token. Module-private, so only scopes can run a recipe. */
const definitions = new WeakMap<AnyProvider, unknown>();

/**
 * The providers of one application, checked against one lifetime model. Registration is
 * where a captive dependency is cheapest to catch: at start-up, before any instance exists.
 * A scope tree resolves only providers of its own registry, so no provider can skip the check.
 */
export class ProviderRegistry<L extends string = string> {
  readonly lifetimes: LifetimeModel<L>;
  readonly #byName = new Map<string, AnyProvider<L>>();

  constructor(lifetimes: LifetimeModel<L>) {
    this.lifetimes = lifetimes;
  }

  /**
   * Registers a provider and returns its token. Throws when the name is taken, the lifetime
   * is unknown, a dependency belongs to another registry, or a dependency is captive (its
   * lifetime is not the provider's own or one the provider's lifetime nests in).
   */
  register<T, const D extends readonly AnyProvider<L>[] = readonly []>(spec: ProviderSpec<T, L, D>): Provider<T, L> {
    const where = `registering provider '${spec.name}'`;
    if (typeof spec.name !== 'string' || spec.name.length === 0) {
      throw new TypeError(`registering a provider: name must be a non-empty string, got ${JSON.stringify(spec.name)}`);
    }
    if (this.#byName.has(spec.name)) throw new DuplicateProviderError(spec.name);
    this.lifetimes.requireKnown(spec.lifetime, where);

    const dependencies: readonly AnyProvider<L>[] = Object.freeze([...(spec.deps ?? [])]);
    for (const dependency of dependencies) {
      if (this.#byName.get(dependency.name) !== dependency) {
        throw new UnknownProviderError(dependency.name, `${where}: dependency`);
      }
      assertNotCaptive(this.lifetimes, spec, dependency, 'registration');
    }

    const token: AnyProvider<L> = Object.freeze({ name: spec.name, lifetime: spec.lifetime, dependencies });
    const dispose = spec.dispose;
    definitions.set(token, {
      token,
      name: spec.name,
      lifetime: spec.lifetime,
      dependencies,
      // The recipe was type-checked against D at the call; the scope supplies deps in the same order.
      create: (ctx) => spec.create(ctx as ProviderContext<L, never>),
      dispose: dispose === undefined ? undefined : (instance) => dispose(instance as T),
    } satisfies ProviderDefinition<L>);
    this.#byName.set(spec.name, token);
    return token as Provider<T, L>;
  }

  /** Whether `provider` was registered here. */
  has(provider: AnyProvider): boolean {
    return this.#byName.get(provider.name) === provider;
  }

  /** The provider registered under `name`, if any. */
  get(name: string): AnyProvider<L> | undefined {
    return this.#byName.get(name);
  }

  /** Every provider, in registration order (dependencies always come before their dependents). */
  get providers(): readonly AnyProvider<L>[] {
    return [...this.#byName.values()];
  }
}

/**
 * The recipe behind `provider`, provided it belongs to `registry`; otherwise an
 * {@link UnknownProviderError} naming `where`. Internal to the lifetime core.
 */
export function definitionIn<L extends string>(
  registry: ProviderRegistry<L>,
  provider: AnyProvider<L>,
  where: string,
): ProviderDefinition<L> {
  const definition = registry.has(provider) ? definitions.get(provider) : undefined;
  if (definition === undefined) throw new UnknownProviderError(provider.name, where);
  return definition as ProviderDefinition<L>;
}
