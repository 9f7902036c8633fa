import { describe, expect, it } from 'vitest';
import { bearer, call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

describe('GET /v1/users?q=', () => {
  const [a, b] = useChat({ users: ['zed', 'zed', 'other'] }).users;

  it('finds users by username prefix, case-insensitively, without private fields', async () => {
    const res = await call(handler, { method: 'GET', path: '/v1/users', headers: bearer(a.accessToken), query: { q: 'ZED_' } });
    expect(res.status).toBe(200);
    expect(res.json.items.map((u: { id: string }) => u.id).sort()).toEqual([a.id, b.id].sort());
    expect(Object.keys(res.json.items[0]).sort()).toEqual(['displayName', 'id', 'username']);
  });

  it('treats LIKE wildcards in the query literally', async () => {
    const res = await call(handler, { method: 'GET', path: '/v1/users', headers: bearer(a.accessToken), query: { q: '%' } });
    expect(res.json.items).toEqual([]);
  });

  it('honours limit and validates the query', async () => {
    const one = await call(handler, { method: 'GET', path: '/v1/users', headers: bearer(a.accessToken), query: { q: 'zed', limit: '1' } });
    expect(one.json.items).toHaveLength(1);
    for (const query of [{}, { q: 'zed', limit: '0' }, { q: 'zed', limit: 'many' }] as Record<string, string>[]) {
      expect((await call(handler, { method: 'GET', path: '/v1/users', headers: bearer(a.accessToken), query })).status).toBe(400);
    }
  });

  it('requires a token', async () => {
    expect((await call(handler, { method: 'GET', path: '/v1/users', query: { q: 'zed' } })).status).toBe(401);
  });
});
