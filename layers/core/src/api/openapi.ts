import { z } from 'zod';
import { routes, type RouteSpec } from './routes.js';
import { ErrorBody } from './auth-schemas.js';

function schemaOf(type: z.ZodType, io: 'input' | 'output') {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(type, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  return schema;
}

function operation(name: string, r: RouteSpec) {
  const parameters: unknown[] = [];
  for (const [where, type] of [
    ['path', r.params],
    ['query', r.query],
  ] as const) {
    const props = type ? (schemaOf(type, 'input') as { properties?: Record<string, unknown>; required?: string[] }) : undefined;
    for (const [key, schema] of Object.entries(props?.properties ?? {})) {
      parameters.push({ name: key, in: where, required: where === 'path' || !!props?.required?.includes(key), schema });
    }
  }
  const responses: Record<string, unknown> = {};
  for (const [status, res] of Object.entries(r.responses)) {
    responses[status] = res.schema
      ? { description: res.description, content: { 'application/json': { schema: schemaOf(res.schema, 'output') } } }
      : { description: res.description };
  }
  responses['4XX'] = { description: 'client error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    operationId: name,
    summary: r.summary,
    ...(r.auth === 'bearer' ? { security: [{ bearer: [] }] } : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, generated from the same schemas that validate requests. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, r] of Object.entries(routes) as [string, RouteSpec][]) {
    (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(name, r);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'fc-chat HTTP API',
      version: '1',
      description: 'Serverless real-time chat on Alibaba Cloud Function Compute. Errors share one shape; see components.schemas.Error.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: schemaOf(ErrorBody, 'output') },
    },
  };
}
