import type { z } from 'zod';
import { isPlainObject } from '../../config/plain-object.js';
import { createModel } from '../prepayment/create-model.js';
import type { PrepaymentModel, PrepaymentModelType } from '../prepayment/prepayment-model.js';
import { PsaModel, psaParametersSchema, type PsaParameters } from '../prepayment/psa-model.js';
import { RefiModel, refiParametersSchema, type RefiParameters } from '../prepayment/refi-model.js';
import { ModelParameterError, UnknownWorkflowModelError } from './workflow-errors.js';

/** One model's parameters: name → value. */
export type ModelParameterValues = Readonly<Record<string, number>>;

/**
 * What a run asks for: for some models, some parameters. Whatever is not named keeps the value
 * of the model's file, so a run's parameters describe the whole state, not a change to the
 * previous run: the same parameters always give the same results.
 */
export type WorkflowParameters = Readonly<Record<string, ModelParameterValues>>;

/** A model of the session: its type and the parameters of its file, which a run's override. */
export interface SessionModel {
  readonly name: string;
  readonly type: PrepaymentModelType;
  /** Frozen, in the schema's order. */
  readonly defaults: ModelParameterValues;
}

/** The model type and file parameters of a loaded model. */
export function sessionModelOf(model: PrepaymentModel): SessionModel {
  if (model instanceof PsaModel) return { name: model.name, type: 'psa', defaults: Object.freeze({ speed: model.speed }) };
  if (model instanceof RefiModel) return { name: model.name, type: 'refi', defaults: Object.freeze({ ...model.parameters }) };
  throw new TypeError(`prepayment model '${model.name}' of type '${model.type}' has no parameter schema known to the workflow`);
}

/** A new model with these (validated) parameters. */
export function buildModel(model: SessionModel, parameters: ModelParameterValues): PrepaymentModel {
  // The values were checked against the type's schema by resolveParameters.
  switch (model.type) {
    case 'psa':
      return createModel({ name: model.name, type: 'psa', parameters: parameters as unknown as PsaParameters });
    case 'refi':
      return createModel({ name: model.name, type: 'refi', parameters: parameters as unknown as RefiParameters });
  }
}

const SCHEMAS: Readonly<Record<PrepaymentModelType, z.ZodType>> = { psa: psaParametersSchema, refi: refiParametersSchema };

/**
 * Every model's parameters for a run: the file's, overridden by `requested`, each checked
 * against its type's schema (the same rules as a model file). Throws UnknownWorkflowModelError
 * for a model the session does not have and ModelParameterError for anything else wrong,
 * naming the model and the parameter; returns frozen records, by model name, for all models.
 */
export function resolveParameters(models: ReadonlyMap<string, SessionModel>, requested: unknown): Map<string, ModelParameterValues> {
  if (!isPlainObject(requested)) {
    throw new ModelParameterError(undefined, undefined, `must be an object of models, each an object of parameter values; got ${describe(requested)}`);
  }
  for (const name of Object.keys(requested)) {
    if (!models.has(name)) throw new UnknownWorkflowModelError(name, [...models.keys()]);
  }
  const resolved = new Map<string, ModelParameterValues>();
  for (const [name, model] of models) {
    const overrides = Object.hasOwn(requested, name) ? requested[name] : undefined;
    if (overrides === undefined) {
      resolved.set(name, model.defaults);
      continue;
    }
    if (!isPlainObject(overrides)) throw new ModelParameterError(name, undefined, `must be an object of parameter values; got ${describe(overrides)}`);
    resolved.set(name, validate(model, { ...model.defaults, ...overrides }));
  }
  return resolved;
}

function validate(model: SessionModel, candidate: Record<string, unknown>): ModelParameterValues {
  const result = SCHEMAS[model.type].safeParse(candidate);
  if (!result.success) {
    const issues = result.error.issues;
    // An unknown parameter first: its other problems are moot.
    const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
    if (unknown !== undefined) {
      const parameter = unknown.keys[0] ?? '';
      throw new ModelParameterError(model.name, parameter, `is not a parameter of a ${model.type} model (its parameters: ${Object.keys(model.defaults).join(', ')})`);
    }
    const first = issues[0]!;
    const parameter = first.path.length > 0 ? String(first.path[0]) : undefined;
    const given = parameter === undefined ? '' : ` (got ${describe(candidate[parameter])})`;
    throw new ModelParameterError(model.name, parameter, `${first.message}${given}`);
  }
  // In the defaults' order, so that equal parameters are equal records key by key.
  const parsed = result.data as Record<string, number>;
  const values: Record<string, number> = {};
  for (const key of Object.keys(model.defaults)) values[key] = parsed[key]!;
  return Object.freeze(values);
}

/** Same parameters, value by value (Object.is: −0 is not 0, since it could change a result's bits). */
export function sameParameters(a: ModelParameterValues, b: ModelParameterValues): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || !Object.is(a[key], b[key])) return false;
  return true;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}
