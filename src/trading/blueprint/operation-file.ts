/**
 * An operation: which strategies run together, each a strategy link of a blueprint and an
 * execution environment (backtest or live), as in the multi-strategy seed:
 *
 * ```yaml
 * display_name: Multi-Strategy Test
 * description: …
 * blueprints: ../trading/blueprints          # directories, relative to this file
 * environments: ../trading/environments
 * strategy_links:
 *   - strategy_blueprint_id: ict_smc_strategy
 *     execution_environment_id: live_local_btc
 *     is_active: true                        # optional, default true
 *     id: ict-live                           # optional, default <blueprint>@<environment>
 * ```
 *
 * Loading reads the file, then the catalog it points at, then checks the links against the
 * catalog, so a link to an unknown blueprint or environment is reported at its line with the
 * ids that do exist.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { DeepReadonly } from '../../config/index.js';
import { catalogIdSchema, idFromFileName } from './catalog-id.js';
import { loadTradingCatalog, type TradingCatalogConfig } from './trading-catalog.js';
import { loadYamlFile } from './yaml-input.js';

/** One strategy of an operation. */
export interface StrategyLink {
  /** Unique within the operation; names the strategy (its scope, its logs). */
  readonly id: string;
  readonly blueprintId: string;
  readonly environmentId: string;
  /** Inactive links are kept in the file but not started. */
  readonly isActive: boolean;
}

export interface Operation {
  /** The operation file (absolute). */
  readonly file: string;
  /** The file name without `.yaml`. */
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly blueprintsDir: string;
  readonly environmentsDir: string;
  readonly strategyLinks: readonly StrategyLink[];
}

export interface LoadedOperation {
  readonly operation: DeepReadonly<Operation>;
  /** The catalog the operation's directories hold; run configs for its links come from it. */
  readonly catalog: TradingCatalogConfig;
}

/** The ids one catalog directory has, when links are checked against it. */
export interface KnownIds {
  readonly ids: readonly string[];
  readonly directory: string;
}

function directorySchema(base: string) {
  return z
    .string()
    .min(1)
    .transform((written, ctx) => {
      const path = resolve(base, written);
      let isDirectory = false;
      try {
        isDirectory = statSync(path).isDirectory();
      } catch {
        isDirectory = false;
      }
      if (!isDirectory) ctx.addIssue({ code: 'custom', message: `directory not found: ${path} (relative paths are resolved from the operation file's directory)` });
      return path;
    });
}

function knownIdSchema(entry: string, known: KnownIds | undefined) {
  return z
    .string()
    .min(1)
    .superRefine((id, ctx) => {
      if (known === undefined || known.ids.includes(id)) return;
      const list = known.ids.length === 0 ? '(none)' : known.ids.join(', ');
      ctx.addIssue({ code: 'custom', message: `unknown ${entry} "${id}"; known ${entry}s (in ${known.directory}): ${list}` });
    });
}

/** The schema of operation file `file`; with `known`, links must name ids the catalog has. */
export function operationFileSchema(file: string, known?: { readonly blueprints: KnownIds; readonly environments: KnownIds }) {
  const base = dirname(file);
  const link = z.strictObject({
    id: catalogIdSchema.optional(),
    strategy_blueprint_id: knownIdSchema('blueprint', known?.blueprints),
    execution_environment_id: knownIdSchema('environment', known?.environments),
    is_active: z.boolean().default(true),
  });
  return z
    .strictObject({
      display_name: z.string().min(1).optional(),
      description: z.string().default(''),
      blueprints: directorySchema(base),
      environments: directorySchema(base),
      strategy_links: z.array(link).min(1, 'an operation needs at least one strategy link'),
    })
    .transform((operation, ctx): Operation => {
      const id = idFromFileName(file);
      const firstIndex = new Map<string, number>();
      const strategyLinks = operation.strategy_links.map((entry, index): StrategyLink => {
        const linkId = entry.id ?? `${entry.strategy_blueprint_id}@${entry.execution_environment_id}`;
        const first = firstIndex.get(linkId);
        if (first === undefined) firstIndex.set(linkId, index);
        else {
          ctx.addIssue({
            code: 'custom',
            path: ['strategy_links', index],
            message: `strategy link "${linkId}" is already strategy_links[${first}]; give one of them another id`,
          });
        }
        return { id: linkId, blueprintId: entry.strategy_blueprint_id, environmentId: entry.execution_environment_id, isActive: entry.is_active };
      });
      return {
        file,
        id,
        displayName: operation.display_name ?? id,
        description: operation.description,
        blueprintsDir: operation.blueprints,
        environmentsDir: operation.environments,
        strategyLinks,
      };
    });
}

/**
 * Reads an operation file and the catalog it points at. Errors name the file and line: the
 * operation's own (a missing directory, an unknown key, a link to an id the catalog does not
 * have, listing the ids it does have) and the catalog files'.
 */
export function loadOperation(file: string): LoadedOperation {
  const path = resolve(file);
  const shape = loadYamlFile(operationFileSchema(path), path, 'operation');
  const catalog = loadTradingCatalog({ blueprintsDir: shape.blueprintsDir, environmentsDir: shape.environmentsDir });
  const known = {
    blueprints: { ids: Object.keys(catalog.value.blueprints), directory: shape.blueprintsDir },
    environments: { ids: Object.keys(catalog.value.environments), directory: shape.environmentsDir },
  };
  // Read again, now checking the links: loadConfig keeps the file's lines, so these errors have them too.
  const operation = loadYamlFile(operationFileSchema(path, known), path, 'operation');
  return { operation, catalog };
}
