import { POSITION_KINDS } from '../valuation/portfolio/index.js';

/**
 * JSON schemas of the session routes: what Fastify validates requests against (bodies refuse
 * unknown properties), what the serializer writes, and what /openapi.json publishes.
 */

const ISO_DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' } as const;
const PATH = { type: 'string', minLength: 1, maxLength: 4096 } as const;

/** A position as in the JSON portfolio format; each field is checked by the portfolio reader, which names it. */
const positionSchema = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string', enum: [...POSITION_KINDS] }, id: { type: 'string' } },
  additionalProperties: true,
  description: 'A position as in the JSON portfolio format (docs/PORTFOLIO-FORMAT.md): kind, id and the fields of its kind, dates as YYYY-MM-DD.',
} as const;

const portfolioSchema = {
  description: 'A portfolio file (.csv or .json) in a data directory, or the positions themselves.',
  oneOf: [
    { ...PATH, description: 'a path relative to a data directory, or an absolute path inside one' },
    { type: 'array', minItems: 1, items: positionSchema },
  ],
} as const;

const marketSchema = {
  type: 'object',
  required: ['date'],
  additionalProperties: false,
  properties: {
    file: { ...PATH, description: 'Treasury par yield CSV in a data directory (default: the example file)' },
    date: { ...ISO_DATE, description: 'effective date of the valuation, YYYY-MM-DD' },
  },
} as const;

/** `{ [model]: { [parameter]: number } }`: values for the named parameters of prepayment models. */
export const parametersSchema = {
  type: 'object',
  description: 'Prepayment model parameters to use instead of the model files\' values: { model: { parameter: number } }.',
  additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

export const authorizationHeader = {
  type: 'object',
  properties: { authorization: { type: 'string', description: 'Bearer <session token>' } },
} as const;

export const createSessionBody = {
  type: 'object',
  required: ['portfolio', 'market'],
  additionalProperties: false,
  properties: {
    portfolio: portfolioSchema,
    market: marketSchema,
    models: { ...PATH, description: 'directory of prepayment model files in a data directory (default: the example models)' },
  },
} as const;

export interface CreateSessionBody {
  readonly portfolio: string | readonly unknown[];
  readonly market: { readonly file?: string; readonly date: string };
  readonly models?: string;
}

export const iterationBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    parameters: parametersSchema,
    portfolio: { ...portfolioSchema, description: 'A different portfolio: makes this iteration a full run.' },
    market: { ...marketSchema, description: 'A different market file or date: makes this iteration a full run.' },
  },
} as const;

export interface IterationBody {
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly portfolio?: string | readonly unknown[];
  readonly market?: { readonly file?: string; readonly date: string };
}

const DIGITS = { type: 'string', pattern: '^\\d{1,9}$' } as const;

export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    offset: { ...DIGITS, description: 'first position result to return (default 0)' },
    limit: { ...DIGITS, description: 'position results to return (default 100; 0 for totals only)' },
  },
} as const;

export interface PageQuery {
  readonly offset?: string;
  readonly limit?: string;
}

const nullableNumber = { type: ['number', 'null'] } as const;
const numberRecord = { type: 'object', additionalProperties: { type: 'number' } } as const;

export const positionValuationSchema = {
  type: 'object',
  properties: {
    positionId: { type: 'string' },
    kind: { type: 'string' },
    npv: { type: 'number' },
    cleanPrice: nullableNumber,
    dirtyPrice: nullableNumber,
    accrued: nullableNumber,
    yield: nullableNumber,
    modifiedDuration: nullableNumber,
    convexity: nullableNumber,
    dv01: { type: 'number' },
    wal: nullableNumber,
    shockUp100: { type: 'number' },
    shockDown100: { type: 'number' },
    keyRateDurations: numberRecord,
    keyRateDv01: numberRecord,
  },
} as const;

