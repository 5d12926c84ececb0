/**
 * The lifetime core: named lifetimes as data, scopes that own and dispose what they create,
 * providers bound to lifetimes with captive-dependency checks, and a leak sentinel that
 * proves closed scopes left nothing reachable.
 */
export {
  defineLifetimes,
  LifetimeModel,
  type LifetimeDefinition,
  type LifetimeOf,
  type LifetimeRelation,
} from './lifetime-model.js';
export { defaultLifetimes, type DefaultLifetime } from './default-lifetimes.js';
export { DisposalStack, intrinsicDisposer, type Disposer, type StackFailure } from './disposal-stack.js';
export type {
  AnyProvider,
  InstanceOf,
  InstancesOf,
  OwnOptions,
  Provider,
  ProviderContext,
  ProviderSpec,
} from './provider.js';
export { ProviderRegistry } from './provider-registry.js';
export { assertNotCaptive, type DependencyEnd } from './captive-dependency.js';
export { createRootScope, Scope, type RootScopeOptions, type ScopeOptions, type ScopeState } from './scope.js';
export {
  formatLeakReport,
  LeakSentinel,
  type LeakCheckOptions,
  type LeakedObjects,
  type LeakReport,
  type LeakSentinelOptions,
  type TrackedOwner,
} from './leak-sentinel.js';
export { assertNoLeaks, expectScopeCollected } from './testing.js';
export {
  CaptiveDependencyError,
  CircularDependencyError,
  DuplicateProviderError,
  LeakCheckInconclusiveError,
  LifetimeModelError,
  NoScopeForLifetimeError,
  ProviderCreationError,
  ScopeClosedError,
  ScopeDisposalError,
  ScopeLeakError,
  ScopeNestingError,
  UnknownLifetimeError,
  UnknownProviderError,
  type CaptiveDetection,
  type DisposalFailure,
} from './errors.js';
export {
  AsyncFactoryError,
  DuplicateInstanceError,
  LazyRegistry,
  UnknownInstanceError,
  type InstanceFactory,
  type LazyRegistryOptions,
  type LazyRegistryStats,
} from './lazy-registry.js';
