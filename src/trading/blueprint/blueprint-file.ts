/**
 * The YAML form of a blueprint, one file per blueprint, the id being the file name:
 *
 * ```yaml
 * display_name: SMA cross          # optional; the id when absent
 * description: …                   # optional
 * workers:                         # in order; names unique
 *   - { name: fast, type: sma, params: { period: 10 } }
 * ```
 *
 * Keys of the file are snake_case; worker params are passed through as written (camelCase,
 * the worker's own schema checks them). An `id` field is allowed but must equal the file name.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import type { DeepReadonly } from '../../config/index.js';
import { blueprintWorkersSchema, type Blueprint } from './blueprint.js';
import { BadCatalogFileNameError } from './catalog-errors.js';
import { catalogIdProblem, idFromFileName } from './catalog-id.js';
import { loadYamlFile } from './yaml-input.js';

/** The schema of the file whose name makes the id `id`. */
export function blueprintFileSchema(id: string) {
  return z
    .strictObject({
      id: z.string().optional(),
      display_name: z.string().min(1).optional(),
      description: z.string().default(''),
      workers: blueprintWorkersSchema,
    })
    .superRefine((file, ctx) => {
      if (file.id !== undefined && file.id !== id) {
        ctx.addIssue({ code: 'custom', path: ['id'], message: `id "${file.id}" does not match the file name; this blueprint's id is "${id}"` });
      }
    })
    .transform(
      (file): Blueprint => ({ id, displayName: file.display_name ?? id, description: file.description, workers: file.workers }),
    );
}

/** Reads and validates one blueprint file; errors name the file and line. */
export function loadBlueprintFile(file: string): DeepReadonly<Blueprint> {
  const path = resolve(file);
  const id = idFromFileName(path);
  const problem = catalogIdProblem(id);
  if (problem !== undefined) throw new BadCatalogFileNameError(path, problem);
  return loadYamlFile(blueprintFileSchema(id), path, 'blueprint');
}
