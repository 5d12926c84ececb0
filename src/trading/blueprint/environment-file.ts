/**
 * The YAML form of an execution environment, one file per environment, the id being the file
 * name. Keys are snake_case:
 *
 * ```yaml
 * kind: backtest
 * data: ../../../../shared/data/market/BTC-PERP-1m-2022-01.csv  # relative to this file, or absolute
 * asset: BTC-PERP            # optional; from the data file's name when absent
 * from: 2022-01-01           # optional, UTC unless an offset is written; to: optional, exclusive
 * cash: 100000
 * commission: 0.0004         # fraction of notional per fill
 * slippage: 0.0001           # fraction of price, against the trader
 * periods_per_year: auto     # or a number
 * risk_free_rate: 0
 * ```
 *
 * or `kind: live` with `feed: ws://…`, `asset` (required) and `execution: paper`. The data
 * file must exist when the environment is loaded: a typo in a path is found at start-up, not
 * when the first request runs.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { DeepReadonly } from '../../config/index.js';
import { BadCatalogFileNameError } from './catalog-errors.js';
import { catalogIdProblem, idFromFileName } from './catalog-id.js';
import { assetFromDataFile } from './default-asset.js';
import { checkRange, feedAddressSchema, paperExecutionSchema, tradingSettingsShape, environmentKindError, type Environment } from './environment.js';
import { instantTextSchema } from './utc-instant.js';
import { loadYamlFile } from './yaml-input.js';

/** The settings both kinds share, under their file names. */
const settingsFields = {
  id: z.string().optional(),
  cash: tradingSettingsShape.cash,
  commission: tradingSettingsShape.commission,
  slippage: tradingSettingsShape.slippage,
  periods_per_year: tradingSettingsShape.periodsPerYear,
  risk_free_rate: tradingSettingsShape.riskFreeRate,
  max_leverage: tradingSettingsShape.maxLeverage,
  allow_short: tradingSettingsShape.allowShort,
};

/** A data path as written, resolved against the environment file's directory; it must be a readable file. */
function dataFileSchema(directory: string) {
  return z
    .string()
    .min(1)
    .transform((written, ctx) => {
      const path = resolve(directory, written);
      let isFile = false;
      try {
        isFile = statSync(path).isFile();
      } catch {
        isFile = false;
      }
      if (!isFile) ctx.addIssue({ code: 'custom', message: `data file not found: ${path} (relative paths are resolved from this file's directory)` });
      return path;
    });
}

/** The schema of the environment file `file` (absolute) whose id is `id`. */
export function environmentFileSchema(id: string, file: string) {
  const backtest = z.strictObject({
    kind: z.literal('backtest'),
    data: dataFileSchema(dirname(file)),
    asset: z.string().min(1).optional(),
    from: instantTextSchema.optional(),
    to: instantTextSchema.optional(),
    ...settingsFields,
  });
  const live = z.strictObject({
    kind: z.literal('live'),
    feed: feedAddressSchema,
    asset: tradingSettingsShape.asset,
    execution: paperExecutionSchema.default('paper'),
    ...settingsFields,
  });
  return z
    .discriminatedUnion('kind', [backtest, live], { error: environmentKindError })
    .superRefine((environment, ctx) => {
      if (environment.id !== undefined && environment.id !== id) {
        ctx.addIssue({ code: 'custom', path: ['id'], message: `id "${environment.id}" does not match the file name; this environment's id is "${id}"` });
      }
      if (environment.kind === 'backtest') checkRange(environment, ctx);
    })
    .transform((environment): Environment => {
      const settings = {
        cash: environment.cash,
        commission: environment.commission,
        slippage: environment.slippage,
        periodsPerYear: environment.periods_per_year,
        riskFreeRate: environment.risk_free_rate,
        ...(environment.max_leverage === undefined ? {} : { maxLeverage: environment.max_leverage }),
        ...(environment.allow_short === undefined ? {} : { allowShort: environment.allow_short }),
      };
      if (environment.kind === 'live') {
        return { id, kind: 'live', feed: environment.feed, execution: environment.execution, asset: environment.asset, ...settings };
      }
      return {
        id,
        kind: 'backtest',
        data: environment.data,
        ...(environment.from === undefined ? {} : { from: environment.from }),
        ...(environment.to === undefined ? {} : { to: environment.to }),
        asset: environment.asset ?? assetFromDataFile(environment.data),
        ...settings,
      };
    });
}

/** Reads and validates one environment file; errors name the file and line. */
export function loadEnvironmentFile(file: string): DeepReadonly<Environment> {
  const path = resolve(file);
  const id = idFromFileName(path);
  const problem = catalogIdProblem(id);
  if (problem !== undefined) throw new BadCatalogFileNameError(path, problem);
  return loadYamlFile(environmentFileSchema(id, path), path, 'environment');
}
