import { relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigSyntaxError, ConfigValidationError, type ConfigIssue } from '../../../src/config/index.js';
import {
  BadCatalogFileNameError,
  CatalogDirectoryError,
  loadBlueprintFile,
  loadEnvironmentFile,
  loadOperation,
  loadTradingCatalog,
} from '../../../src/trading/blueprint/index.js';
import { WORKER_TYPES } from '../../../src/trading/workers/worker-catalog.js';
import { thrownBy } from '../../config/fixtures.js';
import { BTC_DATA, SMALL_BACKTEST, SMALL_BLUEPRINT, SMALL_LIVE, scratchCatalog, type ScratchCatalog } from './catalog-fixtures.js';

/** The issues' paths and sources, in file order (zod reports unknown keys and wrong values in separate passes). */
function byLine(error: ConfigValidationError): [string, ConfigIssue['source']][] {
  const line = (issue: ConfigIssue) => (issue.source?.kind === 'file' ? (issue.source.line ?? 0) : 0);
  return [...error.issues].sort((a, b) => line(a) - line(b)).map((issue) => [issue.path.join('.'), issue.source]);
}

/** The one issue of a validation error, checked to name `file` and `line` in the issue and in the message. */
function onlyIssue(error: ConfigValidationError, file: string, line: number): ConfigIssue {
  expect(error.issues).toHaveLength(1);
  const issue = error.issues[0]!;
  expect(issue.source).toMatchObject({ kind: 'file', file, line });
  expect(error.message).toContain(`${file}:${line}:`);
  return issue;
}

let scratch: ScratchCatalog;
beforeEach(() => (scratch = scratchCatalog()));
afterEach(() => scratch.remove());

describe('blueprint files: errors name the file, the line and the worker', () => {
  it('an unknown worker type, listing every known type', () => {
    const file = scratch.write('blueprints/bad.yaml', [
      'workers:', //                                         1
      '  - { name: fast, type: sma }', //                    2
      '  - name: slow', //                                   3
      '    type: smaa', //                                   4
      '  - { name: execution, type: market_execution }',
    ]);
    const issue = onlyIssue(thrownBy(() => loadBlueprintFile(file), ConfigValidationError), file, 4);
    expect(issue.path).toEqual(['workers', 1, 'type']);
    expect(issue.message).toContain('unknown worker type "smaa" for worker "slow"');
    expect(issue.message).toContain(`known types: ${WORKER_TYPES.join(', ')}`);
  });

  it('duplicate worker names, at the second one', () => {
    const file = scratch.write('blueprints/bad.yaml', [
      'workers:',
      '  - { name: fast, type: sma }',
      '  - { name: slow, type: sma }',
      '  - { name: fast, type: ema }', // line 4
    ]);
    const issue = onlyIssue(thrownBy(() => loadBlueprintFile(file), ConfigValidationError), file, 4);
    expect(issue.path).toEqual(['workers', 2, 'name']);
    expect(issue.message).toContain('duplicate worker name "fast" (also workers[0])');
  });

  it('unknown keys, in the blueprint and in a worker', () => {
    const file = scratch.write('blueprints/bad.yaml', [
      'display_name: Bad',
      'descripton: typo', //                                 2
      'workers:',
      '  - name: fast',
      '    type: sma',
      '    param: { period: 3 }', //                         6
    ]);
    const error = thrownBy(() => loadBlueprintFile(file), ConfigValidationError);
    expect(byLine(error)).toEqual([
      ['descripton', { kind: 'file', file, line: 2, column: 1 }],
      ['workers.0.param', { kind: 'file', file, line: 6, column: 5 }],
    ]);
    expect(error.issues.every((issue) => issue.message === 'unknown key, not in the schema')).toBe(true);
  });

  it('an id that is not the file name', () => {
    const file = scratch.write('blueprints/small.yaml', ['id: large', ...SMALL_BLUEPRINT]);
    const issue = onlyIssue(thrownBy(() => loadBlueprintFile(file), ConfigValidationError), file, 1);
    expect(issue.message).toBe('id "large" does not match the file name; this blueprint\'s id is "small"');
  });

  it('a worker name that could not be addressed by an override', () => {
    const file = scratch.write('blueprints/bad.yaml', ['workers:', '  - { name: fast.sma, type: sma }']);
    const issue = onlyIssue(thrownBy(() => loadBlueprintFile(file), ConfigValidationError), file, 2);
    expect(issue.path).toEqual(['workers', 0, 'name']);
    expect(issue.message).toContain('invalid worker name "fast.sma"');
  });

  it('no workers at all, and a file that is not YAML', () => {
    const empty = scratch.write('blueprints/empty.yaml', ['display_name: Nothing', 'workers: []']);
    expect(onlyIssue(thrownBy(() => loadBlueprintFile(empty), ConfigValidationError), empty, 2).message).toContain('at least one worker');

    const broken = scratch.write('blueprints/broken.yaml', ['workers:', '  - { name: fast, type: sma']);
    const error = thrownBy(() => loadBlueprintFile(broken), ConfigSyntaxError);
    expect(error.file).toBe(broken);
    expect(error.problems[0]!.line).toBeGreaterThan(1);
  });
});

