import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPresenceStore } from '@chat/core/adapters/memory/presence-store';
import { MemoryRealtimeBus, processHub } from '@chat/core/adapters/memory/realtime-bus';
import { createLogger } from '@chat/core/runtime/logger';
import { accessTokens } from '@chat/core/wiring/auth';
import { inProcessChatApi } from '@chat/core/wiring/chat-api';
import { createGatewayNode, type GatewayNode } from '@chat/gateway/node';
import { handler as login } from '../functions/http-auth-login/handler.js';
import { handler as logout } from '../functions/http-auth-logout/handler.js';
import { handler as refresh } from '../functions/http-auth-refresh/handler.js';
import { openDirect, send } from './support/chat.js';
import { useEmbeddedDeps, type Deps } from './support/deps.js';
import { call } from './support/fc-http.js';
import { registerUser, type TestUser } from './support/users.js';
import { WsClient } from './support/ws-client.js';

/**
 * Issue 11, defect 5: revoking a session (logout, refresh-token reuse) closes its live sockets with
 * 4101 at once, on every gateway node, instead of serving them until their access token expires.
 * The real auth and chat functions (embedded wiring) and two in-process gateway nodes on the
 * process's in-memory bus, as in the local cloud.
 */
let deps: Deps;
const nodes: GatewayNode[] = [];
const buses: MemoryRealtimeBus[] = [];
const clients: WsClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  deps = await useEmbeddedDeps();
  const tokens = await deps.wiring.use(accessTokens);
  const presence = new MemoryPresenceStore({ ttlMs: 60_000 });
  for (let i = 0; i < 2; i++) {
    const bus = new MemoryRealtimeBus(processHub);
    buses.push(bus);
    nodes.push(
      await createGatewayNode({
        bus,
        kv: deps.kv,
        presence,
        chat: inProcessChatApi(() => deps.wiring.use),
        jwks: tokens.jwks() as never,
        issuer: deps.config.auth.issuer,
        log: createLogger('silent', 'revocation-test'),
      }),
    );
  }
});
afterAll(async () => {
  for (const c of clients) if (c.isOpen()) await c.terminate();
  await Promise.all(nodes.map((n) => n.close()));
  await Promise.all(buses.map((b) => b.close()));
  await deps.close();
});

const url = (node: number) => `ws://127.0.0.1:${nodes[node]!.port}/ws`;

async function connect(token: string, node: number, label: string): Promise<WsClient> {
  const client = await WsClient.connect(url(node), token, label);
  clients.push(client);
  return client;
}

/** A second login session of the same user (another device). */
async function secondSession(user: TestUser): Promise<TestUser> {
  const res = await call(login, { method: 'POST', path: '/v1/auth/login', body: { login: user.username, password: user.password } });
  expect(res.status).toBe(200);
  return { ...user, accessToken: res.json.tokens.accessToken, refreshToken: res.json.tokens.refreshToken };
}

/** Sends as `from` and waits until `to` has it. */
async function delivered(from: TestUser, conv: string, to: WsClient): Promise<void> {
  const before = to.count(conv);
  expect((await send(from, conv)).status).toBe(201);
  await to.until(() => to.count(conv) > before, 5_000, 'message.new');
}

describe('revoking a session ends its live sockets', () => {
  it('logout closes every socket of the session with 4101, on both nodes; the other session stays', async () => {
    const [ann, bob] = [await registerUser('rv_ann'), await registerUser('rv_bob')];
    const annPhone = await secondSession(ann);
    const conv = await openDirect(ann, bob);
    const laptop1 = await connect(ann.accessToken, 0, 'laptop@1');
    const laptop2 = await connect(ann.accessToken, 1, 'laptop@2');
    const phone = await connect(annPhone.accessToken, 0, 'phone@1');
    for (const c of [laptop1, laptop2, phone]) await delivered(bob, conv, c);

    const started = Date.now();
    expect((await call(logout, { method: 'POST', path: '/v1/auth/logout', body: { refreshToken: ann.refreshToken } })).status).toBe(204);
    for (const c of [laptop1, laptop2]) expect(await c.closed).toEqual({ code: 4101, reason: 'session_revoked' });
    expect(Date.now() - started).toBeLessThan(2_000);

    const counts = [laptop1.count(conv), laptop2.count(conv)];
    await delivered(bob, conv, phone);
    await sleep(100);
    expect([laptop1.count(conv), laptop2.count(conv)]).toEqual(counts);
    expect(phone.isOpen()).toBe(true);
  });

  it('refresh-token reuse closes the session sockets with 4101', async () => {
    const [cat, dan] = [await registerUser('rv_cat'), await registerUser('rv_dan')];
    const catPhone = await secondSession(cat);
    const conv = await openDirect(cat, dan);
    const rotated = await call(refresh, { method: 'POST', path: '/v1/auth/refresh', body: { refreshToken: cat.refreshToken } });
    expect(rotated.status).toBe(200);
    const laptop = await connect(rotated.json.tokens.accessToken, 1, 'cat laptop');
    const phone = await connect(catPhone.accessToken, 1, 'cat phone');
    await delivered(dan, conv, laptop);

    // The old refresh token again: a stolen copy is in use, so the whole session goes.
    const replay = await call(refresh, { method: 'POST', path: '/v1/auth/refresh', body: { refreshToken: cat.refreshToken } });
    expect(replay.json.error.code).toBe('session_revoked');
    expect(await laptop.closed).toEqual({ code: 4101, reason: 'session_revoked' });

    const count = laptop.count(conv);
    await delivered(dan, conv, phone);
    expect(laptop.count(conv)).toBe(count);
    expect(phone.isOpen()).toBe(true);
  });

  it('refuses a new socket with a still-unexpired access token of a logged-out session (4101)', async () => {
    const eve = await registerUser('rv_eve');
    await call(logout, { method: 'POST', path: '/v1/auth/logout', body: { refreshToken: eve.refreshToken } });
    await expect(connect(eve.accessToken, 0, 'eve')).rejects.toThrow(/closed before ready: 4101 session_revoked/);
  });
});
