import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigFileError,
  ConfigSyntaxError,
  ConfigValidationError,
  ForbiddenKeyError,
  MissingEnvironmentError,
  loadConfig,
} from '../../src/config/index.js';
import { appSchema, scratchDirectory, thrownBy, validInput } from './fixtures.js';

const YAML_WITH_THREE_PROBLEMS = [
  'service:', //              line 1
  '  name: svc', //           line 2
  'database:', //             line 3
  '  url: sqlite://x', //     line 4
  '  pool:', //               line 5
  '    max: "ten"', //        line 6: wrong type
  '    maxx: 10', //          line 7: unknown key
  'batch:', //                line 8
  '  limits: { ceiling: 2, window: 30 }', // line 9: ceiling out of range
  'stream:',
  '  limits: { ceiling: 0.1, window: 5 }',
  'nightly:',
  '  limits: { ceiling: 0.1, window: 5 }',
  '',
].join('\n');

describe('loadConfig: validation errors', () => {
  let scratch: ReturnType<typeof scratchDirectory>;
  beforeEach(() => (scratch = scratchDirectory()));
  afterEach(() => scratch.remove());

  it('accepts a valid config and applies schema defaults', () => {
    const config = loadConfig({ schema: appSchema, defaults: validInput() });
    expect(config.value.database.pool).toEqual({ max: 10, min: 1 });
    expect(config.value.service.verbose).toBe(false);
    expect(config.value.stream.tags).toEqual([]);
  });

  it('names the path of every issue, all of them together', () => {
    const input = validInput();
    input.database = { url: 42, pool: { max: 'ten' } };
    input.stream = { limits: { ceiling: 5, window: 0 } };
    const error = thrownBy(() => loadConfig({ schema: appSchema, defaults: input }), ConfigValidationError);

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('database.url: expected string, received number');
    expect(error.message).toContain('database.pool.max: expected number, received string');
    expect(error.message).toContain('stream.limits.ceiling: Too big');
    expect(error.message).toContain('stream.limits.window: Too small');
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['database.url', 'database.pool.max', 'stream.limits.ceiling', 'stream.limits.window']),
    );
    expect(error.issues).toHaveLength(4);
  });

  it('reports a missing required value as missing', () => {
    const input = validInput();
    input.service = {};
    const error = thrownBy(() => loadConfig({ schema: appSchema, defaults: input }), ConfigValidationError);
    expect(error.message).toContain('service.name: missing required value (expected string)');
  });

  it('names the file, line and column of each offending field in a YAML file', () => {
    const file = scratch.write('app.yaml', YAML_WITH_THREE_PROBLEMS);
    const error = thrownBy(() => loadConfig({ schema: appSchema, file }), ConfigValidationError);

    expect(error.message).toContain(`database.pool.max: expected number, received string (${file}:6:5)`);
    expect(error.message).toContain(`database.pool.maxx: unknown key, not in the schema (${file}:7:5)`);
    expect(error.message).toContain(`batch.limits.ceiling: Too big: expected number to be <=1 (${file}:9:13)`);
    expect(error.issues).toHaveLength(3);
    const max = error.issues.find((issue) => issue.path.join('.') === 'database.pool.max');
    expect(max?.source).toEqual({ kind: 'file', file, line: 6, column: 5 });
  });

  it('points a missing field at the nearest enclosing block of the file', () => {
    const file = scratch.write('app.yaml', YAML_WITH_THREE_PROBLEMS.replace('  url: sqlite://x\n', '').replace('"ten"', '10').replace('    maxx: 10\n', '').replace('ceiling: 2', 'ceiling: 0.2'));
    const error = thrownBy(() => loadConfig({ schema: appSchema, file }), ConfigValidationError);
    expect(error.message).toBe(`Invalid config (1 issue):\n  - database.url: missing required value (expected string) (${file}:3:1)`);
  });

  it('gives lines for JSON files too (JSON is parsed as YAML)', () => {
    const input = validInput();
    input.database = { url: 'x', pool: { max: true } };
    const file = scratch.write('app.json', JSON.stringify(input, null, 2));
    const line = JSON.stringify(input, null, 2).split('\n').findIndex((text) => text.includes('"max"')) + 1;
    const error = thrownBy(() => loadConfig({ schema: appSchema, file }), ConfigValidationError);
    expect(error.message).toContain(`database.pool.max: expected number, received boolean (${file}:${line}:`);
  });

  it('names the file and line of a YAML syntax error', () => {
    const file = scratch.write('broken.yaml', 'service:\n  name: svc\ndatabase: [1, 2\nbatch: {}\n');
    const error = thrownBy(() => loadConfig({ schema: appSchema, file }), ConfigSyntaxError);
    expect(error.code).toBe('CONFIG_SYNTAX');
    expect(error.file).toBe(file);
    expect(error.problems[0]?.line).toBe(4);
    expect(error.message).toContain(`${file}:4:1`);
  });

  it('treats duplicate keys as a syntax error with a line, not a silent last-wins', () => {
    const file = scratch.write('dup.yaml', 'service:\n  name: a\n  name: b\n');
    const error = thrownBy(() => loadConfig({ schema: appSchema, file }), ConfigSyntaxError);
    expect(error.problems[0]?.line).toBe(3);
  });

  it('names a file it cannot read', () => {
    const error = thrownBy(() => loadConfig({ schema: appSchema, file: '/nonexistent/app.yaml' }), ConfigFileError);
    expect(error.message).toContain('/nonexistent/app.yaml');
  });

  it('refuses a forbidden key in a file, naming its line', () => {
    const file = scratch.write('proto.yaml', 'service:\n  name: svc\n  __proto__:\n    polluted: true\n');
    const error = thrownBy(() => loadConfig({ schema: appSchema, file }), ForbiddenKeyError);
    expect(error.path).toEqual(['service', '__proto__']);
    expect(error.message).toContain(`${file}:3:3`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('loadConfig: precedence and environment', () => {
  let scratch: ReturnType<typeof scratchDirectory>;
  beforeEach(() => (scratch = scratchDirectory()));
  afterEach(() => scratch.remove());

  it('layers defaults < file < env < overrides', () => {
    const file = scratch.write('app.yaml', 'service: { name: from-file }\ndatabase: { url: file-url, pool: { max: 20 } }\n');
    const config = loadConfig({
      schema: appSchema,
      defaults: validInput(),
      file,
      env: { APP_DB_URL: 'env-url', APP_POOL_MAX: '30' },
      envMap: { APP_DB_URL: 'database.url', APP_POOL_MAX: 'database.pool.max' },
      overrides: { 'database.pool.max': 40 },
    });
    expect(config.value.service.name).toBe('from-file');
    expect(config.value.database.url).toBe('env-url');
    expect(config.value.database.pool.max).toBe(40);
    expect(config.value.batch.limits.ceiling).toBe(0.2); // untouched default
  });

  it('converts a numeric variable where the schema expects a number', () => {
    const config = loadConfig({ schema: appSchema, defaults: validInput(), env: { POOL_MAX: '25' }, envMap: { POOL_MAX: 'database.pool.max' } });
    expect(config.value.database.pool.max).toBe(25);
  });

  it('converts boolean text where the schema expects a boolean', () => {
    const config = loadConfig({ schema: appSchema, defaults: validInput(), env: { VERBOSE: 'true' }, envMap: { VERBOSE: 'service.verbose' } });
    expect(config.value.service.verbose).toBe(true);
  });

  it('keeps number-like text as a string where the schema expects a string', () => {
    const config = loadConfig({ schema: appSchema, defaults: validInput(), env: { NAME: '0123' }, envMap: { NAME: 'service.name' } });
    expect(config.value.service.name).toBe('0123');
  });

  it('rejects a non-numeric variable for a number, naming the variable', () => {
    const error = thrownBy(
      () => loadConfig({ schema: appSchema, defaults: validInput(), env: { POOL_MAX: 'lots' }, envMap: { POOL_MAX: 'database.pool.max' } }),
      ConfigValidationError,
    );
    expect(error.message).toContain('database.pool.max: expected number, received string (env POOL_MAX)');
    expect(error.issues[0]?.source).toEqual({ kind: 'env', variable: 'POOL_MAX' });
  });

  it('validates env values against the schema rules, not just the type', () => {
    const error = thrownBy(
      () => loadConfig({ schema: appSchema, defaults: validInput(), env: { POOL_MAX: '1000' }, envMap: { POOL_MAX: 'database.pool.max' } }),
      ConfigValidationError,
    );
    expect(error.message).toContain('database.pool.max: Too big');
    expect(error.message).toContain('(env POOL_MAX)');
  });

  it('rejects a variable mapped onto a path the schema does not have', () => {
    const error = thrownBy(
      () => loadConfig({ schema: appSchema, defaults: validInput(), env: { X: '1' }, envMap: { X: 'database.poool' } }),
      ConfigValidationError,
    );
    expect(error.message).toContain('database.poool: unknown key, not in the schema (env X)');
  });

  it('reports every missing required variable together, by name and purpose', () => {
    const error = thrownBy(
      () =>
        loadConfig({
          schema: appSchema,
          defaults: validInput(),
          env: { PRESENT: 'yes', EMPTY: '' },
          requiredEnv: { PRESENT: 'is set', SIGNING_KEY: 'signs session tokens', EMPTY: 'set but empty counts as missing' },
          envMap: { APP_DB_URL: { path: 'database.url', required: true, purpose: 'results database' } },
        }),
      MissingEnvironmentError,
    );
    expect(error.code).toBe('CONFIG_ENV_MISSING');
    expect(error.variables.map((variable) => variable.name)).toEqual(['SIGNING_KEY', 'EMPTY', 'APP_DB_URL']);
    expect(error.message).toContain('SIGNING_KEY: signs session tokens');
    expect(error.message).toContain('EMPTY: set but empty counts as missing');
    expect(error.message).toContain('APP_DB_URL: results database; sets database.url');
    expect(error.message).not.toContain('PRESENT');
  });

  it('checks required variables before reading the file', () => {
    const error = thrownBy(
      () => loadConfig({ schema: appSchema, file: '/nonexistent.yaml', env: {}, requiredEnv: { TOKEN: 'auth' } }),
      MissingEnvironmentError,
    );
    expect(error.variables).toEqual([{ name: 'TOKEN', purpose: 'auth' }]);
  });

  it('hints which variable sets a missing value', () => {
    const input = validInput();
    input.database = { pool: { max: 1 } };
    const error = thrownBy(
      () => loadConfig({ schema: appSchema, defaults: input, env: {}, envMap: { APP_DB_URL: 'database.url' } }),
      ConfigValidationError,
    );
    expect(error.message).toContain('database.url: missing required value (expected string) (set by env APP_DB_URL)');
  });

  it('reads process.env when no environment is given', () => {
    const name = 'TENURE_CONFIG_TEST_POOL_MAX';
    process.env[name] = '7';
    try {
      const config = loadConfig({ schema: appSchema, defaults: validInput(), envMap: { [name]: 'database.pool.max' } });
      expect(config.value.database.pool.max).toBe(7);
    } finally {
      Reflect.deleteProperty(process.env, name);
    }
  });

  it('converts JSON text where the schema expects an array', () => {
    const config = loadConfig({ schema: appSchema, defaults: validInput(), env: { TAGS: '["p","q"]' }, envMap: { TAGS: 'stream.tags' } });
    expect(config.value.stream.tags).toEqual(['p', 'q']);
  });
});

describe('loadConfig: inputs are copied, never adopted', () => {
  it('does not freeze or keep the defaults object it was given', () => {
    const defaults = validInput();
    const config = loadConfig({ schema: appSchema, defaults });
    expect(Object.isFrozen(defaults)).toBe(false);
    expect(Object.isFrozen(defaults.database)).toBe(false);
    (defaults.database as { url: string }).url = 'changed later';
    expect(config.value.database.url).toBe('sqlite://results.db');
  });

  it('works with a schema whose output differs from its input (transforms)', () => {
    const schema = z.object({ endpoint: z.string().transform((text) => new URL(text)), retries: z.number().default(3) });
    const config = loadConfig({ schema, defaults: { endpoint: 'https://example.com/a' } });
    expect(config.value.endpoint.hostname).toBe('example.com');
    const changed = config.withOverrides({ retries: 5 });
    expect(changed.value.endpoint.href).toBe('https://example.com/a');
    expect(changed.value.retries).toBe(5);
  });
});
