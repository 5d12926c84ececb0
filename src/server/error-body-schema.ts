/**
 * JSON schema of {@link ErrorBody}, shared by every route through its `$id`. The response
 * serializer only writes the properties a schema lists, so every field an error may carry is
 * declared here.
 */
export const errorBodySchema = {
  $id: 'ErrorBody',
  type: 'object',
  description: 'Every error answer: a stable code, a message, and where the request was wrong.',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Stable, machine-readable: SESSION_NOT_FOUND, SESSION_EXPIRED, BAD_REQUEST, …' },
        message: { type: 'string' },
        field: { type: 'string', description: 'Path of the wrong input, e.g. body.market.date' },
        reason: { type: 'string', enum: ['expired', 'closed', 'evicted'], description: 'Why a session ended (SESSION_EXPIRED only)' },
        endedAt: { type: 'string', format: 'date-time', description: 'When a session ended (SESSION_EXPIRED only)' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['message'],
            additionalProperties: false,
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

const ERROR_REF = { $ref: 'ErrorBody#' } as const;

/** Error statuses every route may answer; listed in each route's schema so OpenAPI shows them. */
const COMMON_ERROR_STATUSES = [400, 413, 500] as const;

/**
 * A route's `response` schema: its success responses plus the error statuses it can answer,
 * all with the shared error body.
 */
export function responses<T extends Record<number, object>>(success: T, errorStatuses: readonly number[] = []): T & Record<number, object> {
  const out: Record<number, object> = { ...success };
  for (const status of [...COMMON_ERROR_STATUSES, ...errorStatuses]) out[status] = ERROR_REF;
  return out as T & Record<number, object>;
}
