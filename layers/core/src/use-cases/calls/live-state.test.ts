import { beforeAll, describe, expect, it } from 'vitest';
import { useUseCaseDeps } from '../../../../../test/support/use-case-deps.js';
import { createConversation } from '../chat/create-conversation.js';
import { advanceCall } from './advance-call.js';
import { startCall } from './calls.js';
import { mayExchangeSignals } from './live-state.js';
import { relaySignal } from './signal.js';

describe('live call state in the key-value store', () => {
  const d = useUseCaseDeps();
  let alice: string, bob: string, carol: string, group: string;
  const at = (s: number) => new Date(d.clock.ms() + s * 1000);
  const cached = async (callId: string) =>
    JSON.parse((await d.calls.kv.get(`call-live:${callId}`)) ?? 'null') as { state: string; participants: string[] } | null;

  beforeAll(async () => {
    [alice, bob, carol] = [await d.user('alice'), await d.user('bob'), await d.user('carol')];
    group = (await createConversation(d.chat, alice, { type: 'group', title: 'Team', memberIds: [bob, carol] })).conversation.id;
  });

  it('follows the call: every member while it rings, those in it once answered, nothing once ended', async () => {
    const { call } = await startCall(d.calls, alice, { conversationId: group, kind: 'video' });
    expect(await cached(call.id)).toMatchObject({ state: 'ringing', participants: expect.arrayContaining([alice, bob, carol]) });
    await advanceCall(d.calls, call.id, [{ type: 'joined', userId: bob, at: at(1) }]);
    expect(await cached(call.id)).toMatchObject({ state: 'active' });
    expect((await cached(call.id))!.participants.sort()).toEqual([alice, bob].sort());
    expect(await mayExchangeSignals(d.calls, call.id, [alice, bob])).toBe(true);
    expect(await mayExchangeSignals(d.calls, call.id, [alice, carol])).toBe(false);

    await advanceCall(d.calls, call.id, [{ type: 'end', at: at(5) }]);
    expect(await cached(call.id)).toBeNull();
    await expect(relaySignal(d.calls, alice, { callId: call.id, toUserId: bob, data: { sdp: 'x' } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('asks the store when the cache is gone or says no, and caches what it found', async () => {
    const { call } = await startCall(d.calls, alice, { conversationId: group, kind: 'video' });
    await d.calls.kv.delete(`call-live:${call.id}`);
    expect(await mayExchangeSignals(d.calls, call.id, [alice, carol])).toBe(true);
    expect(await cached(call.id)).toMatchObject({ state: 'ringing' });
    // A stale entry that leaves someone out is corrected from the store before a refusal.
    await d.calls.kv.set(`call-live:${call.id}`, JSON.stringify({ callId: call.id, state: 'ringing', participants: [alice], version: 0 }));
    await relaySignal(d.calls, carol, { callId: call.id, toUserId: alice, data: { candidate: 'c' } });
    expect(d.published.some((p) => p.event.type === 'call.signal' && p.event.callId === call.id && p.event.fromUserId === carol)).toBe(true);
  });
});
