process.env.LOG_LEVEL = 'silent';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClientFrame } from '@chat/gateway/protocol';
import { useEmbeddedDeps, type Deps } from './support/deps.js';
import { fcContext } from './support/fc-http.js';
import { openGroup, send } from './support/chat.js';
import { registerUser, type TestUser } from './support/users.js';
import { handler as invokeChat } from '../functions/invoke-gateway-chat/handler.js';

// One bad send, three doors: REST, a WebSocket frame (what a CHAT_API=inprocess gateway checks
// before calling the use case), and the chat function the CHAT_API=fc gateway invokes.
const invalid: [string, Record<string, unknown>][] = [
  ['clientMsgId with a space', { clientMsgId: 'a b', text: 'x' }],
  ['empty clientMsgId', { clientMsgId: '', text: 'x' }],
  ['clientMsgId too long', { clientMsgId: 'c'.repeat(65), text: 'x' }],
  ['text too long', { clientMsgId: 'ok-1', text: 'x'.repeat(10_001) }],
  ['text not a string', { clientMsgId: 'ok-1', text: 42 }],
  ['too many attachments', { clientMsgId: 'ok-1', attachments: Array.from({ length: 11 }, (_, i) => ({ mediaId: `m${i}`, kind: 'image' })) }],
  ['attachment of unknown kind', { clientMsgId: 'ok-1', attachments: [{ mediaId: 'm1', kind: 'sticker' }] }],
  ['replyToSeq zero', { clientMsgId: 'ok-1', text: 'x', replyToSeq: 0 }],
  ['unknown field', { clientMsgId: 'ok-1', text: 'x', colour: 'red' }],
];

interface ErrorShape {
  code: string;
  details: { field?: string; issue: string }[];
}

let deps: Deps;
let alice: TestUser;
let conversationId: string;

describe('one message schema for every transport', () => {
  beforeAll(async () => {
    deps = await useEmbeddedDeps();
    alice = await registerUser('parity');
    conversationId = await openGroup(alice, [await registerUser('paritybob')]);
  }, 120_000);
  afterAll(() => deps?.close());

  it.each(invalid)('refuses %s with the same error over REST, WS and the FC chat function', async (_, input) => {
    const rest = (await send(alice, conversationId, input)).json as { error: ErrorShape };
    const frame = parseClientFrame(JSON.stringify({ type: 'message.send', ref: 'r1', conversationId, ...input }));
    if (frame.ok || frame.fatal) throw new Error(`frame was not refused as invalid: ${JSON.stringify(frame)}`);
    const invoked = await invokeChat(
      Buffer.from(JSON.stringify({ action: 'sendMessage', caller: { userId: alice.id, accessToken: alice.accessToken }, input: { conversationId, ...input } })),
      fcContext(),
    );
    if (invoked.ok) throw new Error('the chat function accepted the input');

    expect(rest.error.code).toBe('validation_failed');
    const same = (e: ErrorShape) => ({ code: e.code, details: e.details });
    expect(same(frame.error)).toEqual(same(rest.error));
    // The invocation's fields sit under its envelope's `input`; under it they read the same.
    const unwrapped = {
      ...(invoked.error as ErrorShape),
      details: (invoked.error as ErrorShape).details.map((d) => ({ ...d, field: d.field?.replace(/^input\./, '') })),
    };
    expect(same(unwrapped)).toEqual(same(rest.error));
  });

  it('stores nothing for any of them', async () => {
    expect((await deps.chat.messages.latest([conversationId])).size).toBe(0);
  });
});
