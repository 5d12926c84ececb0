import type { FastifyPluginCallback } from 'fastify';
import type { Clock } from '../clock/clock.js';
import { bearerToken, isAdminToken } from './bearer-token.js';
import { responses } from './error-body-schema.js';
import { HttpError } from './http-error.js';
import { sessionInfoSchema } from './session-schemas.js';
import { infoResponse, type ModelSessionManager } from './session-routes.js';

export interface AdminRoutesOptions {
  readonly sessions: ModelSessionManager;
  /** Without one, every admin request answers 401. */
  readonly adminToken: string | undefined;
  readonly clock: Clock;
}

/** Routes for whoever runs the server, behind the admin token: what sessions are open. */
export const adminRoutes: FastifyPluginCallback<AdminRoutesOptions> = (app, options, done) => {
  app.addHook('onRequest', async (request, reply) => {
    if (isAdminToken(bearerToken(request.headers.authorization), options.adminToken)) return;
    void reply.header('WWW-Authenticate', 'Bearer realm="tenure admin"');
    const message = options.adminToken === undefined
      ? 'admin routes are disabled: start the server with an admin token (--admin-token or TENURE_ADMIN_TOKEN)'
      : 'send the admin token as Authorization: Bearer <token>';
    throw new HttpError(401, { code: 'UNAUTHORIZED', message });
  });

  app.get('/sessions', {
    schema: {
      tags: ['admin'],
      summary: 'Every open session, least recently used first (admin token)',
      security: [{ adminToken: [] }],
      response: responses({
        200: { type: 'object', properties: { sessions: { type: 'array', items: sessionInfoSchema } } },
      }, [401, 503]),
    },
  }, () => ({ sessions: options.sessions.list().map((info) => infoResponse(info, options.clock)) }));

  done();
};
