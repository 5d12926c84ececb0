import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../src/cache/index.js';
import { modelDefinitionCodec, modelDefinitionsCodec } from '../../../src/valuation/codecs/model-definition-codec.js';
import { FlatCurve } from '../../../src/valuation/curves/flat-curve.js';
import { parseDay } from '../../../src/valuation/dates/day.js';
import { createModel, readModelFile, type ModelDefinition } from '../../../src/valuation/prepayment/index.js';

const MODELS = resolve(import.meta.dirname, '../../../examples/models');
const definitions = readdirSync(MODELS).filter((name) => name.endsWith('.json')).sort().map((name) => readModelFile(join(MODELS, name)));

function speeds(definition: ModelDefinition): Float64Array {
  const model = createModel(definition);
  const curve = new FlatCurve(parseDay('2023-12-29')!, 0.04);
  const out = new Float64Array(360);
  model.fillSmm(out, 360, { wac: 0.065, firstLoanAge: 4, firstCalendarMonth: 1, mortgageRate: model.mortgageRate(curve) });
  return out;
}

describe('prepayment model definition codec', () => {
  it('covers the PSA and refi models of examples/models', () => {
    expect(definitions.map((definition) => `${definition.name}:${definition.type}`)).toEqual(['psa-100:psa', 'psa-165:psa', 'refi-fast:refi', 'refi-standard:refi']);
  });

  it.each(definitions.map((definition) => [definition.name, definition] as const))('round-trips %s exactly, and the model projects the same speeds', (_name, definition) => {
    const decoded = modelDefinitionCodec.decode(modelDefinitionCodec.encode(definition));
    expect(decoded).toEqual(definition);
    expect(new Uint8Array(speeds(decoded).buffer)).toEqual(new Uint8Array(speeds(definition).buffer));
  });

  it('round-trips a whole model directory', () => {
    expect(modelDefinitionsCodec.decode(modelDefinitionsCodec.encode(definitions))).toEqual(definitions);
    expect(modelDefinitionsCodec.decode(modelDefinitionsCodec.encode([]))).toEqual([]);
  });

  it('refuses truncated and corrupted bytes with a CodecError', () => {
    const bytes = modelDefinitionsCodec.encode(definitions);
    for (let length = 0; length < bytes.length; length += 7) {
      expect(() => modelDefinitionsCodec.decode(bytes.subarray(0, length))).toThrow(CodecError);
    }
    const corrupted = bytes.slice();
    corrupted[bytes.length - 1]! ^= 0x80;
    expect(() => modelDefinitionsCodec.decode(corrupted)).toThrow(/corrupted/);
  });

  it('refuses parameters that no model file could hold, naming the field', () => {
    const tooFast: ModelDefinition = { name: 'psa-warp', type: 'psa', parameters: { speed: 5_000 } };
    expect(() => modelDefinitionCodec.decode(modelDefinitionCodec.encode(tooFast))).toThrow(/model "psa-warp": definition\.parameters\.speed must be below/);
  });
});
