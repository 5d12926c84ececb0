/**
 * Config: validated once at start-up, deeply frozen, and only ever sliced and overridden into
 * new objects. No override can reach the global config or Object.prototype.
 */
export { loadConfig, type LoadConfigOptions } from './load-config.js';
export type { FrozenConfig } from './frozen-config.js';
export { applyOverrides, type ConfigOverrides } from './overrides.js';
export { deepFreeze, type DeepReadonly } from './deep-freeze.js';
export { coerceEnvText, type EnvBinding, type EnvMap, type Environment } from './env.js';
export { formatPath, type ConfigPath } from './config-path.js';
export { describeSource, type ConfigSource } from './config-source.js';
export { FORBIDDEN_KEYS } from './untrusted-input.js';
export {
  ConfigFileError,
  ConfigInputError,
  ConfigSyntaxError,
  ConfigValidationError,
  ForbiddenKeyError,
  MissingEnvironmentError,
  formatIssue,
  type ConfigIssue,
  type ConfigSyntaxProblem,
  type MissingVariable,
} from './config-error.js';