export const sessionInfoSchema = {
  type: 'object',
  required: ['id', 'createdAt', 'lastActivity', 'expiresAt', 'leases'],
  properties: {
    id: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    lastActivity: { type: 'string', format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time', description: 'null while a request holds the session' },
    leases: { type: 'integer' },
    sizeBytes: { type: 'number' },
  },
} as const;

export const createdSessionSchema = {
  type: 'object',
  required: ['id', 'token', 'expiresAt'],
  properties: {
    id: { type: 'string' },
    token: { type: 'string', description: 'send as Authorization: Bearer <token>; shown only once' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;


const totalsSchema = {
  type: 'object',
  properties: {
    positions: { type: 'integer' },
    npv: { type: 'number' },
    dv01: { type: 'number' },
    shockUp100: { type: 'number' },
    shockDown100: { type: 'number' },
    keyRateDv01: numberRecord,
  },
} as const;

const workflowTotalsSchema = {
  type: 'object',
  description: 'Sums over the portfolio, and by group (each prepayment model\'s pools, and "(no model)" for bonds and swaps).',
  properties: { portfolio: totalsSchema, groups: { type: 'object', additionalProperties: totalsSchema } },
} as const;

const positionDifferenceSchema = {
  type: 'object',
  properties: {
    positionId: { type: 'string' },
    kind: { type: 'string' },
    npv: { type: 'number' },
    dirtyPrice: nullableNumber,
    modifiedDuration: nullableNumber,
    convexity: nullableNumber,
    dv01: { type: 'number' },
    wal: nullableNumber,
    shockUp100: { type: 'number' },
    shockDown100: { type: 'number' },
  },
} as const;

function pageOfItems(items: object): object {
  return {
    type: 'object',
    required: ['total', 'offset', 'limit', 'items'],
    properties: { total: { type: 'integer' }, offset: { type: 'integer' }, limit: { type: 'integer' }, items: { type: 'array', items } },
  };
}

export const baselineDiffSchema = {
  type: 'object',
  description: 'The iteration against the baseline (the session\'s first iteration): later − earlier, positions matched by id.',
  properties: {
    baselineIteration: { type: 'integer' },
    iteration: { type: 'integer' },
    unchanged: { type: 'integer', description: 'positions in both with identical results' },
    changed: { type: 'integer', description: 'positions in both whose results differ' },
    addedCount: { type: 'integer' },
    removedCount: { type: 'integer' },
    added: { type: 'array', items: { type: 'string' }, description: 'ids only in this iteration (at most one page)' },
    removed: { type: 'array', items: { type: 'string' }, description: 'ids only in the baseline (at most one page)' },
    totals: {
      type: 'object',
      properties: { portfolio: totalsSchema, groups: { type: 'object', additionalProperties: totalsSchema } },
    },
    positions: pageOfItems(positionDifferenceSchema),
  },
} as const;

const inputsSchema = {
  portfolio: {
    type: 'object',
    properties: { id: { type: 'string' }, positions: { type: 'integer' }, sourceHash: { type: 'string' } },
  },
  market: {
    type: 'object',
    properties: { file: { type: 'string' }, date: { type: 'string' }, sourceHash: { type: 'string' } },
  },
} as const;

export const iterationResponseSchema = {
  type: 'object',
  properties: {
    iteration: { type: 'integer' },
    executionType: { type: 'string', enum: ['full', 'delta'] },
    reason: { type: 'string', description: 'why the run was full or delta' },
    changedParameters: { type: 'array', items: { type: 'string' }, description: 'parameter paths changed since the last iteration' },
    parameters: { type: 'object', additionalProperties: numberRecord, description: 'every model\'s parameters this run used' },
    ...inputsSchema,
    totals: workflowTotalsSchema,
    results: pageOfItems(positionValuationSchema),
    diffAgainstBaseline: baselineDiffSchema,
    stageMs: numberRecord,
    nodesRecomputed: { type: 'integer' },
  },
} as const;

export const historySchema = {
  type: 'object',
  properties: {
    baseline: { type: ['object', 'null'], additionalProperties: numberRecord, description: 'parameters of the baseline iteration' },
    iterations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          iteration: { type: 'integer' },
          executionType: { type: 'string', enum: ['full', 'delta'] },
          parameters: { type: 'object', additionalProperties: numberRecord },
          changedParameters: { type: 'array', items: { type: 'string' } },
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;
