import { defineLifetimes, type LifetimeOf } from './lifetime-model.js';

/**
 * The lifetimes tenure's own layers use. It is ordinary data built with the same
 * `defineLifetimes` an application would use; nothing in the core branches on these names.
 *
 * app ─┬─ session ── iteration
 *      ├─ run
 *      ├─ request
 *      └─ strategy
 */
export const defaultLifetimes = defineLifetimes([
  { name: 'app', description: 'The process root: lives until the process exits.' },
  { name: 'session', parent: 'app', description: 'An interactive working session: lives until closed or idle too long.' },
  { name: 'iteration', parent: 'session', description: 'One run inside a session: lives until that run ends.' },
  { name: 'run', parent: 'app', description: 'One batch process: lives until the batch ends.' },
  { name: 'request', parent: 'app', description: 'One request: lives until the request completes.' },
  { name: 'strategy', parent: 'app', description: 'One long-running strategy: lives until it is stopped.' },
]);

/** `'app' | 'session' | 'iteration' | 'run' | 'request' | 'strategy'`. */
export type DefaultLifetime = LifetimeOf<typeof defaultLifetimes>;
