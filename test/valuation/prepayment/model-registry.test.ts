import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigValidationError } from '../../../src/config/config-error.js';
import { loadModelRegistry } from '../../../src/valuation/prepayment/model-registry.js';
import { ModelDirectoryError, UnknownPrepaymentModelError } from '../../../src/valuation/prepayment/prepayment-errors.js';
import type { PrepaymentModel } from '../../../src/valuation/prepayment/prepayment-model.js';
import { PsaModel } from '../../../src/valuation/prepayment/psa-model.js';
import { RefiModel } from '../../../src/valuation/prepayment/refi-model.js';
import { STANDARD_REFI_PARAMETERS } from './standard-refi-parameters.js';

const EXAMPLES = resolve(import.meta.dirname, '../../../examples/models');

const temporary: string[] = [];

function speedOf(model: PrepaymentModel): number {
  if (!(model instanceof PsaModel)) throw new Error(`${model.name} is not a PSA model`);
  return model.speed;
}

/** A directory holding `files` (name → text), removed after the test. */
function directoryWith(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'tenure-models-'));
  temporary.push(directory);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}

afterEach(() => {
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** The error `action` throws; fails the test when it throws nothing. */
function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const refiParameters = { ...STANDARD_REFI_PARAMETERS };

describe('the example model files', () => {
  it('ship psa-100, psa-165, refi-fast and refi-standard', () => {
    using registry = loadModelRegistry(EXAMPLES);
    expect(registry.names()).toEqual(expect.arrayContaining(['psa-100', 'psa-165', 'refi-fast', 'refi-standard']));
    const models = registry.loadAll();
    expect(models.size).toBe(registry.names().length);
    const psa165 = registry.get('psa-165');
    expect(psa165).toBeInstanceOf(PsaModel);
    expect(speedOf(psa165)).toBe(165);
    expect(speedOf(registry.get('psa-100'))).toBe(100);
    expect(registry.get('refi-standard')).toBeInstanceOf(RefiModel);
  });

  it('make refi-fast prepay faster than refi-standard at every incentive', () => {
    using registry = loadModelRegistry(EXAMPLES);
    const fast = registry.get('refi-fast');
    const standard = registry.get('refi-standard');
    for (const mortgageRate of [0.03, 0.05, 0.06, 0.07, 0.09]) {
      const context = { wac: 0.065, firstLoanAge: 40, firstCalendarMonth: 1, mortgageRate };
      const a = new Float64Array(12);
      const b = new Float64Array(12);
      fast.fillSmm(a, 12, context);
      standard.fillSmm(b, 12, context);
      for (let i = 0; i < 12; i++) expect(a[i]).toBeGreaterThan(b[i]!);
    }
  });
});

describe('loadModelRegistry', () => {
  it('reads a model on first use and then keeps it', () => {
    const directory = directoryWith({ 'psa-200.json': JSON.stringify({ name: 'psa-200', type: 'psa', parameters: { speed: 200 } }) });
    using registry = loadModelRegistry(directory);
    expect(registry.stats().instantiations).toBe(0);
    const first = registry.get('psa-200');
    expect(registry.get('psa-200')).toBe(first);
    expect(registry.stats().instantiations).toBe(1);

    // After clear() the file is read again: a changed file takes effect.
    writeFileSync(join(directory, 'psa-200.json'), JSON.stringify({ name: 'psa-200', type: 'psa', parameters: { speed: 250 } }));
    expect(registry.clear()).toBe(1);
    const reread = registry.get('psa-200');
    expect(reread).not.toBe(first);
    expect(speedOf(reread)).toBe(250);
  });

  it('reads YAML model files too', () => {
    const directory = directoryWith({ 'slow.yaml': 'name: slow\ntype: psa\nparameters:\n  speed: 50\n' });
    using registry = loadModelRegistry(directory);
    expect(speedOf(registry.get('slow'))).toBe(50);
  });

  it('names the known models when asked for an unknown one', () => {
    using registry = loadModelRegistry(EXAMPLES);
    const error = errorOf(() => registry.get('psa-999'));
    expect(error).toBeInstanceOf(UnknownPrepaymentModelError);
    expect(error.message).toContain(`unknown model 'psa-999' (known: ${registry.names().join(', ')}`);
    expect(error.message).toContain('refi-standard');
  });

  it('reports an unknown type with the file, the field and the allowed types', () => {
    const directory = directoryWith({ 'cir.json': '{\n  "name": "cir",\n  "type": "cir",\n  "parameters": {}\n}\n' });
    using registry = loadModelRegistry(directory);
    const error = errorOf(() => registry.get('cir'));
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.message).toContain(join(directory, 'cir.json'));
    expect(error.message).toMatch(/type: .*"psa".*"refi"/);
    expect(error.message).toContain('cir.json:3');
  });

  it('reports an unknown parameter with its line', () => {
    const text = '{\n  "name": "typo",\n  "type": "psa",\n  "parameters": {\n    "speed": 100,\n    "sped": 100\n  }\n}\n';
    const directory = directoryWith({ 'typo.json': text });
    using registry = loadModelRegistry(directory);
    const error = errorOf(() => registry.get('typo'));
    expect(error.message).toContain('parameters.sped: unknown key');
    expect(error.message).toContain('typo.json:6');
  });

  it('reports every missing or out-of-range parameter at once', () => {
    const { burnoutRate: _omitted, ...withoutBurnout } = refiParameters;
    const parameters = { ...withoutBurnout, seasonalityPeakMonth: 13, turnoverCpr: -0.01 };
    const directory = directoryWith({ 'bad.json': JSON.stringify({ name: 'bad', type: 'refi', parameters }, null, 2) });
    using registry = loadModelRegistry(directory);
    const error = errorOf(() => registry.get('bad'));
    expect(error.message).toContain('parameters.burnoutRate: missing required value');
    expect(error.message).toContain('parameters.seasonalityPeakMonth');
    expect(error.message).toContain('parameters.turnoverCpr');
  });

  it('refuses refinancing parameters that could prepay a whole pool in a month', () => {
    const parameters = { ...refiParameters, turnoverCpr: 0.3, sCurveMax: 0.6, seasonalityAmplitude: 0.2 };
    const directory = directoryWith({ 'wild.json': JSON.stringify({ name: 'wild', type: 'refi', parameters }) });
    using registry = loadModelRegistry(directory);
    expect(() => registry.get('wild')).toThrow(/parameters\.sCurveMax: .*must stay below 1/);
  });

  it('refuses a file whose name field differs from its file name', () => {
    const directory = directoryWith({ 'psa-100.json': JSON.stringify({ name: 'psa-101', type: 'psa', parameters: { speed: 100 } }) });
    using registry = loadModelRegistry(directory);
    expect(() => registry.get('psa-100')).toThrow(/psa-100\.json[\s\S]*name: "psa-101" must match the file name "psa-100"/);
  });

  it('refuses two files defining one model', () => {
    const text = JSON.stringify({ name: 'psa', type: 'psa', parameters: { speed: 100 } });
    const directory = directoryWith({ 'psa.json': text, 'psa.yaml': text });
    const error = errorOf(() => loadModelRegistry(directory));
    expect(error).toBeInstanceOf(ModelDirectoryError);
    expect(error.message).toContain("both define model 'psa'");
  });

  it('refuses a directory that is missing or holds no model file', () => {
    expect(() => loadModelRegistry(join(tmpdir(), 'tenure-no-such-directory'))).toThrow(/tenure-no-such-directory: cannot be read/);
    const empty = directoryWith({ 'notes.txt': 'not a model' });
    expect(() => loadModelRegistry(empty)).toThrow(/holds no model file/);
  });
});
