/**
 * The trading catalog: every blueprint and execution environment, read from their
 * directories once at start-up, validated, and deeply frozen as one config for the app's
 * lifetime. Requests never change it; they take a run config from it (see run-config.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigValidationError, loadConfig, type ConfigIssue, type FrozenConfig } from '../../config/index.js';
import { blueprintSchema } from './blueprint.js';
import { blueprintFileSchema } from './blueprint-file.js';
import { BadCatalogFileNameError, CatalogDirectoryError, DuplicateCatalogIdError, type CatalogEntryKind } from './catalog-errors.js';
import { catalogIdProblem, idFromFileName, isYamlFile } from './catalog-id.js';
import { environmentSchema } from './environment.js';
import { environmentFileSchema } from './environment-file.js';
import { loadYamlFile } from './yaml-input.js';

/** Each record's keys must be the ids of their entries, so a lookup by id finds that entry. */
function keyedById<S extends z.ZodType<{ id: string }>>(entry: S) {
  return z.record(z.string(), entry).superRefine((entries, ctx) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value.id !== key) ctx.addIssue({ code: 'custom', path: [key, 'id'], message: `id "${value.id}" differs from its key "${key}"` });
    }
  });
}

export const tradingCatalogSchema = z.strictObject({
  blueprints: keyedById(blueprintSchema),
  environments: keyedById(environmentSchema),
});

export type TradingCatalog = z.output<typeof tradingCatalogSchema>;

/** The app-lifetime catalog: validated once, deeply frozen. */
export type TradingCatalogConfig = FrozenConfig<TradingCatalog>;

export interface TradingCatalogDirectories {
  /** One `<id>.yaml` per blueprint. */
  readonly blueprintsDir: string;
  /** One `<id>.yaml` per execution environment. */
  readonly environmentsDir: string;
}

/** The YAML files of a directory, by id, in name order (other files and subdirectories are ignored). */
function catalogFiles(entry: CatalogEntryKind, directory: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(directory).filter(isYamlFile).sort();
  } catch (cause) {
    throw new CatalogDirectoryError(entry, directory, cause);
  }
  const files = new Map<string, string>();
  for (const name of names) {
    const file = join(directory, name);
    if (!statSync(file).isFile()) continue;
    const id = idFromFileName(file);
    const problem = catalogIdProblem(id);
    if (problem !== undefined) throw new BadCatalogFileNameError(file, problem);
    const other = files.get(id);
    if (other !== undefined) throw new DuplicateCatalogIdError(entry, id, [other, file]);
    files.set(id, file);
  }
  return files;
}

/**
 * Reads every blueprint and environment file, each through the core's config loader (so an
 * error names its file and line), and freezes them together as one config.
 *
 * Every file is read before anything is reported: the validation issues of all files come
 * back in one ConfigValidationError, so a broken catalog is fixed in one round trip. A file
 * that cannot be read or parsed at all is reported on its own, at once.
 */
export function loadTradingCatalog(directories: TradingCatalogDirectories): TradingCatalogConfig {
  const issues: ConfigIssue[] = [];
  function collect<T>(load: () => T): T | undefined {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  }

  const blueprints: Record<string, unknown> = {};
  for (const [id, file] of catalogFiles('blueprint', resolve(directories.blueprintsDir))) {
    const blueprint = collect(() => loadYamlFile(blueprintFileSchema(id), file, 'blueprint'));
    if (blueprint !== undefined) blueprints[id] = blueprint;
  }
  const environments: Record<string, unknown> = {};
  for (const [id, file] of catalogFiles('environment', resolve(directories.environmentsDir))) {
    const environment = collect(() => loadYamlFile(environmentFileSchema(id, file), file, 'environment'));
    if (environment !== undefined) environments[id] = environment;
  }
  if (issues.length > 0) throw new ConfigValidationError('trading catalog', issues);

  // The parts are validated already; validating the whole again costs little and makes the
  // catalog a FrozenConfig like every other app-lifetime config (copied, then frozen).
  return loadConfig({ schema: tradingCatalogSchema, defaults: { blueprints, environments }, env: {} });
}
