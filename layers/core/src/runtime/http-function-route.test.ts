process.env.LOG_LEVEL = 'silent';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteSpec } from '../api/routes.js';
import { useEmbeddedDeps, type Deps } from '../../../../test/support/deps.js';
import { call } from '../../../../test/support/fc-http.js';
import { registerUser, type TestUser } from '../../../../test/support/users.js';
import { httpFunction, type HttpCall } from './http-function.js';
import { json } from './http-response.js';

// The route alone decides authentication and parsing: these endpoints only echo what they got.
const base = { summary: 'test', responses: {} } as const;
const bearer = {
  ...base,
  method: 'POST',
  path: '/v1/widgets/{widgetId}',
  auth: 'bearer',
  params: z.object({ widgetId: z.string().regex(/^w\d+$/) }),
  query: z.object({ limit: z.coerce.number().int().max(10).default(5) }),
  body: z.strictObject({ name: z.string().min(1) }),
} as const satisfies RouteSpec;
const signed = {
  ...base,
  method: 'POST',
  path: '/v1/hooks',
  auth: 'signature',
  body: z.strictObject({ never: z.literal('parsed') }),
} as const satisfies RouteSpec;

let seen: HttpCall[] = [];
const echo = httpFunction(bearer, async (c) => {
  seen.push(c as unknown as HttpCall);
  // Types follow the route: me is the caller, params/query/body are the schemas' outputs.
  return json(200, { userId: c.me.userId, widgetId: c.params.widgetId, limit: c.query.limit, name: c.body.name });
});
const hook = httpFunction(signed, async (c) => json(200, { me: c.me ?? null, body: c.body ?? null, raw: c.req.body.toString('utf8') }));

let deps: Deps;
let alice: TestUser;

describe('httpFunction: what the route declares', () => {
  beforeAll(async () => {
    deps = await useEmbeddedDeps();
    alice = await registerUser('routealice');
  }, 120_000);
  afterAll(() => deps?.close());

  it('authenticates, then parses path, query and body, and hands the endpoint typed values', async () => {
    const res = await call(echo, {
      method: 'POST',
      path: '/v1/widgets/w7',
      query: { LIMIT: '3' },
      headers: { authorization: `Bearer ${alice.accessToken}` },
      body: { name: 'knob' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ userId: alice.id, widgetId: 'w7', limit: 3, name: 'knob' });
  });

  it('refuses a missing or forged token before looking at anything else', async () => {
    seen = [];
    for (const authorization of [undefined, 'Bearer nope', 'Basic abc']) {
      const res = await call(echo, { method: 'POST', path: '/v1/widgets/BAD', headers: authorization ? { authorization } : {}, body: '{not json' });
      expect(res.status, authorization).toBe(401);
    }
    expect(seen).toHaveLength(0);
  });

  it('answers bad params, query and body with 400 validation errors naming the field', async () => {
    const auth = { authorization: `Bearer ${alice.accessToken}` };
    const badParam = await call(echo, { method: 'POST', path: '/v1/widgets/x1', headers: auth, body: { name: 'a' } });
    expect(badParam.status).toBe(400);
    expect(badParam.json).toMatchObject({ error: { code: 'validation_failed', message: 'Path parameters are invalid', details: [{ field: 'widgetId' }] } });
    const badQuery = await call(echo, { method: 'POST', path: '/v1/widgets/w1', query: { limit: '99' }, headers: auth, body: { name: 'a' } });
    expect(badQuery.json).toMatchObject({ error: { code: 'validation_failed', message: 'Query parameters are invalid', details: [{ field: 'limit' }] } });
    const badBody = await call(echo, { method: 'POST', path: '/v1/widgets/w1', headers: auth, body: { name: '' } });
    expect(badBody.json).toMatchObject({ error: { code: 'validation_failed', message: 'Request body is invalid', details: [{ field: 'name' }] } });
  });

  it('leaves the body of a signature route unparsed, for the handler to verify its exact bytes', async () => {
    const raw = '{"type":"call.ended","n":1}';
    const res = await call(hook, { method: 'POST', path: '/v1/hooks', body: raw });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ me: null, body: null, raw });
  });
});
