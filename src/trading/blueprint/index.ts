/**
 * The YAML inputs of the trading domain: strategy blueprints, execution environments and
 * operations, validated with file and line for every problem, frozen into the app-lifetime
 * trading catalog, and resolved per request into fresh run configs with overrides.
 */
export { blueprintSchema, unknownWorkerTypeMessage, type Blueprint, type BlueprintWorker } from './blueprint.js';
export { blueprintFileSchema, loadBlueprintFile } from './blueprint-file.js';
export { BadCatalogFileNameError, CatalogDirectoryError, DuplicateCatalogIdError, UnknownCatalogIdError, type CatalogEntryKind } from './catalog-errors.js';
export { idFromFileName } from './catalog-id.js';
export { assetFromDataFile } from './default-asset.js';
export {
  ENVIRONMENT_KINDS,
  environmentSchema,
  type BacktestEnvironment,
  type Environment,
  type EnvironmentKind,
  type LiveEnvironment,
} from './environment.js';
export { environmentFileSchema, loadEnvironmentFile } from './environment-file.js';
export { loadOperation, operationFileSchema, type LoadedOperation, type Operation, type StrategyLink } from './operation-file.js';
export { resolveRunConfig, type RunConfig } from './run-config.js';
export {
  loadTradingCatalog,
  tradingCatalogSchema,
  type TradingCatalog,
  type TradingCatalogConfig,
  type TradingCatalogDirectories,
} from './trading-catalog.js';
export { parseUtcInstant } from './utc-instant.js';
