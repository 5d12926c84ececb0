/**
 * A strategy blueprint as the trading domain uses it: an id, a name for people, and the
 * strategy's workers in order, each with the params its own schema will check when the
 * workforce is built. This is the validated, camelCase form; {@link ./blueprint-file.ts} reads
 * the YAML form into it.
 */
import { z } from 'zod';
import { FORBIDDEN_KEYS } from '../../config/index.js';
import { WORKER_TYPES, isWorkerType, type WorkerType } from '../workers/worker-catalog.js';
import { catalogIdSchema } from './catalog-id.js';

/** One worker as a blueprint lists it; structurally the engine's WorkerSpec. */
export interface BlueprintWorker {
  /** Unique within the blueprint; the name overrides address it by (`blueprint.workers.<name>…`). */
  name: string;
  type: WorkerType;
  /** Checked later by the worker type's own schema (which knows its defaults and ranges). */
  params: Record<string, unknown>;
}

/**
 * Worker names become segments of dotted override paths and keys of objects, so they may not
 * contain dots, may not look like array indexes (a leading digit) and may not reach a prototype.
 */
const WORKER_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const workerNameSchema = z.string().superRefine((name, ctx) => {
  if (!WORKER_NAME_PATTERN.test(name)) {
    ctx.addIssue({
      code: 'custom',
      message: `invalid worker name "${name}": names start with a letter or "_" and contain only letters, digits, "_" and "-" (overrides address workers by name)`,
    });
  } else if (FORBIDDEN_KEYS.has(name)) {
    ctx.addIssue({ code: 'custom', message: `"${name}" is reserved and cannot be a worker name` });
  }
});

/** "unknown worker type …; known types: …", naming the worker when it is known. */
export function unknownWorkerTypeMessage(type: string, worker?: string): string {
  const of = worker === undefined ? '' : ` for worker "${worker}"`;
  return `unknown worker type "${type}"${of}; known types: ${WORKER_TYPES.join(', ')}`;
}

/** A worker type on its own (the message cannot name the worker; its path does). */
export const workerTypeSchema = z.custom<WorkerType>((value) => typeof value === 'string' && isWorkerType(value), {
  error: (issue) => (typeof issue.input === 'string' ? unknownWorkerTypeMessage(issue.input) : `expected a worker type, one of: ${WORKER_TYPES.join(', ')}`),
});

/** Worker params: any plain record here; the worker's own schema validates it when the workforce is built. */
export const workerParamsSchema = z.record(z.string(), z.unknown()).default({});

/**
 * One worker of a blueprint. The type is checked at the worker, not the field, so the message
 * can name the worker as well as listing the known types.
 */
export const blueprintWorkerSchema = z
  .strictObject({ name: workerNameSchema, type: z.string(), params: workerParamsSchema })
  .superRefine((worker, ctx) => {
    if (!isWorkerType(worker.type)) ctx.addIssue({ code: 'custom', path: ['type'], message: unknownWorkerTypeMessage(worker.type, worker.name) });
  })
  // The refinement above has checked the type; this only tells TypeScript so.
  .transform((worker) => worker as BlueprintWorker);

/** The workers of a blueprint: at least one, names unique. */
export const blueprintWorkersSchema = z
  .array(blueprintWorkerSchema)
  .min(1, 'a blueprint needs at least one worker')
  .superRefine((workers, ctx) => {
    const firstIndex = new Map<string, number>();
    workers.forEach((worker, index) => {
      const first = firstIndex.get(worker.name);
      if (first === undefined) {
        firstIndex.set(worker.name, index);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `duplicate worker name "${worker.name}" (also workers[${first}]); names must be unique within a blueprint`,
        });
      }
    });
  });

export const blueprintSchema = z.strictObject({
  id: catalogIdSchema,
  displayName: z.string().min(1),
  description: z.string().default(''),
  workers: blueprintWorkersSchema,
});

export type Blueprint = z.output<typeof blueprintSchema>;
