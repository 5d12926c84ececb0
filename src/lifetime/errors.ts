import { TenureError } from '../errors/tenure-error.js';

/**
 * The typed errors of the lifetime core. Each names the thing that went wrong and the scope
 * (or lifetime) where it happened, so a failure in a deep scope tree can be traced without a
 * debugger; each has a stable `code` for programs.
 */

/** A lifetime model that cannot describe a tree: duplicate names, no root, two roots, unknown parents, a cycle. */
export class LifetimeModelError extends TenureError {
  readonly code = 'LIFETIME_MODEL_INVALID';
}

/** A lifetime name that the model in use does not define. */
export class UnknownLifetimeError extends TenureError {
  readonly code = 'LIFETIME_UNKNOWN';

  constructor(
    readonly lifetime: string,
    readonly known: readonly string[],
    where: string,
  ) {
    super(`${where}: unknown lifetime '${lifetime}'; the model defines ${known.map((name) => `'${name}'`).join(', ')}`);
  }
}

/** A child scope whose lifetime does not nest directly in its parent scope's lifetime (e.g. iteration under app). */
export class ScopeNestingError extends TenureError {
  readonly code = 'SCOPE_NESTING_INVALID';

  constructor(
    readonly childLifetime: string,
    readonly parentScope: string,
    readonly parentLifetime: string,
    readonly expectedParentLifetime: string | undefined,
  ) {
    const expected =
      expectedParentLifetime === undefined
        ? `'${childLifetime}' is the root lifetime and cannot be opened as a child`
        : `'${childLifetime}' nests in '${expectedParentLifetime}', not in '${parentLifetime}'`;
    super(`cannot open a '${childLifetime}' scope under scope ${parentScope}: ${expected}`);
  }
}

/** Work asked of a scope that is closing or closed: resolving, adopting, opening children. */
export class ScopeClosedError extends TenureError {
  readonly code = 'SCOPE_CLOSED';

  constructor(
    readonly scope: string,
    readonly state: 'closing' | 'closed',
    readonly attempted: string,
  ) {
    super(`cannot ${attempted}: scope ${scope} is ${state}`);
  }
}

/** One disposer that failed while a scope closed: which resource, in which scope, and why. */
export interface DisposalFailure {
  /** Path of the scope that owned the resource. */
  readonly scope: string;
  /** What was being disposed: `provider 'name'`, `owned Label`, `deferred label`. */
  readonly resource: string;
  readonly error: unknown;
}

/**
 * Closing a scope ran every disposer, and at least one failed. Shaped like AggregateError
 * (`errors` holds every cause) and also carries `failures`, which says for each cause which
 * resource in which scope threw, including failures in child scopes closed on the way.
 */
export class ScopeDisposalError extends TenureError {
  readonly code = 'SCOPE_DISPOSAL_FAILED';
  readonly errors: readonly unknown[];

  constructor(
    readonly scope: string,
    readonly failures: readonly DisposalFailure[],
  ) {
    const lines = failures.map((failure) => `  - ${failure.resource} in ${failure.scope}: ${describeCause(failure.error)}`);
    super(
      `closing scope ${scope}: ${failures.length} disposer${failures.length === 1 ? '' : 's'} failed (all others ran)\n${lines.join('\n')}`,
      { cause: failures[0]?.error },
    );
    this.errors = failures.map((failure) => failure.error);
  }
}

/** Where a captive dependency was caught: in the declared deps, or when a factory resolved something it did not declare. */
export type CaptiveDetection = 'registration' | 'resolution';

/**
 * A provider would hold an instance that can die before it does. The dependency's lifetime is
 * either shorter (nested inside the consumer's) or unrelated (a sibling branch, not provably
 * longer-lived). Raised in every environment, because the leak it prevents is silent.
 */
export class CaptiveDependencyError extends TenureError {
  readonly code = 'CAPTIVE_DEPENDENCY';

  constructor(
    readonly consumer: string,
    readonly consumerLifetime: string,
    readonly dependency: string,
    readonly dependencyLifetime: string,
    readonly relation: 'shorter' | 'unrelated',
    readonly detectedAt: CaptiveDetection,
    where?: string,
  ) {
    const why =
      relation === 'shorter'
        ? `'${dependencyLifetime}' is shorter-lived than '${consumerLifetime}' (it nests inside it)`
        : `'${dependencyLifetime}' does not enclose '${consumerLifetime}' (neither nests in the other), so it is not provably longer-lived`;
    const how =
      detectedAt === 'registration'
        ? 'declared in its deps'
        : `resolved through ctx.resolve without being declared${where === undefined ? '' : ` (${where})`}`;
    super(
      `captive dependency: provider '${consumer}' (lifetime '${consumerLifetime}') depends on provider '${dependency}' ` +
        `(lifetime '${dependencyLifetime}'), ${how}; ${why}. A '${consumerLifetime}' object could keep a '${dependencyLifetime}' ` +
        `object alive after its scope closed. A provider may depend only on its own lifetime or a lifetime it nests in.`,
    );
  }
}

/** No scope of the provider's lifetime encloses the scope it was resolved from. */
export class NoScopeForLifetimeError extends TenureError {
  readonly code = 'NO_SCOPE_FOR_LIFETIME';

  constructor(
    readonly provider: string,
    readonly lifetime: string,
    readonly scopeChain: readonly string[],
  ) {
    super(
      `cannot resolve provider '${provider}' (lifetime '${lifetime}'): no '${lifetime}' scope in the chain ${scopeChain.join(' > ')}`,
    );
  }
}

/** A provider that the scope tree's registry does not know, so its lifetime rules were never checked here. */
export class UnknownProviderError extends TenureError {
  readonly code = 'PROVIDER_UNKNOWN';

  constructor(
    readonly provider: string,
    where: string,
  ) {
    super(`${where}: provider '${provider}' is not registered in this registry`);
  }
}

/** Two providers with one name in one registry: names label instances in errors and leak reports, so they must be unique. */
export class DuplicateProviderError extends TenureError {
  readonly code = 'PROVIDER_DUPLICATE';

  constructor(readonly provider: string) {
    super(`a provider named '${provider}' is already registered`);
  }
}

/** A provider that (through ctx.resolve) needs itself while being created. */
export class CircularDependencyError extends TenureError {
  readonly code = 'PROVIDER_CYCLE';

  constructor(
    readonly cycle: readonly string[],
    readonly scope: string,
  ) {
    super(`circular dependency in scope ${scope}: ${cycle.map((name) => `'${name}'`).join(' -> ')}`);
  }
}

/** A provider's create() threw; the cause is kept, the message says which provider and where. */
export class ProviderCreationError extends TenureError {
  readonly code = 'PROVIDER_CREATION_FAILED';

  constructor(
    readonly provider: string,
    readonly scope: string,
    cause: unknown,
  ) {
    super(`provider '${provider}' failed to create in scope ${scope}: ${describeCause(cause)}`, { cause });
  }
}

/** A leak check that cannot give an answer: no way to force garbage collection, or the scope is still open. */
export class LeakCheckInconclusiveError extends TenureError {
  readonly code = 'LEAK_CHECK_INCONCLUSIVE';
}

/** Objects created in a closed scope are still reachable after forced garbage collection. */
export class ScopeLeakError extends TenureError {
  readonly code = 'SCOPE_LEAKED';

  constructor(
    message: string,
    readonly leaks: readonly { readonly label: string; readonly scope: string; readonly count: number }[],
  ) {
    super(message);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
