import { ManualClock } from '../../src/clock/index.js';
import { createRootScope, defaultLifetimes, LeakSentinel, ProviderRegistry, type DefaultLifetime, type Scope } from '../../src/lifetime/index.js';
import { SessionManager, type SessionManagerOptions } from '../../src/session/index.js';

export const IDLE_MS = 60_000;

/** Something a session state owns and that must be released with it; logs its release. */
export class Resource implements AsyncDisposable {
  disposed = false;

  constructor(
    readonly label: string,
    private readonly log: string[],
  ) {}

  [Symbol.asyncDispose](): Promise<void> {
    this.disposed = true;
    this.log.push(this.label);
    return Promise.resolve();
  }
}

/** What a test session is built from. */
export interface Seed {
  readonly name: string;
  readonly bytes?: number;
}

/** The opaque state of a test session. */
export interface Workspace {
  readonly name: string;
  bytes: number;
  readonly resources: readonly Resource[];
  readonly payload: number[];
}

export interface Harness {
  readonly clock: ManualClock;
  readonly app: Scope<DefaultLifetime>;
  readonly sentinel: LeakSentinel;
  readonly manager: SessionManager<Workspace, Seed>;
  /** Labels of released resources, in release order. */
  readonly disposals: string[];
  readonly backgroundErrors: unknown[];
  readonly factoryCalls: string[];
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A manager on a ManualClock (idle timeout one minute) whose sessions each own two resources,
 * `<name>:first` then `<name>:second`, and a tracked Workspace.
 */
export function harness(options: Partial<SessionManagerOptions<Workspace, Seed>> = {}): Harness {
  const clock = new ManualClock(1_000);
  const sentinel = new LeakSentinel();
  const app = createRootScope({ providers: new ProviderRegistry(defaultLifetimes), name: 'test', leakSentinel: sentinel });
  const disposals: string[] = [];
  const backgroundErrors: unknown[] = [];
  const factoryCalls: string[] = [];
  const manager = new SessionManager<Workspace, Seed>({
    root: app,
    clock,
    idleTimeoutMs: IDLE_MS,
    create: (seed, scope) => {
      factoryCalls.push(seed.name);
      const first = scope.own(new Resource(`${seed.name}:first`, disposals));
      const second = scope.own(new Resource(`${seed.name}:second`, disposals));
      const workspace: Workspace = { name: seed.name, bytes: seed.bytes ?? 0, resources: [first, second], payload: new Array<number>(10_000).fill(1) };
      return Promise.resolve(scope.own(workspace, { label: 'Workspace' }));
    },
    onBackgroundError: (error) => backgroundErrors.push(error),
    ...options,
  });
  return {
    clock,
    app,
    sentinel,
    manager,
    disposals,
    backgroundErrors,
    factoryCalls,
    async [Symbol.asyncDispose]() {
      await manager[Symbol.asyncDispose]();
      await app.close();
    },
  };
}

/** Lets closes started in the background (lazy expiry) finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The error `action` throws (fails the test if it does not throw). */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw, but it returned');
}

export async function rejectionOf(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to reject, but it resolved');
}

/** A promise with its resolve function outside, to hold a factory at a chosen point. */
export function deferred<T = void>(): { readonly promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}
