import { describe, expect, it } from 'vitest';
import { rest, type RestUser } from '../support/rest.js';
import type { WsClient } from '../support/ws-client.js';
import { useTopology } from './topology.js';

/**
 * Session revocation end to end (local cloud + two gateway processes on Redis, see topology.ts):
 * logout and refresh-token reuse close the session's open sockets on both nodes with 4101, within
 * moments; the user's other session keeps its socket and its messages.
 */
describe('revocation end to end: local cloud + two gateway processes on Redis', () => {
  const t = useTopology('revocation');
  const { users, group, connect, restSend } = t;

  /** A new login session of `user`: its access token (as a RestUser) and refresh token. */
  async function session(user: RestUser): Promise<{ as: RestUser; refreshToken: string }> {
    const res = await rest(t.cloud.url, 'POST', '/v1/auth/login', { body: { login: user.username, password: 'a long enough passphrase' } });
    expect(res.status).toBe(200);
    return { as: { ...user, token: res.json.tokens.accessToken }, refreshToken: res.json.tokens.refreshToken };
  }

  async function closedPromptly(client: WsClient): Promise<void> {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${client.label} still open`)), 3_000));
    expect(await Promise.race([client.closed, timeout])).toEqual({ code: 4101, reason: 'session_revoked' });
  }

  it('logout closes the session on both nodes with 4101; the other session stays and keeps receiving', async () => {
    const [owner, peer] = await users(2, 'rvk');
    const conv = await group(peer!, [owner!], 'revocation');
    const laptop = await session(owner!);
    const phone = await session(owner!);
    const laptop1 = await connect(laptop.as, 1, 'laptop@1');
    const laptop2 = await connect(laptop.as, 2, 'laptop@2');
    const phone2 = await connect(phone.as, 2, 'phone@2');
    await restSend(peer!, conv, 'before');
    for (const c of [laptop1, laptop2, phone2]) await c.until(() => c.count(conv) === 1, 10_000, 'the first message');

    expect((await rest(t.cloud.url, 'POST', '/v1/auth/logout', { body: { refreshToken: laptop.refreshToken } })).status).toBe(204);
    await closedPromptly(laptop1);
    await closedPromptly(laptop2);

    await restSend(peer!, conv, 'after');
    await phone2.until(() => phone2.count(conv) === 2, 10_000, 'the second message');
    expect([laptop1.count(conv), laptop2.count(conv)]).toEqual([1, 1]);
  });

  it('refresh-token reuse closes the session with 4101', async () => {
    const [owner] = await users(1, 'rvr');
    const s = await session(owner!);
    const rotated = await rest(t.cloud.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(rotated.status).toBe(200);
    const client = await connect({ ...owner!, token: rotated.json.tokens.accessToken }, 1, 'rotated@1');
    const replay = await rest(t.cloud.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(replay.json.error.code).toBe('session_revoked');
    await closedPromptly(client);
  });
});
