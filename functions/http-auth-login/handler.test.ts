import { describe, expect, it } from 'vitest';
import { call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

const login = (body: unknown, sourceIp?: string) => call(handler, { method: 'POST', path: '/v1/auth/login', body, ...(sourceIp ? { sourceIp } : {}) });

describe('POST /v1/auth/login', () => {
  const [user] = useChat({ env: { LOGIN_LIMIT_PER_IP: '12' }, users: ['login'] }).users;

  it('logs in by username or e-mail, case-insensitively', async () => {
    for (const name of [user.username, user.username.toUpperCase(), `${user.username}@EXAMPLE.com`]) {
      const res = await login({ login: name, password: user.password });
      expect(res.status).toBe(200);
      expect(res.json.user.id).toBe(user.id);
      expect(res.json.tokens.refreshToken).toBeTruthy();
    }
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await login({ login: 'nobody_here', password: 'whatever it is' }, '198.51.100.1');
    const wrong = await login({ login: user.username, password: 'not the password' }, '198.51.100.1');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.json.error).toEqual(wrong.json.error);
  });

  it('refuses an account after 5 failures with 429 and Retry-After, even with the right password', async () => {
    const victim = await registerUser('victim');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login({ login: victim.username, password: 'wrong password!' }, `192.0.2.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await login({ login: victim.username, password: victim.password }, '192.0.2.99');
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.json.error.code).toBe('rate_limited');
  });

  it('limits failures per source IP across accounts', async () => {
    const ip = '203.0.113.200';
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await login({ login: `someone_${i}`, password: 'wrong password!' }, ip)).status);
    expect(statuses.slice(0, 12).every((s) => s === 401)).toBe(true);
    expect(statuses[12]).toBe(429);
    expect((await login({ login: user.username, password: user.password }, '203.0.113.201')).status).toBe(200);
  });
});
