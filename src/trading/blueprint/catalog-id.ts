/**
 * Ids of blueprints and execution environments. An id is its file's name without `.yaml`, so
 * ids are restricted to what reads well in a file name, a URL and a log line, and can never be
 * a key that reaches an object's prototype.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { FORBIDDEN_KEYS } from '../../config/index.js';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Extensions of catalog files, in the order they are tried. */
export const YAML_EXTENSIONS: readonly string[] = ['.yaml', '.yml'];

/** Why `id` is not a valid catalog id, or undefined when it is. */
export function catalogIdProblem(id: string): string | undefined {
  if (!ID_PATTERN.test(id)) return 'ids start with a letter or digit and contain only letters, digits, "_" and "-"';
  if (FORBIDDEN_KEYS.has(id)) return `"${id}" is reserved and cannot be an id`;
  return undefined;
}

export const catalogIdSchema = z.string().superRefine((id, ctx) => {
  const problem = catalogIdProblem(id);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `invalid id "${id}": ${problem}` });
});

/** True when `file` has a catalog file extension. */
export function isYamlFile(file: string): boolean {
  return YAML_EXTENSIONS.some((extension) => file.endsWith(extension));
}

/** The id a catalog file stands for: its name without the extension (`sma_cross.yaml` → `sma_cross`). */
export function idFromFileName(file: string): string {
  const name = basename(file);
  const extension = YAML_EXTENSIONS.find((candidate) => name.endsWith(candidate));
  return extension === undefined ? name : name.slice(0, -extension.length);
}
