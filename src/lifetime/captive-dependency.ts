import { type CaptiveDetection, CaptiveDependencyError } from './errors.js';
import type { LifetimeModel } from './lifetime-model.js';

/** The two sides of a dependency edge, by name and lifetime. */
export interface DependencyEnd<L extends string> {
  readonly name: string;
  readonly lifetime: L;
}

/**
 * Rejects a dependency edge that would make `consumer` hold something that can die first.
 * The rule comes from the lifetime model alone: the dependency's lifetime must be the
 * consumer's or one it nests in. A sibling lifetime is rejected too: nothing guarantees it
 * outlives the consumer.
 */
export function assertNotCaptive<L extends string>(
  lifetimes: LifetimeModel<L>,
  consumer: DependencyEnd<L>,
  dependency: DependencyEnd<L>,
  detectedAt: CaptiveDetection,
  where?: string,
): void {
  const relation = lifetimes.relation(dependency.lifetime, consumer.lifetime);
  if (relation === 'same' || relation === 'longer') return;
  throw new CaptiveDependencyError(
    consumer.name,
    consumer.lifetime,
    dependency.name,
    dependency.lifetime,
    relation,
    detectedAt,
    where,
  );
}
