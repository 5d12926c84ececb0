import { TenureError } from '../errors/tenure-error.js';

/**
 * The body of every error the server answers: a stable `code` a client branches on, a message
 * for people, and where the request was wrong when it can say (`field`, a path into the
 * request such as `body.market.date`). An expired session adds why and when it ended.
 */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly field?: string;
    readonly reason?: string;
    readonly endedAt?: string;
    /** Every problem found, when there were several (a portfolio with many bad positions). */
    readonly issues?: readonly { readonly field?: string; readonly message: string }[];
  };
}

/**
 * An error that already knows its HTTP status and typed body. Route handlers throw it (or a
 * TenureError the error handler maps); the error handler answers it as is.
 */
export class HttpError extends TenureError {
  readonly code: string;
  readonly statusCode: number;
  readonly body: ErrorBody;

  constructor(statusCode: number, body: ErrorBody['error'], options?: ErrorOptions) {
    super(body.message, options);
    this.code = body.code;
    this.statusCode = statusCode;
    this.body = { error: body };
  }
}

/**
 * A request that names a session the caller may not see: an unknown id, a wrong token or no
 * token at all. One message for all three, so a response never tells whether the id exists.
 */
export function sessionNotFound(): HttpError {
  return new HttpError(404, { code: 'SESSION_NOT_FOUND', message: 'no session with this id and token' });
}

/** A request whose input is wrong, naming the field. */
export function badRequest(code: string, field: string, message: string): HttpError {
  return new HttpError(400, { code, field, message: `${field}: ${message}` });
}