describe('environment files: errors name the file, the line and the field', () => {
  it('an unknown kind, with the kinds there are', () => {
    const file = scratch.write('environments/bad.yaml', ['kind: paper_trading', 'cash: 1']);
    const issue = onlyIssue(thrownBy(() => loadEnvironmentFile(file), ConfigValidationError), file, 1);
    expect(issue.path).toEqual(['kind']);
    expect(issue.message).toBe('unknown environment kind "paper_trading"; expected "backtest" or "live"');
  });

  it('a missing data field, at the top of the mapping it belongs in', () => {
    const file = scratch.write('environments/bad.yaml', ['# no data file', 'kind: backtest', 'cash: 1000', 'commission: 0', 'slippage: 0']);
    const issue = onlyIssue(thrownBy(() => loadEnvironmentFile(file), ConfigValidationError), file, 2);
    expect(issue.path).toEqual(['data']);
    expect(issue.message).toBe('missing required value (expected string)');
  });

  it('a data file that does not exist, with the path it was resolved to', () => {
    const file = scratch.write('environments/bad.yaml', ['kind: backtest', 'data: ../missing.csv', 'cash: 1000', 'commission: 0', 'slippage: 0']);
    const issue = onlyIssue(thrownBy(() => loadEnvironmentFile(file), ConfigValidationError), file, 2);
    expect(issue.message).toContain(`data file not found: ${scratch.root}/missing.csv`);
  });

  it('execution other than paper, naming the field', () => {
    const file = scratch.write('environments/bad.yaml', [...SMALL_LIVE, 'execution: live']);
    const issue = onlyIssue(thrownBy(() => loadEnvironmentFile(file), ConfigValidationError), file, SMALL_LIVE.length + 1);
    expect(issue.path).toEqual(['execution']);
    expect(issue.message).toBe('only "paper" execution is supported (fills are simulated; no order reaches an exchange), not "live"');
  });

  it('a feed that is not a websocket address, and a live environment without an asset', () => {
    const file = scratch.write('environments/bad.yaml', ['kind: live', 'feed: http://127.0.0.1:8765', 'cash: 1', 'commission: 0', 'slippage: 0']);
    const error = thrownBy(() => loadEnvironmentFile(file), ConfigValidationError);
    expect(byLine(error)).toEqual([
      ['asset', { kind: 'file', file, line: 1, column: 1 }], // missing: the top of the mapping
      ['feed', { kind: 'file', file, line: 2, column: 1 }],
    ]);
    expect(error.message).toContain('is not a websocket address');
  });

  it('dates that are not dates, and a range that ends before it starts', () => {
    const badDate = scratch.write('environments/bad-date.yaml', [...SMALL_BACKTEST, 'from: 2022-02-30']);
    const dateIssue = onlyIssue(thrownBy(() => loadEnvironmentFile(badDate), ConfigValidationError), badDate, SMALL_BACKTEST.length + 1);
    expect(dateIssue.message).toContain('"2022-02-30" is not a valid time');

    const backwards = scratch.write('environments/backwards.yaml', [...SMALL_BACKTEST, 'from: 2022-01-10', 'to: 2022-01-10']);
    const rangeIssue = onlyIssue(thrownBy(() => loadEnvironmentFile(backwards), ConfigValidationError), backwards, SMALL_BACKTEST.length + 2);
    expect(rangeIssue.path).toEqual(['to']);
    expect(rangeIssue.message).toContain('must be after "from"');
  });

  it('out-of-range numbers and unknown keys, all at once', () => {
    const file = scratch.write('environments/bad.yaml', ['kind: backtest', `data: ${BTC_DATA}`, 'cash: -5', 'commission: 1.5', 'slippage: 0', 'risk_free: 0.01']);
    const error = thrownBy(() => loadEnvironmentFile(file), ConfigValidationError);
    expect(byLine(error).map(([path, source]) => [path, source?.kind === 'file' ? source.line : undefined])).toEqual([
      ['cash', 3],
      ['commission', 4],
      ['risk_free', 6],
    ]);
  });

  it('accepts a data path relative to the environment file', () => {
    const file = scratch.write('environments/relative.yaml', ['kind: backtest', `data: ${relative(scratch.environmentsDir, BTC_DATA)}`, 'cash: 1', 'commission: 0', 'slippage: 0']);
    const environment = loadEnvironmentFile(file);
    expect(environment).toMatchObject({ kind: 'backtest', data: BTC_DATA, asset: 'BTC-PERP' });
  });
});

