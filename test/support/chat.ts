import type { FcHandler, FcHttpResult } from '@chat/core/runtime/fc-types';
import { handler as createConversation } from '../../functions/http-conversations-create/handler.js';
import { handler as sendMessage } from '../../functions/http-messages-send/handler.js';
import { bearer, call, type Reply } from './fc-http.js';
import type { TestUser } from './users.js';

export async function openGroup(owner: TestUser, members: TestUser[], title = 'Team'): Promise<string> {
  const res = await call(createConversation, {
    method: 'POST',
    path: '/v1/conversations',
    headers: bearer(owner.accessToken),
    body: { type: 'group', title, memberIds: members.map((m) => m.id) },
  });
  if (res.status !== 201) throw new Error(`group create failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.conversation.id as string;
}

export async function openDirect(a: TestUser, b: TestUser): Promise<string> {
  const res = await call(createConversation, {
    method: 'POST',
    path: '/v1/conversations',
    headers: bearer(a.accessToken),
    body: { type: 'direct', userId: b.id },
  });
  return res.json.conversation.id as string;
}

let n = 0;
export async function send(user: TestUser, conversationId: string, body: Record<string, unknown> = {}): Promise<Reply> {
  return call(sendMessage, {
    method: 'POST',
    path: `/v1/conversations/${conversationId}/messages`,
    headers: bearer(user.accessToken),
    body: { clientMsgId: `c${++n}-${Date.now()}`, text: `hello ${n}`, ...body },
  });
}

export const as = (user: TestUser) => ({
  call: (handler: FcHandler<FcHttpResult>, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
    call(handler, { method, path, headers: bearer(user.accessToken), ...(body !== undefined ? { body } : {}), ...(query ? { query } : {}) }),
});
