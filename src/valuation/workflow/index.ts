/**
 * The model-development valuation workflow: a portfolio valued on an incremental graph, whose
 * runs after the first recompute only what changed prepayment-model parameters reach.
 */
export { ValuationWorkflow, type ExecutionType, type ValuationWorkflowOptions, type WorkflowRun } from './valuation-workflow.js';
export { resolveParameters, sameParameters, sessionModelOf, type ModelParameterValues, type SessionModel, type WorkflowParameters } from './model-parameters.js';
export { NO_MODEL_GROUP, sameTotals, type ValuationTotals, type WorkflowTotals } from './valuation-totals.js';
export { firstDifference, sameValuation } from './same-valuation.js';
export { diff, type ComparableRun, type PositionDifference, type RunDifference, type TotalsDifference } from './valuation-diff.js';
export { ModelParameterError, UnknownWorkflowModelError, WorkflowInputError, WorkflowParameterError } from './workflow-errors.js';
