import { describe, expect, it } from 'vitest';
import {
  CaptiveDependencyError,
  createRootScope,
  defineLifetimes,
  expectScopeCollected,
  LeakSentinel,
  NoScopeForLifetimeError,
  ProviderRegistry,
  ScopeLeakError,
  ScopeNestingError,
  type LifetimeOf,
} from '../../src/lifetime/index.js';

/** A lifetime set unlike the default one: deeper, different names, a different root. */
const lifetimes = defineLifetimes([
  { name: 'process' },
  { name: 'job', parent: 'process' },
  { name: 'step', parent: 'job' },
  { name: 'attempt', parent: 'step' },
  { name: 'probe', parent: 'process' },
]);
type Lifetime = LifetimeOf<typeof lifetimes>;

describe('a user-defined lifetime set', () => {
  it('shapes the scope tree: root from the data, nesting from the data', async () => {
    const registry = new ProviderRegistry(lifetimes);
    const root = createRootScope({ providers: registry });
    expect(root.lifetime).toBe('process');
    const attempt = root.child('job').child('step').child('attempt');
    expect(attempt.path).toMatch(/^process#\d+ > job#\d+ > step#\d+ > attempt#\d+$/);
    expect(() => root.child('step')).toThrow(ScopeNestingError);
    expect(() => root.child('probe').child('job')).toThrow(/'job' nests in 'process', not in 'probe'/);
    await root.close();
  });

  it('derives captive dependencies from its own nesting, at any depth', () => {
    const registry = new ProviderRegistry<Lifetime>(lifetimes);
    const perAttempt = registry.register({ name: 'attemptLog', lifetime: 'attempt', create: () => [] as string[] });
    const perProbe = registry.register({ name: 'probeState', lifetime: 'probe', create: () => ({}) });
    const perProcess = registry.register({ name: 'pool', lifetime: 'process', create: () => ({}) });
    expect(() => registry.register({ name: 'jobSummary', lifetime: 'job', deps: [perAttempt], create: () => 0 })).toThrow(
      /provider 'jobSummary' \(lifetime 'job'\) depends on provider 'attemptLog' \(lifetime 'attempt'\)/,
    );
    expect(() => registry.register({ name: 'stepView', lifetime: 'step', deps: [perProbe], create: () => 0 })).toThrow(
      CaptiveDependencyError,
    );
    expect(() =>
      registry.register({ name: 'retry', lifetime: 'attempt', deps: [perProcess, perAttempt], create: () => 0 }),
    ).not.toThrow();
  });

  it('owns one instance per scope of the provider lifetime and disposes it with that scope', async () => {
    const registry = new ProviderRegistry(lifetimes);
    const disposed: string[] = [];
    let serial = 0;
    const perStep = registry.register({
      name: 'stepBuffer',
      lifetime: 'step',
      create: () => ({ serial: ++serial }),
      dispose: (buffer) => { disposed.push(`stepBuffer ${String(buffer.serial)}`); },
    });
    const onlyInProbe = registry.register({ name: 'probeOnly', lifetime: 'probe', create: () => 1 });
    const root = createRootScope({ providers: registry });
    const step = root.child('job').child('step');
    const [first, second] = [step.child('attempt'), step.child('attempt')];
    expect(await first.resolve(perStep)).toBe(await second.resolve(perStep));
    await expect(first.resolve(onlyInProbe)).rejects.toThrow(NoScopeForLifetimeError);
    const otherStep = root.child('job').child('step');
    expect((await otherStep.resolve(perStep)).serial).toBe(2);
    await step.close();
    expect(disposed).toEqual(['stepBuffer 1']);
    await root.close();
    expect(disposed).toEqual(['stepBuffer 1', 'stepBuffer 2']);
  });

  it('is watched by the leak sentinel like any other', async () => {
    const holder: object[] = [];
    const registry = new ProviderRegistry(lifetimes);
    const kept = registry.register({
      name: 'keptByHolder',
      lifetime: 'attempt',
      create: () => {
        const value = { data: new Array<number>(1000).fill(0) };
        holder.push(value);
        return value;
      },
    });
    const root = createRootScope({ providers: registry, leakSentinel: new LeakSentinel({ rounds: 2 }) });
    const step = root.child('job').child('step');
    await step.child('attempt').resolve(kept);
    await step.close();
    await expect(expectScopeCollected(step)).rejects.toThrow(ScopeLeakError);
    holder.length = 0;
    await expect(expectScopeCollected(step)).resolves.toMatchObject({ status: 'clean' });
    await root.close();
  });
});
