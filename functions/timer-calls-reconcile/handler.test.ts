import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCall } from '@chat/core/domain/calls/call';
import { calls } from '@chat/core/wiring/calls';
import { startArtcDouble, type ArtcDouble } from '../../test/support/artc-double.js';
import { as } from '../../test/support/chat.js';
import { fcContext } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as listMessages } from '../http-messages-list/handler.js';
import { handler } from './handler.js';

const tick = () => handler(Buffer.from(JSON.stringify({ triggerTime: new Date().toISOString(), triggerName: 'every-five-minutes', payload: '' })), fcContext());
const APP = { appId: 'reconcile-app', appKey: 'reconcile-app-key', key: 'LTAIreconcile', secret: 'reconcile-secret' };

// The timer on the real wiring: ARTC (against its double) no longer has the channel, so the call
// service ends the call, with its timeline message, exactly as a webhook would have.
describe('timer-calls-reconcile', () => {
  let artc: ArtcDouble;
  beforeAll(async () => {
    artc = await startArtcDouble({ appId: APP.appId, secrets: { [APP.key]: APP.secret } });
  });
  afterAll(() => artc?.close());
  const chat = useChat({
    users: ['ra', 'rb'],
    group: true,
    env: () => ({
      ARTC_APP_ID: APP.appId,
      ARTC_APP_KEY: APP.appKey,
      ARTC_CALLBACK_SECRET: 'reconcile-callback-secret',
      ARTC_ENDPOINT: artc.endpoint,
      ALIBABA_CLOUD_ACCESS_KEY_ID: APP.key,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: APP.secret,
      CALL_RECONCILE_AFTER_SECONDS: '600',
    }),
  });
  const [alice, bob] = chat.users;

  it('ends active calls ARTC no longer has, once, and leaves recent ones alone', async () => {
    const deps = await chat.deps.wiring.use(calls);
    const start = async (minutesAgo: number) => {
      const at = new Date(Date.now() - minutesAgo * 60_000);
      const ringing = newCall({
        id: randomUUID(),
        conversationId: chat.groupId,
        kind: 'video',
        provider: 'artc',
        providerCallId: `r_${randomUUID()}`,
        createdBy: alice.id,
        at,
      });
      const { call } = await deps.store.create(ringing);
      return (await deps.store.update(
        {
          ...call,
          state: 'active',
          answeredAt: at,
          participants: [alice, bob].map((u) => ({ userId: u.id, joinedAt: at, lastJoinedAt: at, leftAt: null, durationSeconds: 0 })),
        },
        call.version,
      ))!;
    };
    const stale = await start(30);
    expect(await tick()).toMatchObject({ checked: 1, ended: 1, failed: 0 });
    expect(await deps.store.get(stale.id)).toMatchObject({ state: 'ended', endReason: 'completed' });
    const messages = (await as(alice).call(listMessages, 'GET', `/v1/conversations/${chat.groupId}/messages`)).json.items as { call?: { callId: string } }[];
    expect(messages.filter((m) => m.call?.callId === stale.id)).toHaveLength(1);

    const recent = await start(1); // not due yet; the ring sweep / webhooks own it for now
    expect(await tick()).toMatchObject({ checked: 0, ended: 0 });
    expect((await deps.store.get(recent.id))?.state).toBe('active');
  });
});
