import type { Clock } from '../clock/clock.js';
import { ConfigValidationError, formatIssue } from '../config/index.js';
import { TenureError } from '../errors/tenure-error.js';
import { SessionExpiredError, SessionLimitError, SessionManagerClosedError, SessionNotFoundError } from '../session/session-errors.js';
import { formatPortfolioIssue, PortfolioValidationError } from '../valuation/portfolio/index.js';
import { HttpError, sessionNotFound } from './http-error.js';
import { fieldOf, problemOf, type ValidationIssue } from './validation-field.js';
import { wallTimeOf } from './wall-time.js';

/** The fields of a Fastify error this mapping reads; every one optional, as on an arbitrary Error. */
interface FrameworkError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly validation?: readonly ValidationIssue[];
  readonly validationContext?: string;
}

/**
 * Codes of errors about the input, by the codebase's naming convention (the CLI exits 2 on
 * the same ones): a client can fix them, so they are 400s, never 500s.
 */
export function isBadInputCode(code: string): boolean {
  return code.startsWith('BAD_') || code.endsWith('_INVALID') || code.startsWith('CONFIG_');
}

/**
 * Codes of errors about a named thing that does not exist (404), or whose state forbids the
 * operation (409), wherever in the server they are thrown: the results database and the
 * backtest service raise them with these stable codes.
 */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['BACKTEST_NOT_FOUND', 'TRADING_UNKNOWN_BACKTEST']);
const CONFLICT_CODES: ReadonlySet<string> = new Set(['BACKTEST_ID_TAKEN', 'BACKTEST_STATE_CONFLICT']);

/**
 * Every error a request can end with, as a status and a typed body. Session errors keep the
 * promise of the session runtime: a wrong token looks exactly like an unknown id, and only the
 * token's owner learns that a session ended, and why.
 */
export function toHttpError(error: unknown, clock: Clock): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof SessionNotFoundError) return sessionNotFound();
  if (error instanceof SessionExpiredError) {
    return new HttpError(410, {
      code: error.code,
      message: `this session has ended (${error.reason}); create a new session`,
      reason: error.reason,
      endedAt: wallTimeOf(error.endedAt, clock),
    });
  }
  if (error instanceof SessionLimitError) return new HttpError(503, { code: error.code, message: error.message });
  if (error instanceof SessionManagerClosedError) return new HttpError(503, { code: 'SHUTTING_DOWN', message: 'the server is shutting down' });
  if (error instanceof PortfolioValidationError) {
    const issues = error.issues.map((issue) => ({ ...(issue.field === undefined ? {} : { field: issue.field }), message: formatPortfolioIssue(issue) }));
    return new HttpError(400, { code: error.code, field: 'body.portfolio', message: error.message, issues });
  }
  if (error instanceof ConfigValidationError) {
    return new HttpError(400, { code: error.code, message: error.message, issues: error.issues.map((issue) => ({ message: formatIssue(issue) })) });
  }
  if (error instanceof TenureError && isBadInputCode(error.code)) return new HttpError(400, { code: error.code, message: error.message });
  if (error instanceof TenureError && NOT_FOUND_CODES.has(error.code)) return new HttpError(404, { code: error.code, message: error.message });
  if (error instanceof TenureError && CONFLICT_CODES.has(error.code)) return new HttpError(409, { code: error.code, message: error.message });

  const framework = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  if (framework.validation !== undefined && framework.validation.length > 0) return validationError(framework.validation, framework.validationContext ?? 'request');
  switch (framework.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, { code: 'BODY_TOO_LARGE', message: 'the request body is larger than the server accepts' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, { code: 'BAD_JSON', field: 'body', message: 'body: the JSON body is empty' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, { code: 'BAD_JSON', field: 'body', message: `body: not valid JSON: ${messageOf(error)}` });
    default:
      break;
  }
  const status = typeof framework.statusCode === 'number' ? framework.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Other client errors raised by the framework (a JSON syntax error, a bad header).
    const code = typeof framework.code === 'string' ? framework.code : 'BAD_REQUEST';
    return new HttpError(status, { code: status === 400 && code.startsWith('FST_') ? 'BAD_REQUEST' : code, message: messageOf(error) });
  }
  return new HttpError(500, { code: 'INTERNAL', message: 'the server failed to answer this request; the error is in its log' }, { cause: error });
}

/**
 * A schema validation failure as one 400 naming the field. Ajv reports a value that fits no
 * branch of a `oneOf` once per branch. The deepest problem is reported, because the branch
 * that got furthest is the one the client meant (an array of positions with a bad `kind`
 * is about that kind, not about not being a string); problems of several branches at the same
 * place are joined (`must be string, or must be array`).
 */
function validationError(validation: readonly ValidationIssue[], context: string): HttpError {
  const specific = validation.filter((issue) => issue.keyword !== 'oneOf' && issue.keyword !== 'anyOf');
  const candidates = specific.length > 0 ? specific : validation;
  const deepest = candidates.reduce((best, issue) => (depthOf(issue, context) > depthOf(best, context) ? issue : best));
  const field = fieldOf(deepest, context);
  const problems = [...new Set(candidates.filter((issue) => fieldOf(issue, context) === field).map(problemOf))];
  const message = `${field}: ${problems.join(', or ')}`;
  return new HttpError(400, { code: 'BAD_REQUEST', field, message });
}

/**
 * A bad-input error raised while using a part of the request (the market file, the
 * parameters), as a 400 naming that part. Other errors pass through unchanged.
 */
export function locateInputError(error: unknown, field: string): unknown {
  if (error instanceof HttpError || !(error instanceof TenureError) || !isBadInputCode(error.code)) return error;
  if (error instanceof PortfolioValidationError) return error;
  return new HttpError(400, { code: error.code, field, message: `${field}: ${error.message}` }, { cause: error });
}

function depthOf(issue: ValidationIssue, context: string): number {
  return fieldOf(issue, context).split(/[.[]/).length;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
