/**
 * A run config: the blueprint and execution environment one request (a backtest, a live
 * strategy) runs with, taken from the frozen catalog as fresh objects the request owns, with
 * the request's overrides applied and validated. The catalog is never touched.
 *
 * Overrides are dotted paths relative to the run config (`environment.cash`,
 * `blueprint.workers.fast.params.period`) or nested objects, as the core's overrides take
 * them. Workers are addressed by name: for the override the blueprint's worker list is seen as
 * an object keyed by worker name (in blueprint order), so every form of override (dotted,
 * nested, mixed) works on it, and a name the blueprint does not have is an unknown key. The
 * ids, the worker names and the order of workers are what the request asked for, so they
 * cannot be overridden; types and params can.
 */
import { z } from 'zod';
import { applyOverrides, ConfigValidationError, type ConfigIssue, type ConfigOverrides, type ConfigPath, type DeepReadonly } from '../../config/index.js';
import { blueprintSchema, workerParamsSchema, workerTypeSchema, type Blueprint, type BlueprintWorker } from './blueprint.js';
import { UnknownCatalogIdError } from './catalog-errors.js';
import { assetFromDataFile } from './default-asset.js';
import { environmentSettingsSchema, type Environment } from './environment.js';
import type { TradingCatalogConfig } from './trading-catalog.js';

/** What one request runs with: mutable, its own, shared with nothing. */
export interface RunConfig {
  blueprint: Blueprint;
  environment: Environment;
}

/** A worker in the override view: its name is its key. */
const workerBodySchema = z.strictObject({ type: workerTypeSchema, params: workerParamsSchema });

const blueprintSettingsShape = { displayName: blueprintSchema.shape.displayName, description: blueprintSchema.shape.description };

/** The schema overrides are checked against, for one blueprint's worker names. */
function overrideViewSchema(workerNames: readonly string[]) {
  const workers = Object.fromEntries(workerNames.map((name) => [name, workerBodySchema]));
  return z.strictObject({
    blueprint: z.strictObject({ ...blueprintSettingsShape, workers: z.strictObject(workers) }),
    environment: environmentSettingsSchema,
  });
}

type OverrideViewSchema = ReturnType<typeof overrideViewSchema>;

/** One schema per blueprint, kept as long as the (frozen, app-lifetime) blueprint object is. */
const viewSchemas = new WeakMap<object, OverrideViewSchema>();

function viewSchemaFor(blueprint: DeepReadonly<Blueprint>): OverrideViewSchema {
  let schema = viewSchemas.get(blueprint);
  if (schema === undefined) {
    schema = overrideViewSchema(blueprint.workers.map((worker) => worker.name));
    viewSchemas.set(blueprint, schema);
  }
  return schema;
}

/** The catalog entries as the override view sees them. Shares frozen objects; applyOverrides copies. */
function viewOf(blueprint: DeepReadonly<Blueprint>, environment: DeepReadonly<Environment>): unknown {
  const workers: Record<string, unknown> = {};
  for (const worker of blueprint.workers) workers[worker.name] = { type: worker.type, params: worker.params };
  const { id: _environmentId, ...settings } = environment;
  return { blueprint: { displayName: blueprint.displayName, description: blueprint.description, workers }, environment: settings };
}

const UNKNOWN_KEY = 'unknown key, not in the schema';

/** The dotted override keys that reach into `path` (`blueprint.workers.fsat.params.period` for `blueprint.workers.fsat`). */
function overrideKeysUnder(overrides: ConfigOverrides, path: ConfigPath): string[] {
  return Object.keys(overrides).filter((key) => {
    const segments = key.split('.');
    return segments.length >= path.length && path.every((segment, i) => segments[i] === String(segment));
  });
}

/**
 * Says what an unknown key right under `blueprint.workers` is: a worker name the blueprint
 * does not have. The core credits such a path to the base (which wrote all of `blueprint`), so
 * the override key that reached into it is named here.
 */
function explainUnknownWorkers(issues: readonly ConfigIssue[], blueprint: DeepReadonly<Blueprint>, overrides: ConfigOverrides): ConfigIssue[] {
  const names = blueprint.workers.map((worker) => worker.name).join(', ');
  return issues.map((issue) => {
    const [section, field, worker] = issue.path;
    if (issue.path.length !== 3 || section !== 'blueprint' || field !== 'workers' || issue.message !== UNKNOWN_KEY) return issue;
    const keys = overrideKeysUnder(overrides, issue.path);
    return {
      path: issue.path,
      message: `no worker named "${String(worker)}" in blueprint "${blueprint.id}"; its workers: ${names}`,
      // Only an override can bring a worker name the blueprint lacks.
      source: { kind: 'overrides' },
      ...(keys.length === 0 ? {} : { hint: `override ${keys.map((key) => `"${key}"`).join(', ')}` }),
    };
  });
}

/**
 * The run config for `blueprintId` × `environmentId`, with `overrides` applied: a fresh,
 * mutable object the caller owns. The catalog is never modified.
 *
 * Throws {@link UnknownCatalogIdError} for an id the catalog does not have, and
 * ConfigValidationError naming the override key for a path outside the run config (e.g.
 * `environment.casj`, a worker name the blueprint does not have) or a value its schema refuses.
 * Worker params are passed through as given; the worker's own schema checks them when the
 * workforce is built.
 */
export function resolveRunConfig(catalog: TradingCatalogConfig, blueprintId: string, environmentId: string, overrides: ConfigOverrides = {}): RunConfig {
  const { blueprints, environments } = catalog.value;
  if (!Object.hasOwn(blueprints, blueprintId)) throw new UnknownCatalogIdError('blueprint', blueprintId, Object.keys(blueprints));
  if (!Object.hasOwn(environments, environmentId)) throw new UnknownCatalogIdError('environment', environmentId, Object.keys(environments));
  const blueprint = blueprints[blueprintId]!;
  const environment = environments[environmentId]!;

  const schema = viewSchemaFor(blueprint);
  let view: z.output<OverrideViewSchema>;
  try {
    view = applyOverrides(schema, viewOf(blueprint, environment) as DeepReadonly<z.input<OverrideViewSchema>>, overrides);
  } catch (error) {
    if (error instanceof ConfigValidationError) throw new ConfigValidationError('run config override', explainUnknownWorkers(error.issues, blueprint, overrides));
    throw error;
  }

  const workers: BlueprintWorker[] = blueprint.workers.map(({ name }) => {
    const body = view.blueprint.workers[name]!;
    return { name, type: body.type, params: body.params };
  });
  return {
    blueprint: { id: blueprint.id, displayName: view.blueprint.displayName, description: view.blueprint.description, workers },
    environment: { id: environment.id, ...followDataFile(environment, view.environment) },
  };
}

/**
 * When an override points a backtest at another data file, an asset that was only the old
 * file's name (the default) follows the new file; an asset the override sets, or one the
 * environment chose deliberately, stays.
 */
function followDataFile<E extends z.output<typeof environmentSettingsSchema>>(original: DeepReadonly<Environment>, resolved: E): E {
  if (original.kind !== 'backtest' || resolved.kind !== 'backtest' || resolved.data === original.data) return resolved;
  if (resolved.asset !== original.asset || original.asset !== assetFromDataFile(original.data)) return resolved;
  return { ...resolved, asset: assetFromDataFile(resolved.data) };
}
