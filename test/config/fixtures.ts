import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** A neutral config with the shape the request-isolation pattern needs: shared parts plus one section per mode. */
const limits = z.object({
  ceiling: z.number().min(0).max(1),
  window: z.number().int().positive(),
});

const section = z.object({
  limits,
  tags: z.array(z.string()).default([]),
  targets: z.array(z.object({ name: z.string(), weight: z.number() })).default([]),
});

export const appSchema = z.object({
  service: z.object({ name: z.string(), verbose: z.boolean().default(false) }),
  database: z.object({
    url: z.string(),
    pool: z.object({ max: z.number().int().max(100), min: z.number().int().default(1) }),
  }),
  batch: section,
  stream: section,
  nightly: section,
});

export type AppConfig = z.output<typeof appSchema>;
export const sectionSchema = section;

/** A complete, valid raw config. */
export function validInput(): Record<string, unknown> {
  return {
    service: { name: 'svc' },
    database: { url: 'sqlite://results.db', pool: { max: 10 } },
    batch: { limits: { ceiling: 0.2, window: 30 }, tags: ['a', 'b'], targets: [{ name: 'x', weight: 1 }] },
    stream: { limits: { ceiling: 0.1, window: 5 } },
    nightly: { limits: { ceiling: 0.3, window: 60 } },
  };
}

/** Runs `action`, which must throw, and returns what it threw, narrowed to `type`. */
export function thrownBy<E extends Error>(action: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    action();
  } catch (error) {
    if (error instanceof type) return error;
    throw new Error(`expected ${type.name}, but ${String(error)} was thrown`, { cause: error });
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}

/** True when `value` and everything reachable from it through own properties is frozen. */
export function isDeepFrozen(value: unknown, seen: WeakSet<object> = new WeakSet()): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (seen.has(value)) return true;
  seen.add(value);
  if (!Object.isFrozen(value)) return false;
  return Reflect.ownKeys(value).every((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return descriptor === undefined || !('value' in descriptor) || isDeepFrozen(descriptor.value, seen);
  });
}

/** A scratch directory with a helper to write files into it; call `remove` when done. */
export function scratchDirectory(): { write(name: string, text: string): string; remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), 'tenure-config-'));
  return {
    write(name, text) {
      const file = join(directory, name);
      writeFileSync(file, text);
      return file;
    },
    remove() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
