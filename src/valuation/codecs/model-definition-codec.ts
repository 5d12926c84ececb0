import { binaryCodec } from '../../cache/binary-codec.js';
import type { ByteReader } from '../../cache/byte-reader.js';
import type { ByteWriter } from '../../cache/byte-writer.js';
import type { Codec } from '../../cache/codec.js';
import type { ModelDefinition } from '../prepayment/model-file.js';
import { psaParametersSchema } from '../prepayment/psa-model.js';
import { refiParametersSchema, type RefiParameters } from '../prepayment/refi-model.js';

/**
 * Bytes for prepayment model definitions (name, type, parameters): what a model file holds
 * once validated. Parameters are written as Float64 in a fixed order, so every bit survives,
 * and validated again on decode with the model's own schema, so bytes that decode always make
 * a model that the file could have made.
 */
export const MODEL_DEFINITION_CODEC_VERSION = '1';

/** The refi parameters in wire order. Adding one means a new codec version. */
const REFI_FIELDS = [
  'turnoverCpr', 'sCurveMax', 'sCurveMidpoint', 'sCurveSlope', 'seasoningMonths',
  'seasonalityAmplitude', 'seasonalityPeakMonth', 'burnoutRate', 'mortgageSpread', 'mortgageRateTenorYears',
] as const satisfies readonly (keyof RefiParameters)[];

const PSA = 0;
const REFI = 1;

function writeDefinition(writer: ByteWriter, definition: ModelDefinition): void {
  writer.string(definition.name);
  switch (definition.type) {
    case 'psa':
      writer.u8(PSA).f64(definition.parameters.speed);
      return;
    case 'refi':
      writer.u8(REFI);
      for (const field of REFI_FIELDS) writer.f64(definition.parameters[field]);
      return;
  }
}

function readDefinition(reader: ByteReader, at: string): ModelDefinition {
  const name = reader.string(`${at}.name`);
  const type = reader.u8(`${at}.type`);
  if (type === PSA) {
    const parameters = { speed: reader.f64(`${at}.parameters.speed`) };
    checkParameters(reader, at, name, psaParametersSchema.safeParse(parameters));
    return { name, type: 'psa', parameters };
  }
  if (type === REFI) {
    const parameters = Object.fromEntries(REFI_FIELDS.map((field) => [field, reader.f64(`${at}.parameters.${field}`)])) as unknown as RefiParameters;
    checkParameters(reader, at, name, refiParametersSchema.safeParse(parameters));
    return { name, type: 'refi', parameters };
  }
  throw reader.fail(`${at}.type: ${type} is no model type (0 psa, 1 refi)`);
}

function checkParameters(reader: ByteReader, at: string, name: string, result: { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }): void {
  if (result.success) return;
  const problems = (result.error?.issues ?? []).map((issue) => `${at}.parameters.${issue.path.map(String).join('.')} ${issue.message}`);
  throw reader.fail(`model "${name}": ${problems.join('; ')}`);
}

export const modelDefinitionCodec: Codec<ModelDefinition> = binaryCodec<ModelDefinition>({
  name: 'tenure.prepayment-model-definition',
  write: (definition, writer) => {
    writeDefinition(writer, definition);
  },
  read: (reader) => readDefinition(reader, 'definition'),
});

/** Every model of a directory at once: the unit an EOD run loads. */
export const modelDefinitionsCodec: Codec<readonly ModelDefinition[]> = binaryCodec<readonly ModelDefinition[]>({
  name: 'tenure.prepayment-model-definitions',
  write: (definitions, writer) => {
    writer.u32(definitions.length);
    for (const definition of definitions) writeDefinition(writer, definition);
  },
  read: (reader) => {
    const count = reader.u32('definitions count');
    // Each definition takes at least 13 bytes; a larger count is corruption, not a reason to loop.
    if (count > reader.remaining / 13) throw reader.fail(`definitions count ${count} exceeds the bytes left`);
    const definitions: ModelDefinition[] = [];
    for (let i = 0; i < count; i++) definitions.push(readDefinition(reader, `definitions[${i}]`));
    return definitions;
  },
});