describe('operation files: links to ids the catalog lacks', () => {
  function writeCatalog(): void {
    scratch.write('blueprints/small.yaml', SMALL_BLUEPRINT);
    scratch.write('blueprints/other.yaml', SMALL_BLUEPRINT);
    scratch.write('environments/history.yaml', SMALL_BACKTEST);
    scratch.write('environments/paper.yaml', SMALL_LIVE);
  }
  function operation(links: readonly string[]): string {
    return scratch.write('operations/op.yaml', ['display_name: Op', 'blueprints: ../blueprints', 'environments: ../environments', 'strategy_links:', ...links]);
  }

  it('an unknown blueprint: the operation file, the line, the id and the known ids', () => {
    writeCatalog();
    const file = operation([
      '  - strategy_blueprint_id: small', //            5
      '    execution_environment_id: paper', //         6
      '  - strategy_blueprint_id: smal', //             7
      '    execution_environment_id: history',
    ]);
    const issue = onlyIssue(thrownBy(() => loadOperation(file), ConfigValidationError), file, 7);
    expect(issue.path).toEqual(['strategy_links', 1, 'strategy_blueprint_id']);
    expect(issue.message).toBe(`unknown blueprint "smal"; known blueprints (in ${scratch.blueprintsDir}): other, small`);
  });

  it('an unknown environment', () => {
    writeCatalog();
    const file = operation(['  - strategy_blueprint_id: small', '    execution_environment_id: live_kraken_main']);
    const issue = onlyIssue(thrownBy(() => loadOperation(file), ConfigValidationError), file, 6);
    expect(issue.message).toBe(`unknown environment "live_kraken_main"; known environments (in ${scratch.environmentsDir}): history, paper`);
  });

  it('a directory that does not exist, and two links with one id', () => {
    writeCatalog();
    const missing = scratch.write('operations/missing.yaml', [
      'blueprints: ../blueprint', // 1
      'environments: ../environments',
      'strategy_links: [{ strategy_blueprint_id: small, execution_environment_id: paper }]',
    ]);
    expect(onlyIssue(thrownBy(() => loadOperation(missing), ConfigValidationError), missing, 1).message).toContain('directory not found');

    const twice = operation([
      '  - { strategy_blueprint_id: small, execution_environment_id: paper }',
      '  - { strategy_blueprint_id: small, execution_environment_id: paper, is_active: false }', // 6
    ]);
    expect(onlyIssue(thrownBy(() => loadOperation(twice), ConfigValidationError), twice, 6).message).toContain('"small@paper" is already strategy_links[0]');
  });
});

describe('the catalog as a whole', () => {
  it('reports the problems of every file in one error', () => {
    const blueprint = scratch.write('blueprints/a.yaml', ['workers:', '  - { name: x, type: nope }']);
    const environment = scratch.write('environments/b.yaml', ['kind: backtest', 'cash: 1', 'commission: 0', 'slippage: 0']);
    scratch.write('environments/c.yaml', SMALL_LIVE);
    const error = thrownBy(() => loadTradingCatalog(scratch), ConfigValidationError);
    expect(error.message).toMatch(/^Invalid trading catalog \(2 issues\)/);
    expect(error.issues.map((issue) => [issue.path.join('.'), issue.source])).toEqual([
      ['workers.0.type', { kind: 'file', file: blueprint, line: 2, column: 16 }],
      ['data', { kind: 'file', file: environment, line: 1, column: 1 }],
    ]);
  });

  it('refuses a file whose name cannot be an id, and a directory that is not there', () => {
    scratch.write('blueprints/my strategy.yaml', SMALL_BLUEPRINT);
    expect(thrownBy(() => loadTradingCatalog(scratch), BadCatalogFileNameError).message).toContain('my strategy.yaml');
    const error = thrownBy(() => loadTradingCatalog({ blueprintsDir: `${scratch.root}/nowhere`, environmentsDir: scratch.environmentsDir }), CatalogDirectoryError);
    expect(error.message).toContain(`${scratch.root}/nowhere`);
  });

  it('ignores files that are not YAML', () => {
    scratch.write('blueprints/small.yaml', SMALL_BLUEPRINT);
    scratch.write('blueprints/README.md', ['# notes']);
    expect(Object.keys(loadTradingCatalog(scratch).value.blueprints)).toEqual(['small']);
  });
});
