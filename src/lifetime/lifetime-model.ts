import { LifetimeModelError, UnknownLifetimeError } from './errors.js';

/**
 * One named lifetime and the lifetime it nests in. Nesting is what every rule is derived
 * from: a scope may only open inside a scope of its parent lifetime, and a provider may only
 * depend on providers of its own lifetime or one it nests in.
 */
export interface LifetimeDefinition<Name extends string = string> {
  readonly name: Name;
  /** The lifetime this one nests in; omitted for exactly one lifetime, the root. */
  readonly parent?: Name;
  /** What a scope of this lifetime stands for and when it ends; shown in tooling. */
  readonly description?: string;
}

/** How lifetime `a` relates to lifetime `b`. */
export type LifetimeRelation =
  /** The same lifetime. */
  | 'same'
  /** `a` encloses `b` (is an ancestor): it lives at least as long. */
  | 'longer'
  /** `a` nests inside `b` (is a descendant): it can end first. */
  | 'shorter'
  /** Different branches (siblings or cousins): neither is guaranteed to outlive the other. */
  | 'unrelated';

/**
 * A tree of named lifetimes. It is data, not code: the core derives nesting and captive
 * dependency checks from it, so an application can define its own lifetimes without touching
 * the scope machinery. Build one with {@link defineLifetimes}.
 */
export class LifetimeModel<Name extends string = string> {
  /** The outermost lifetime; a root scope always has it. */
  readonly root: Name;
  /** Every lifetime, in definition order. */
  readonly names: readonly Name[];
  readonly #definitions: ReadonlyMap<string, LifetimeDefinition<Name>>;
  readonly #ancestry: ReadonlyMap<string, readonly Name[]>;

  constructor(definitions: readonly LifetimeDefinition<Name>[]) {
    const byName = new Map<string, LifetimeDefinition<Name>>();
    for (const definition of definitions) {
      if (typeof definition.name !== 'string' || definition.name.length === 0) {
        throw new LifetimeModelError(`lifetime model: every lifetime needs a non-empty name, got ${JSON.stringify(definition.name)}`);
      }
      if (byName.has(definition.name)) {
        throw new LifetimeModelError(`lifetime model: lifetime '${definition.name}' is defined twice`);
      }
      byName.set(definition.name, Object.freeze({ ...definition }));
    }

    const roots = definitions.filter((definition) => definition.parent === undefined).map((definition) => definition.name);
    const [root, ...extraRoots] = roots;
    if (root === undefined) {
      throw new LifetimeModelError('lifetime model: no root lifetime (exactly one lifetime must have no parent)');
    }
    if (extraRoots.length > 0) {
      throw new LifetimeModelError(
        `lifetime model: more than one root lifetime (${roots.map((name) => `'${name}'`).join(', ')}); exactly one may have no parent`,
      );
    }

    for (const definition of definitions) {
      if (definition.parent !== undefined && !byName.has(definition.parent)) {
        throw new LifetimeModelError(
          `lifetime model: lifetime '${definition.name}' nests in '${definition.parent}', which is not defined`,
        );
      }
    }

    const ancestry = new Map<string, readonly Name[]>();
    for (const definition of definitions) {
      const chain: Name[] = [];
      let current: LifetimeDefinition<Name> | undefined = definition;
      while (current !== undefined) {
        if (chain.includes(current.name)) {
          throw new LifetimeModelError(
            `lifetime model: lifetimes nest in a cycle (${[...chain, current.name].map((name) => `'${name}'`).join(' -> ')})`,
          );
        }
        chain.push(current.name);
        current = current.parent === undefined ? undefined : byName.get(current.parent);
      }
      ancestry.set(definition.name, Object.freeze(chain));
    }

    this.root = root;
    this.names = Object.freeze(definitions.map((definition) => definition.name));
    this.#definitions = byName;
    this.#ancestry = ancestry;
    Object.freeze(this);
  }

  /** Whether `name` is a lifetime of this model (narrows the type). */
  has(name: string): name is Name {
    return this.#definitions.has(name);
  }

  /** The definition of `name`, as given. */
  describe(name: Name): LifetimeDefinition<Name> {
    return this.#definition(name);
  }

  /** The lifetime `name` nests in, or undefined for the root. */
  parentOf(name: Name): Name | undefined {
    return this.#definition(name).parent;
  }

  /** `name` followed by every lifetime enclosing it, ending at the root. */
  ancestry(name: Name): readonly Name[] {
    this.#definition(name);
    return this.#ancestry.get(name) ?? [];
  }

  /**
   * True when `candidate` is `of` or encloses it, so an object of lifetime `candidate` is
   * guaranteed to exist for as long as one of lifetime `of`: the captive-dependency rule.
   */
  outlivesOrEquals(candidate: Name, of: Name): boolean {
    return this.ancestry(of).includes(candidate);
  }

  /** How lifetime `a` relates to lifetime `b` (see {@link LifetimeRelation}). */
  relation(a: Name, b: Name): LifetimeRelation {
    if (a === b) return 'same';
    if (this.ancestry(b).includes(a)) return 'longer';
    if (this.ancestry(a).includes(b)) return 'shorter';
    return 'unrelated';
  }

  /**
   * Returns `name` as a lifetime of this model, or throws {@link UnknownLifetimeError} naming
   * `where`: for names that arrive as plain strings (configuration, casts, JavaScript callers).
   */
  requireKnown(name: string, where: string): Name {
    if (!this.has(name)) throw new UnknownLifetimeError(name, this.names, where);
    return name;
  }

  #definition(name: Name): LifetimeDefinition<Name> {
    const definition = this.#definitions.get(name);
    if (definition === undefined) throw new UnknownLifetimeError(name, this.names, 'lifetime model');
    return definition;
  }
}

/**
 * Builds a validated {@link LifetimeModel} from plain definitions. Names are inferred as
 * literal types, and `parent` must be one of them, so a typo fails to compile as well as at
 * run time.
 *
 * @example
 * const lifetimes = defineLifetimes([
 *   { name: 'process' },
 *   { name: 'job', parent: 'process' },
 *   { name: 'step', parent: 'job' },
 * ]);
 */
export function defineLifetimes<const Name extends string>(
  definitions: readonly { readonly name: Name; readonly parent?: NoInfer<Name>; readonly description?: string }[],
): LifetimeModel<Name> {
  return new LifetimeModel<Name>(definitions);
}

/** The lifetime names of a model, as a union type. */
export type LifetimeOf<Model> = Model extends LifetimeModel<infer Name> ? Name : never;
