import type { LazyRegistry } from '../../lifetime/lazy-registry.js';
import { UnknownInstanceError } from '../../lifetime/lazy-registry.js';
import { TradingContextProvider } from '../context/trading-context-provider.js';
import { WORKER_KINDS, type TradingWorker, type WorkerDefinition, type WorkerServices } from '../workers/trading-worker.js';
import { BlueprintWorkerError } from './strategy-errors.js';

/** One worker as a blueprint lists it. */
export interface WorkerSpec {
  readonly name: string;
  readonly type: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A strategy's wired workers, in the order a tick runs them. */
export interface Workforce {
  readonly provider: TradingContextProvider;
  readonly workers: readonly TradingWorker[];
}

/**
 * Makes a strategy's workers from its blueprint: definitions come from the process-wide
 * catalog (loaded once), instances are new, and all of them get THIS strategy's provider.
 * Then the provider is sealed (every required DTO must have a producer in this strategy) and
 * the workers are ordered by stage (context → opportunity → threat → planning → execution)
 * and, within a stage, producers before consumers.
 */
export async function buildWorkforce(
  blueprint: string,
  specs: readonly WorkerSpec[],
  services: Omit<WorkerServices, 'context'>,
  catalog: LazyRegistry<WorkerDefinition>,
): Promise<Workforce> {
  const provider = new TradingContextProvider();
  const workerServices: WorkerServices = { ...services, context: provider };
  const made = new Map<string, TradingWorker>();
  for (const spec of specs) {
    let definition: WorkerDefinition;
    try {
      definition = await catalog.resolve(spec.type);
    } catch (error) {
      if (error instanceof UnknownInstanceError) {
        throw new BlueprintWorkerError(blueprint, spec.name, `unknown worker type "${spec.type}"; known types: ${error.known.join(', ')}`);
      }
      throw error;
    }
    const parsed = definition.params.safeParse(spec.params ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `params${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`);
      throw new BlueprintWorkerError(blueprint, spec.name, `bad params for "${spec.type}": ${problems.join('; ')}`);
    }
    if (made.has(spec.name)) throw new BlueprintWorkerError(blueprint, spec.name, 'two workers have this name');
    try {
      made.set(spec.name, definition.create(spec.name, parsed.data, workerServices));
    } catch (error) {
      throw new BlueprintWorkerError(blueprint, spec.name, error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
  let order: string[];
  try {
    order = provider.seal(specs.map((s) => s.name));
  } catch (error) {
    throw new BlueprintWorkerError(blueprint, '*', error instanceof Error ? error.message : String(error), { cause: error });
  }
  const rank = new Map(order.map((name, i) => [name, i]));
  const workers = [...made.values()].sort(
    (a, b) => WORKER_KINDS.indexOf(a.kind) - WORKER_KINDS.indexOf(b.kind) || rank.get(a.name)! - rank.get(b.name)!,
  );
  return { provider, workers };
}
