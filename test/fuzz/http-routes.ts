import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fromSchema, hostileString, hostileValue, mutate, type JsonSchema, type Known } from './arbitraries.js';
import { authHeader, bodyBytes, contentTypes, describeRequest, extraHeaders, pct, rawSegment, type WireRequest } from './http-wire.js';

/** One operation of docs/openapi.json (the document generated from layers/core/src/api/routes.ts). */
export interface Operation {
  id: string;
  method: string;
  path: string;
  bearer: boolean;
  params: { name: string; in: 'path' | 'query'; schema: JsonSchema }[];
  body?: JsonSchema;
}

interface OpenApiOperation {
  operationId: string;
  security?: unknown[];
  parameters?: Operation['params'];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}

export function operations(file = 'docs/openapi.json'): Operation[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, OpenApiOperation>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      bearer: (op.security ?? []).length > 0,
      params: op.parameters ?? [],
      body: op.requestBody?.content['application/json'].schema,
    })),
  );
}

/** A path parameter: mostly a valid or known value, else hostile text or bytes no string encodes to. */
function segment(schema: JsonSchema, known: Known, name: string): fc.Arbitrary<string> {
  const valid = fromSchema(schema, known, name).map((v) => pct(String(v)));
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    hostileString.filter((s) => s !== '').map(pct),
    rawSegment,
    fc.tuple(valid, rawSegment).map(([a, b]) => a + b),
  );
}

/** The query string: the declared parameters (valid or not), plus repeated, unknown and prototype keys. */
function queryString(op: Operation, known: Known): fc.Arbitrary<string> {
  const declared = op.params.filter((p) => p.in === 'query');
  const pair = (name: string, value: fc.Arbitrary<string>) => value.map((v) => `${pct(name)}=${v}`);
  const entries = declared.map((p) =>
    fc.option(
      fc.oneof(
        {
          weight: 4,
          arbitrary: pair(
            p.name,
            fromSchema(p.schema, known, p.name).map((v) => pct(String(v))),
          ),
        },
        pair(
          p.name,
          hostileValue.map((v) => pct(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
        ),
        pair(p.name, rawSegment),
        pair(
          p.name.toUpperCase(),
          fromSchema(p.schema, known, p.name).map((v) => pct(String(v))),
        ),
      ),
      { freq: 3 },
    ),
  );
  const junk = fc.option(
    fc.oneof(
      fc.constantFrom('__proto__=1', 'constructor=x', '__proto__[admin]=1', 'cursor=a&cursor=b', 'limit=1&limit=2', '&&=&', '=x', '%FF=%FF'),
      pair('cursor', fc.constantFrom('AAAA', '%00', 'bnVsbA', 'W10', 'WyIyMDI2LTAxLTAxVDAwOjAwOjAwWiJd', 'x'.repeat(5000))),
    ),
    { freq: 4 },
  );
  return fc.tuple(fc.tuple(...entries), junk).map(([parts, extra]) => {
    const all = [...parts, extra].filter((p): p is string => p !== null);
    return all.length ? `?${all.join('&')}` : '';
  });
}

/** Arbitrary requests to one operation, as the fuzz user (or with a broken or foreign credential). */
export function requestsFor(op: Operation, known: Known, tokens: { mine: string; other: string }): fc.Arbitrary<WireRequest> {
  const names = op.params.filter((p) => p.in === 'path');
  const segments = fc.tuple(...names.map((p) => segment(p.schema, known, p.name)));
  const method = fc.oneof({ weight: 12, arbitrary: fc.constant(op.method) }, fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'));
  const body = op.body
    ? fc.oneof({ weight: 2, arbitrary: bodyBytes(fromSchema(op.body, known)) }, bodyBytes(mutate(fromSchema(op.body, known))))
    : fc.option(bodyBytes(hostileValue), { freq: 4, nil: undefined });
  const contentType = fc.oneof({ weight: 5, arbitrary: fc.constant('application/json') }, contentTypes);
  return fc
    .record({ method, segments, query: queryString(op, known), body, contentType, auth: authHeader(tokens.mine, tokens.other), extra: extraHeaders })
    .map(({ method, segments, query, body, contentType, auth, extra }) => {
      let i = 0;
      const path = op.path.replace(/\{[^}]+\}/g, () => segments[i++]!) + query;
      const headers: Record<string, string> = { ...extra };
      if (auth !== undefined) headers.authorization = auth;
      if (body && contentType) headers['content-type'] = contentType;
      const req: WireRequest = { method, path, headers, body };
      // Counterexamples print as a request, not as a 70 KB object literal with a byte array.
      return Object.assign(req, { [fc.toStringMethod]: () => describeRequest(req) });
    });
}
