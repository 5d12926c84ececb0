import type { FastifyPluginCallback } from 'fastify';
import { responses } from './error-body-schema.js';
import type { ModelSessionManager } from './session-routes.js';

export interface HealthRoutesOptions {
  readonly sessions: ModelSessionManager;
}

/** Liveness for a supervisor or a load balancer; says nothing about any one session. */
export const healthRoutes: FastifyPluginCallback<HealthRoutesOptions> = (app, options, done) => {
  const startedAt = performance.now();
  app.get('/health', {
    schema: {
      tags: ['health'],
      summary: 'The server is up',
      response: responses({
        200: {
          type: 'object',
          properties: { status: { type: 'string', enum: ['ok'] }, sessions: { type: 'integer' }, uptimeSeconds: { type: 'number' } },
        },
      }),
    },
  }, () => ({ status: 'ok', sessions: options.sessions.size, uptimeSeconds: (performance.now() - startedAt) / 1000 }));
  done();
};
