import {
  createRootScope,
  defaultLifetimes,
  formatLeakReport,
  LazyRegistry,
  LeakSentinel,
  ProviderRegistry,
  type DefaultLifetime,
  type Provider,
  type Scope,
} from '../lifetime/index.js';
import { runtimeGc } from './runtime-gc.js';

export interface SelfCheckOptions {
  readonly runs: number;
  readonly log: (line: string) => void;
}

export interface SelfCheckResult {
  readonly ok: boolean;
  readonly runs: number;
  readonly instantiations: number;
  readonly leakChecks: number;
}

/** Stands in for an expensive, reusable object: a loaded model, a curve. */
class Workpiece implements Disposable {
  readonly data = new Float64Array(10_000);
  disposed = false;

  [Symbol.dispose](): void {
    this.disposed = true;
  }
}

/**
 * Exercises the core end to end the way a batch process would: an app scope; per run a run
 * scope with run-scoped providers; a lazy registry of expensive objects held across a run and
 * cleared between runs; after each run the leak sentinel proves the run left nothing behind.
 * It is the main command until the EOD job exists, and a quick health check after that.
 */
export async function selfCheck(options: SelfCheckOptions): Promise<SelfCheckResult> {
  const sentinel = new LeakSentinel({ gc: runtimeGc() });
  const providers = new ProviderRegistry(defaultLifetimes);
  const registry = new LazyRegistry<Workpiece>({ name: 'workpieces', maxSize: 8 });
  for (let i = 0; i < 12; i++) registry.register(`piece-${i}`, () => new Workpiece());
  const results = providers.register({ name: 'run-results', lifetime: 'run', create: () => [] as number[] });
  const app = createRootScope({ providers, name: 'selfcheck', leakSentinel: sentinel });
  app.own(registry, { label: 'workpiece registry' });
  let leakChecks = 0;
  let ok = true;
  try {
    for (let run = 1; run <= options.runs; run++) {
      await doOneRun(app, run, registry, results);
      registry.clear();
      const report = await sentinel.check();
      leakChecks++;
      const stats = registry.stats();
      options.log(`run ${run}: ${stats.instantiations} instantiations so far, hit rate ${(100 * stats.cache.hitRate).toFixed(1)}%, leak check ${report.status}`);
      if (report.status !== 'clean') {
        ok = false;
        options.log(formatLeakReport(report));
      }
    }
  } finally {
    await app.close();
  }
  return { ok, runs: options.runs, instantiations: registry.stats().instantiations, leakChecks };
}

async function doOneRun(
  app: Scope<DefaultLifetime>,
  run: number,
  registry: LazyRegistry<Workpiece>,
  results: Provider<number[], DefaultLifetime>,
): Promise<void> {
  const scope = app.child('run', { name: `run-${run}` });
  try {
    const sink = await scope.resolve(results);
    for (let step = 0; step < 200; step++) {
      const piece = registry.get(`piece-${step % 12}`);
      sink.push(piece.data.length);
    }
  } finally {
    await scope.close();
  }
}
