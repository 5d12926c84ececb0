import type { ModelDefinition } from './model-file.js';
import type { PrepaymentModel } from './prepayment-model.js';
import { PsaModel } from './psa-model.js';
import { RefiModel } from './refi-model.js';

/** The model a validated definition describes. */
export function createModel(definition: ModelDefinition): PrepaymentModel {
  switch (definition.type) {
    case 'psa':
      return new PsaModel(definition.name, definition.parameters);
    case 'refi':
      return new RefiModel(definition.name, definition.parameters);
  }
}
