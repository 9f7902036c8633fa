import { describe, expect, it } from 'vitest';
import { call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

const register = (body: unknown, headers?: Record<string, string>) =>
  call(handler, { method: 'POST', path: '/v1/auth/register', body, ...(headers ? { headers } : {}) });

describe('POST /v1/auth/register', () => {
  useChat();

  it('creates the user and returns a session', async () => {
    const res = await register({ username: 'Carol_1', email: 'Carol@Example.com', password: 'a long enough passphrase', displayName: ' Carol ' });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({
      username: 'Carol_1',
      email: 'Carol@Example.com',
      displayName: 'Carol',
      emailNotifications: 'mentions',
      pushEnabled: true,
    });
    expect(res.json.user).not.toHaveProperty('passwordHash');
    expect(res.json.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(res.json.tokens.accessToken.split('.')).toHaveLength(3);
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('treats usernames and e-mails as unique regardless of case', async () => {
    await register({ username: 'dave', email: 'dave@example.com', password: 'a long enough passphrase' });
    const sameName = await register({ username: 'DAVE', email: 'other@example.com', password: 'a long enough passphrase' });
    expect(sameName.status).toBe(409);
    expect(sameName.json.error.code).toBe('conflict');
    expect(sameName.json.error.details).toEqual([{ field: 'username', issue: 'is already taken' }]);
    const sameMail = await register({ username: 'dave2', email: 'DAVE@example.COM', password: 'a long enough passphrase' });
    expect(sameMail.status).toBe(409);
    expect(sameMail.json.error.details).toEqual([{ field: 'email', issue: 'is already registered' }]);
  });

  it('rejects short, common and identity-based passwords with every reason', async () => {
    const short = await register({ username: 'erin', email: 'erin@example.com', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.json.error.details).toContainEqual({ field: 'password', issue: 'must be at least 10 characters' });
    const common = await register({ username: 'erin', email: 'erin@example.com', password: 'Password123' });
    expect(common.json.error.details).toContainEqual({ field: 'password', issue: 'is one of the most common passwords' });
    const own = await register({ username: 'erinerin', email: 'erin@example.com', password: 'my name is erinerin!' });
    expect(own.json.error.details).toContainEqual({ field: 'password', issue: 'must not contain your username or e-mail' });
  });

  it('answers bad input with 4xx in the error shape, never 5xx', async () => {
    const cases: [unknown, Record<string, string> | undefined, number, string][] = [
      ['{"username": ', undefined, 400, 'malformed_json'],
      [{ username: 'x y', email: 'not-mail', password: 1 }, undefined, 400, 'validation_failed'],
      [{ username: 'frank', email: 'frank@example.com', password: 'a long enough passphrase', admin: true }, undefined, 400, 'validation_failed'],
      ['username=frank', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
      [{ username: 'frank', email: 'frank@example.com', password: 'x'.repeat(70_000) }, undefined, 413, 'payload_too_large'],
      ['', undefined, 400, 'validation_failed'],
    ];
    for (const [body, headers, status, code] of cases) {
      const res = await register(body, headers);
      expect({ status: res.status, code: res.json.error.code }).toEqual({ status, code });
      expect(res.json.requestId).toBe(res.headers['x-request-id']);
    }
  });

  it('lists each invalid field', async () => {
    const res = await register({ username: 'x y', email: 'not-mail', password: 1, admin: true });
    expect(res.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['admin', 'email', 'password', 'username']);
  });
});
