/**
 * Bad input found while a backtest request is checked (before anything is recorded or run),
 * as a 400 naming the part of the request to fix: `body.blueprint`, `body.environment`, or the
 * override key that brought the wrong value, as the client wrote it
 * (`body.overrides["environment.casj"]`, `body.overrides.environment.cash`).
 */
import { ConfigInputError, ConfigValidationError, ForbiddenKeyError, formatPath, type ConfigOverrides, type ConfigPath } from '../config/index.js';
import { TenureError } from '../errors/tenure-error.js';
import { UnknownCatalogIdError } from '../trading/blueprint/index.js';
import { BarDataError } from '../trading/market/bar-data-error.js';
import { EnvironmentKindMismatchError } from '../trading/service/run-specs.js';
import { isBadInputCode } from './error-mapping.js';
import { HttpError } from './http-error.js';

/** The request as the route received it. */
export interface BacktestInput {
  readonly blueprint: string;
  readonly environment: string;
  readonly overrides?: ConfigOverrides;
}

/** A bad-input error as a 400 naming its field; any other error unchanged. */
export function locateBacktestInputError(error: unknown, input: BacktestInput): unknown {
  if (error instanceof HttpError || !(error instanceof TenureError) || !isBadInputCode(error.code)) return error;
  const overrides = input.overrides ?? {};
  if (error instanceof UnknownCatalogIdError) return located(error, `body.${error.entry}`, error.message);
  if (error instanceof EnvironmentKindMismatchError) return located(error, 'body.environment', error.message);
  if (error instanceof ConfigValidationError) {
    const issues = error.issues.map((issue) => ({
      field: overrideField(issue.path, overrides),
      message: issue.hint === undefined ? issue.message : `${issue.message} (${issue.hint})`,
    }));
    const fields = new Set(issues.map((issue) => issue.field));
    const field = fields.size === 1 ? issues[0]!.field : 'body.overrides';
    const message = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
    return new HttpError(400, { code: error.code, field, message, issues }, { cause: error });
  }
  if (error instanceof ConfigInputError || error instanceof ForbiddenKeyError) {
    const field = overrideField(error.path, overrides);
    return located(error, field, error.message);
  }
  if (error instanceof BarDataError) {
    // The environment names the data file, unless an override pointed it at another one.
    const field = keyReaching(['environment', 'data'], overrides) === undefined ? 'body.environment' : overrideField(['environment', 'data'], overrides);
    return located(error, field, `the market data of this backtest cannot be read: ${error.message}`);
  }
  return located(error, 'body', error.message);
}

function located(error: TenureError, field: string, message: string): HttpError {
  return new HttpError(400, { code: error.code, field, message: `${field}: ${message}` }, { cause: error });
}

/**
 * Where in the request body a run-config path was written: under the override key that
 * reaches it (`"blueprint.workers.fast.params.period"`, or `environment` followed by the rest
 * of the path inside its value), else under `body.overrides` by the path itself.
 */
function overrideField(path: ConfigPath, overrides: ConfigOverrides): string {
  const key = keyReaching(path, overrides);
  if (key === undefined) return formatPath(['body', 'overrides', ...path]);
  const depth = key.split('.').length;
  return formatPath(['body', 'overrides', key, ...path.slice(depth)]);
}

/**
 * The override key that wrote `path` or a value containing it, or (for a worker name the
 * blueprint lacks) one reaching below it; the most specific one when several do.
 */
function keyReaching(path: ConfigPath, overrides: ConfigOverrides): string | undefined {
  let best: string | undefined;
  let bestDepth = -1;
  for (const key of Object.keys(overrides)) {
    const segments = key.split('.');
    const shared = Math.min(segments.length, path.length);
    let matches = true;
    for (let i = 0; i < shared && matches; i++) matches = segments[i] === String(path[i]);
    if (matches && shared > bestDepth) {
      best = key;
      bestDepth = shared;
    }
  }
  return best;
}
