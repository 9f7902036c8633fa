import { beforeAll, describe, expect, it } from 'vitest';
import type { FcHandler, FcHttpResult } from '@chat/core/runtime/fc-types';
import { useEmbeddedDeps } from './support/deps.js';
import { as, openGroup, send } from './support/chat.js';
import type { Reply } from './support/fc-http.js';
import { registerUser, type TestUser } from './support/users.js';
import { handler as register } from '../functions/http-auth-register/handler.js';
import { handler as login } from '../functions/http-auth-login/handler.js';
import { handler as updateMe } from '../functions/http-me-update/handler.js';
import { handler as putDevice } from '../functions/http-devices-put/handler.js';
import { handler as searchUsers } from '../functions/http-users-search/handler.js';
import { handler as createConversation } from '../functions/http-conversations-create/handler.js';
import { handler as getConversation } from '../functions/http-conversations-get/handler.js';
import { handler as updateConversation } from '../functions/http-conversations-update/handler.js';
import { handler as editMessage } from '../functions/http-messages-edit/handler.js';
import { handler as putReaction } from '../functions/http-reactions-put/handler.js';
import { handler as listConversations } from '../functions/http-conversations-list/handler.js';
import { handler as sync } from '../functions/http-sync-get/handler.js';
import { handler as listMentions } from '../functions/http-mentions-list/handler.js';

const NUL = '\u0000';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectRejected(res: Reply, code: string, field?: string) {
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  expect(res.json.error.code).toBe(code);
  expect(res.json.requestId).toEqual(expect.any(String));
  if (field) expect(res.json.error.details).toContainEqual(expect.objectContaining({ field }));
}

describe('bad text and ids are a 400 naming the field, never a 500 (issue 11, defect 1)', () => {
  let me: TestUser;
  let group: string;
  beforeAll(async () => {
    await useEmbeddedDeps();
    me = await registerUser('bad');
    group = await openGroup(me, [], 'Team');
    await send(me, group, { text: 'first' });
  });

  const cases: [string, () => [FcHandler<FcHttpResult>, string, string, unknown, Record<string, string>?], string][] = [
    [
      'display name at register',
      () => [
        register,
        'POST',
        '/v1/auth/register',
        { username: 'nul_user', email: 'nul@example.com', password: 'a long enough passphrase', displayName: `a${NUL}b` },
      ],
      'displayName',
    ],
    ['login', () => [login, 'POST', '/v1/auth/login', { login: `x${NUL}`, password: 'whatever it is' }], 'login'],
    ['display name update', () => [updateMe, 'PATCH', '/v1/me', { displayName: `a${NUL}` }], 'displayName'],
    ['push token', () => [putDevice, 'PUT', '/v1/me/devices/d1', { platform: 'android', pushToken: `t${NUL}` }], 'pushToken'],
    ['group title', () => [createConversation, 'POST', '/v1/conversations', { type: 'group', title: `T${NUL}`, memberIds: [] }], 'title'],
    ['member id', () => [createConversation, 'POST', '/v1/conversations', { type: 'direct', userId: `u${NUL}` }], 'userId'],
    ['renamed title', () => [updateConversation, 'PATCH', `/v1/conversations/${group}`, { title: `\u001bT` }], 'title'],
    ['edited text', () => [editMessage, 'PATCH', `/v1/conversations/${group}/messages/1`, { text: `a${NUL}b` }], 'text'],
    ['reaction', () => [putReaction, 'PUT', `/v1/conversations/${group}/messages/1/reactions/${encodeURIComponent(`x${NUL}`)}`, undefined], 'emoji'],
    ['path id', () => [getConversation, 'GET', `/v1/conversations/${encodeURIComponent(`a${NUL}b`)}`, undefined], 'conversationId'],
    ['search query', () => [searchUsers, 'GET', '/v1/users', undefined, { q: `a${NUL}` }], 'q'],
  ];
  it.each(cases)('%s', async (_name, make, field) => {
    const [handler, method, path, body, query] = make();
    expectRejected(await as(me).call(handler, method, path, body, query), 'validation_failed', field);
  });

  it('message text and clientMsgId, and a lone surrogate', async () => {
    expectRejected(await send(me, group, { text: `a${NUL}b` }), 'validation_failed', 'text');
    expectRejected(await send(me, group, { clientMsgId: `c${NUL}` }), 'validation_failed', 'clientMsgId');
    expectRejected(await send(me, group, { text: 'broken \ud83d pair' }), 'validation_failed', 'text');
  });

  it('message text keeps line breaks, tabs and emoji', async () => {
    const res = await send(me, group, { text: 'line one\n\tline two 👍' });
    expect(res.status).toBe(201);
    expect(res.json.message.text).toBe('line one\n\tline two 👍');
  });
});

describe('crafted cursors are a 400 invalid_cursor (issue 11, defect 2)', () => {
  let me: TestUser;
  beforeAll(async () => {
    await useEmbeddedDeps();
    me = await registerUser('cur');
  });

  const crafted = {
    'a date PostgreSQL cannot hold': {
      conversations: b64(['+275760-09-13T00:00:00.000Z', 'c1']),
      sync: b64(['+275760-09-13T00:00:00.000Z']),
      mentions: b64(['+275760-09-13T00:00:00.000Z', 'c1', 1]),
    },
    'a year-0 date': {
      conversations: b64(['0000-01-01T00:00:00.000Z', 'c1']),
      sync: b64(['-000001-01-01T00:00:00.000Z']),
      mentions: b64(['0000-01-01T00:00:00.000Z', 'c1', 1]),
    },
    'an id with a NUL': {
      conversations: b64(['2026-01-01T00:00:00.000Z', `c${NUL}`]),
      sync: b64([`2026${NUL}`]),
      mentions: b64(['2026-01-01T00:00:00.000Z', `c${NUL}`, 1]),
    },
    'garbage base64': { conversations: '!!!not base64$$', sync: '%%%', mentions: 'a'.repeat(600) },
    'the wrong shape': { conversations: b64({ v: 1 }), sync: b64([1, 2]), mentions: b64(['2026-01-01T00:00:00.000Z', 'c1', -1]) },
  };
  it.each(Object.entries(crafted))('%s', async (_name, cursors) => {
    expectRejected(await as(me).call(listConversations, 'GET', '/v1/conversations', undefined, { cursor: cursors.conversations }), 'invalid_cursor', 'cursor');
    expectRejected(await as(me).call(sync, 'GET', '/v1/sync', undefined, { cursor: cursors.sync }), 'invalid_cursor', 'cursor');
    expectRejected(await as(me).call(listMentions, 'GET', '/v1/mentions', undefined, { cursor: cursors.mentions }), 'invalid_cursor', 'cursor');
  });

  it('the cursors the API issues still work', async () => {
    const first = await as(me).call(sync, 'GET', '/v1/sync');
    expect((await as(me).call(sync, 'GET', '/v1/sync', undefined, { cursor: first.json.cursor })).status).toBe(200);
  });
});
