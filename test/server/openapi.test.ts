import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-fixtures.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.[Symbol.asyncDispose]();
  server = undefined;
});

interface Schema {
  readonly type?: string;
  readonly additionalProperties?: unknown;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly $ref?: string;
}

interface Operation {
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema: Schema }>> };
  readonly parameters?: readonly { readonly in: string; readonly name: string; readonly schema: Schema }[];
  readonly responses: Readonly<Record<string, { readonly content?: Readonly<Record<string, { readonly schema: Schema }>> }>>;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, Schema>>; readonly securitySchemes: Readonly<Record<string, unknown>> };
}

describe('GET /openapi.json', () => {
  it('describes every route from the schemas requests are validated against', async () => {
    server = await startTestServer('openapi');
    const reply = await server.call<OpenApiDocument>('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    const document = reply.body;
    expect(document.openapi).toMatch(/^3\./);

    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })));
    expect(operations.map((entry) => entry.route).sort()).toEqual([
      'DELETE /backtests/{id}',
      'DELETE /sessions/{id}',
      'GET /backtests',
      'GET /backtests/{id}',
      'GET /backtests/{id}/equity.csv',
      'GET /backtests/{id}/trades',
      'GET /health',
      'GET /openapi.json',
      'GET /sessions',
      'GET /sessions/{id}',
      'GET /sessions/{id}/baseline-diff',
      'GET /sessions/{id}/parameters',
      'POST /backtests',
      'POST /sessions',
      'POST /sessions/{id}/iterations',
    ]);

    for (const { route, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((status) => status.startsWith('2')), route).toBe(true);
      if (route === 'GET /openapi.json') continue;
      // Every error answer has the one typed body.
      for (const status of statuses.filter((code) => Number(code) >= 400)) {
        expect(operation.responses[status]!.content!['application/json']!.schema.$ref, `${route} ${status}`).toBe('#/components/schemas/ErrorBody');
      }
      // Bodies refuse what they do not declare.
      const body = operation.requestBody?.content['application/json']?.schema;
      if (body !== undefined) expect(body.additionalProperties, route).toBe(false);
    }

    const sessionRoutes = operations.filter(({ route }) => route.includes('/sessions/{id}'));
    for (const { route, operation } of sessionRoutes) {
      expect(operation.security, route).toEqual([{ sessionToken: [] }]);
      expect(Object.keys(operation.responses), route).toEqual(expect.arrayContaining(['404', '410']));
    }
    expect(document.components.schemas.ErrorBody).toBeDefined();
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['adminToken', 'sessionToken']);
  });

  it('answers GET /health', async () => {
    server = await startTestServer('health');
    const reply = await server.call<{ status: string; sessions: number }>('GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'ok', sessions: 0 });
  });
});
