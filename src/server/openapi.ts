import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * Publishes the server's OpenAPI document at GET /openapi.json, generated from the routes'
 * own JSON schemas (the ones requests are validated against), so it cannot drift from them.
 * Register before the routes: the document collects routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'tenure model-development server',
        description: 'Sessions that keep a portfolio, its market data and models loaded between iterations; parameter-only iterations are delta runs.',
        version,
      },
      components: {
        securitySchemes: {
          sessionToken: { type: 'http', scheme: 'bearer', description: 'the token POST /sessions returned' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'the server\'s admin token' },
        },
      },
    },
    // Shared schemas keep their $id as their component name (ErrorBody), not def-0.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });

  app.get('/openapi.json', {
    schema: {
      tags: ['meta'],
      summary: 'This document',
      response: { 200: { type: 'object', additionalProperties: true } },
    },
  }, () => app.swagger());
}
