/**
 * Prepayment models for agency MBS pools: the PSA benchmark and a refinancing-incentive model,
 * loaded from model files into a lazy registry.
 */
export { cprToSmm, smmToCpr } from './prepayment-rates.js';
export { PREPAYMENT_MODEL_TYPES, type PrepaymentContext, type PrepaymentModel, type PrepaymentModelType } from './prepayment-model.js';
export { PsaModel, psaCpr, psaParametersSchema, type PsaParameters } from './psa-model.js';
export { RefiModel, refiParametersSchema, type RefiParameters } from './refi-model.js';
export { MODEL_FILE_EXTENSIONS, modelNameOfFile, readModelFile, type ModelDefinition } from './model-file.js';
export { createModel } from './create-model.js';
export { loadModelRegistry, PrepaymentModelRegistry } from './model-registry.js';
export { ModelDirectoryError, UnknownPrepaymentModelError } from './prepayment-errors.js';
