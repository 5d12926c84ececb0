import { basename, extname } from 'node:path';
import { z } from 'zod';
import { readConfigFile } from '../../config/config-file.js';
import { ConfigValidationError } from '../../config/config-error.js';
import { isPlainObject } from '../../config/plain-object.js';
import { validateConfig } from '../../config/validate.js';
import { PREPAYMENT_MODEL_TYPES } from './prepayment-model.js';
import { psaParametersSchema, type PsaParameters } from './psa-model.js';
import { refiParametersSchema, type RefiParameters } from './refi-model.js';

/** Extensions of model files; JSON is read as YAML so both get line numbers in errors. */
export const MODEL_FILE_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml'];

/** What a model file declares: its name, its type, and that type's parameters. */
export type ModelDefinition =
  | { readonly name: string; readonly type: 'psa'; readonly parameters: PsaParameters }
  | { readonly name: string; readonly type: 'refi'; readonly parameters: RefiParameters };

const modelName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"');

const psaFileSchema = z.strictObject({ name: modelName, type: z.literal('psa'), parameters: psaParametersSchema });
const refiFileSchema = z.strictObject({ name: modelName, type: z.literal('refi'), parameters: refiParametersSchema });
/** Used only to report a file whose type is missing or unknown: names the allowed types. */
const anyTypeFileSchema = z.strictObject({ name: modelName, type: z.enum(PREPAYMENT_MODEL_TYPES), parameters: z.record(z.string(), z.unknown()) });

/** The model name a file provides: its name without the extension. */
export function modelNameOfFile(file: string): string {
  return basename(file, extname(file));
}

/**
 * Reads and validates one model file. Every problem is reported at once with its field and
 * line: an unknown type, an unknown or missing parameter, a value out of range, and a `name`
 * that differs from the file's own name (the registry finds models by file name).
 */
export function readModelFile(file: string): ModelDefinition {
  const { data, locations } = readConfigFile(file);
  const context = { subject: `prepayment model file ${file}`, sourceOf: (path: readonly (string | number)[]) => locations.sourceOf(path) };
  // The type picks the parameter schema, so that parameters are checked against one model
  // and reported as "unknown key" rather than as a mismatch against every model there is.
  const type = isPlainObject(data) ? data.type : undefined;
  let definition: ModelDefinition;
  if (type === 'psa') definition = validateConfig(psaFileSchema, data, context);
  else if (type === 'refi') definition = validateConfig(refiFileSchema, data, context);
  else {
    validateConfig(anyTypeFileSchema, data, context);
    throw new Error(`unreachable: ${file} passed validation with type ${String(type)}`);
  }
  const expected = modelNameOfFile(file);
  if (definition.name !== expected) {
    throw new ConfigValidationError(context.subject, [
      { path: ['name'], message: `"${definition.name}" must match the file name "${expected}"`, source: locations.sourceOf(['name']) },
    ]);
  }
  return definition;
}
