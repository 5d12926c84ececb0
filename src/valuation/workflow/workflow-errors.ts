import { TenureError } from '../../errors/tenure-error.js';

/**
 * Parameters a run was asked for that cannot be used. Nothing of the run is applied: the
 * session keeps the parameters of its last run. `path` locates the problem inside the run's
 * parameters (`["refi-fast", "sCurveMax"]`), for a caller that reports fields.
 */
export abstract class WorkflowParameterError extends TenureError {
  /** Where in the parameters: the model name, then the parameter name (empty: the parameters as a whole). */
  readonly path: readonly string[];

  constructor(
    /** The model whose parameters are wrong; undefined when the parameters as a whole are. */
    readonly model: string | undefined,
    readonly parameter: string | undefined,
    message: string,
  ) {
    super(message);
    this.path = model === undefined ? [] : parameter === undefined ? [model] : [model, parameter];
  }
}

/** The parameters name a model the session has not loaded. */
export class UnknownWorkflowModelError extends WorkflowParameterError {
  readonly code = 'BAD_MODEL_NAME';

  constructor(model: string, readonly known: readonly string[]) {
    super(model, undefined, `parameters: unknown prepayment model '${model}' (the session's models: ${known.length === 0 ? 'none' : known.join(', ')})`);
  }
}

/** A model's parameters are not a record of numbers, or one is unknown to the model, or out of range. */
export class ModelParameterError extends WorkflowParameterError {
  readonly code = 'BAD_MODEL_PARAMETER';

  constructor(model: string | undefined, parameter: string | undefined, problem: string) {
    const where = model === undefined ? 'parameters' : `parameters of model '${model}'${parameter === undefined ? '' : `, '${parameter}'`}`;
    super(model, parameter, `${where}: ${problem}`);
  }
}

/** What a session is built from does not fit together (two positions with one id, a market of another date). */
export class WorkflowInputError extends TenureError {
  readonly code = 'BAD_WORKFLOW_INPUT';

  constructor(
    /** The input at fault: 'positions[12].id', 'market', ... */
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}
