import { beforeAll, describe, expect, it } from 'vitest';
import { useUseCaseDeps } from '../../../../../test/support/use-case-deps.js';
import { newCall, type Call } from '../../domain/calls/call.js';
import type { CallPushRef } from '../../domain/jobs/job.js';
import { userChannel } from '../../ports/realtime-bus.js';
import { createConversation } from '../chat/create-conversation.js';
import { advanceCall, advanceCallByProvider } from './advance-call.js';

describe('advanceCall: state machine, optimistic update, effects once', () => {
  const d = useUseCaseDeps();
  let alice: string, bob: string, carol: string, direct: string, group: string;
  let n = 0;
  const at = (s: number) => new Date(d.clock.ms() + s * 1000);

  const start = async (conversationId: string, kind: 'audio' | 'video' = 'audio', createdBy = alice): Promise<Call> => {
    const id = `call-${++n}`;
    const { call } = await d.calls.store.create(
      newCall({ id, conversationId, kind, provider: 'local', providerCallId: `p-${id}`, createdBy, at: d.clock.now() }),
    );
    return call;
  };
  const events = (type: string, callId: string) => d.published.filter((p) => p.event.type === type && 'call' in p.event && p.event.call.id === callId);
  const callMessages = async (conversationId: string, callId: string) =>
    (await d.calls.messages.range(conversationId, { limit: 1000 })).items.filter((m) => m.call?.callId === callId);
  const jobsOf = (callId: string) =>
    d.queued.filter((j) => {
      const p = j.payload as { call?: { callId?: string }; callId?: string };
      return (j.type === 'analytics' && p.call?.callId === callId) || (j.type === 'push' && p.callId === callId);
    });

  beforeAll(async () => {
    [alice, bob, carol] = [await d.user('alice'), await d.user('bob'), await d.user('carol')];
    direct = (await createConversation(d.chat, alice, { type: 'direct', userId: bob })).conversation.id;
    group = (await createConversation(d.chat, alice, { type: 'group', title: 'Team', memberIds: [bob, carol] })).conversation.id;
  });

  it('returns null for an unknown call, by id and by provider id', async () => {
    expect(await advanceCall(d.calls, 'no-such-call', [{ type: 'end', at: at(0) }])).toBeNull();
    expect(await advanceCallByProvider(d.calls, 'local', 'no-such', [{ type: 'end', at: at(0) }])).toBeNull();
  });

  it('answer: active, call.accepted once to every member, a silent cancel for the callees, even when the join is delivered 5 times at once', async () => {
    const call = await start(direct);
    const join = { type: 'joined' as const, userId: bob, at: at(3) };
    const results = await Promise.all(Array.from({ length: 5 }, () => advanceCall(d.calls, call.id, [join])));
    expect(results.every((r) => r?.state === 'active')).toBe(true);
    const accepted = events('call.accepted', call.id);
    expect(accepted.map((p) => p.channel).sort()).toEqual([userChannel(alice), userChannel(bob)].sort());
    const cancels = jobsOf(call.id).filter((j) => j.type === 'push');
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.payload).toMatchObject({ kind: 'call', action: 'cancel', userIds: [bob] } satisfies Partial<CallPushRef>);
    expect((await d.calls.store.get(call.id))?.answeredAt).toEqual(at(3));
  });

  it('end: one call.ended, one `call` message (no text, next seq, through the outbox) and one analytics job, however many ends race', async () => {
    const call = await start(direct);
    await advanceCall(d.calls, call.id, [
      { type: 'joined', userId: alice, at: at(0) },
      { type: 'joined', userId: bob, at: at(2) },
    ]);
    const lastSeq = (await d.calls.messages.latest([direct])).get(direct)?.seq ?? 0;
    const end = { type: 'end' as const, at: at(62) };
    await Promise.all(Array.from({ length: 6 }, () => advanceCall(d.calls, call.id, [end])));
    await advanceCall(d.calls, call.id, [end, { type: 'left', userId: bob, at: at(62) }]);

    expect(events('call.ended', call.id)).toHaveLength(2); // alice's and bob's user channels, once each
    const [message, ...more] = await callMessages(direct, call.id);
    expect(more).toEqual([]);
    expect(message).toMatchObject({ seq: lastSeq + 1, senderId: alice, text: null, attachments: [], clientMsgId: `call:${call.id}` });
    expect(message!.call).toEqual({
      kind: 'call',
      callId: call.id,
      callKind: 'audio',
      endReason: 'completed',
      durationSeconds: 60,
      participants: [
        { userId: alice, durationSeconds: 62 },
        { userId: bob, durationSeconds: 60 },
      ].sort((a, b) => (a.userId < b.userId ? -1 : 1)),
    });
    const newMessage = d.published.filter((p) => p.event.type === 'message.new' && p.event.message.call?.callId === call.id);
    expect(newMessage).toHaveLength(1);
    expect(newMessage[0]!.event).toMatchObject({ message: { kind: 'call', text: null } });
    const analytics = jobsOf(call.id).filter((j) => j.type === 'analytics');
    expect(analytics).toHaveLength(1);
    expect(analytics[0]!.payload).toMatchObject({ kind: 'call', call: { callId: call.id, provider: 'local', durationSeconds: 60, participants: 2 } });
    // Everyone who was in it has read it; nothing waits in the outbox.
    expect((await d.calls.conversations.member(direct, bob))?.readSeq).toBe(message!.seq);
    expect(await d.calls.outbox.pending(100)).toEqual([]);
  });

  it('missed: the callee has it unread, their ringing is cancelled (in the outbox with the message), and a late join does not reopen it', async () => {
    const call = await start(direct);
    await advanceCall(d.calls, call.id, [{ type: 'missed', at: at(45) }]);
    await advanceCall(d.calls, call.id, [{ type: 'joined', userId: bob, at: at(50) }]);
    const stored = await d.calls.store.get(call.id);
    expect(stored).toMatchObject({ state: 'ended', endReason: 'missed', answeredAt: null });
    const [message] = await callMessages(direct, call.id);
    expect(message?.call).toMatchObject({ endReason: 'missed', durationSeconds: 0, participants: [] });
    expect((await d.calls.conversations.member(direct, bob))!.readSeq).toBeLessThan(message!.seq);
    expect((await d.calls.conversations.member(direct, alice))!.readSeq).toBe(message!.seq);
    expect(
      jobsOf(call.id)
        .filter((j) => j.type === 'push')
        .map((j) => j.payload),
    ).toEqual([expect.objectContaining({ action: 'cancel', userIds: [bob] })]);
    expect(events('call.accepted', call.id)).toEqual([]);
  });

  it('declined (last callee): call.declined naming who, then call.ended with reason declined', async () => {
    const call = await start(direct);
    await advanceCall(d.calls, call.id, [{ type: 'declined', userId: bob, at: at(5), last: true }]);
    await advanceCall(d.calls, call.id, [{ type: 'declined', userId: bob, at: at(5), last: true }]);
    const declined = events('call.declined', call.id);
    expect(declined).toHaveLength(2);
    expect(declined[0]!.event).toMatchObject({ userId: bob });
    expect(events('call.ended', call.id).map((p) => p.event)).toEqual([
      expect.objectContaining({ call: expect.objectContaining({ endReason: 'declined' }) }),
      expect.objectContaining({ call: expect.objectContaining({ endReason: 'declined' }) }),
    ]);
    expect(await callMessages(direct, call.id)).toHaveLength(1);
  });

  it('group video: call.updated when someone joins or leaves a running call, nothing for a repeat', async () => {
    const call = await start(group, 'video');
    await advanceCall(d.calls, call.id, [
      { type: 'joined', userId: alice, at: at(0) },
      { type: 'joined', userId: bob, at: at(1) },
    ]);
    await advanceCall(d.calls, call.id, [{ type: 'joined', userId: carol, at: at(2) }]);
    await advanceCall(d.calls, call.id, [{ type: 'joined', userId: carol, at: at(2) }]);
    const updated = events('call.updated', call.id);
    expect(updated).toHaveLength(3); // one join, to three members' channels
    expect(updated[0]!.event).toMatchObject({
      call: { state: 'active', participants: expect.arrayContaining([expect.objectContaining({ userId: carol, inCall: true })]) },
    });
  });

  it('repairs a missing timeline message: a call ended by a writer that died before its effects gets it on the next delivery', async () => {
    const call = await start(direct);
    const ended = { ...call, state: 'ended' as const, endReason: 'cancelled' as const, endedAt: at(10) };
    expect(await d.calls.store.update(ended, call.version)).not.toBeNull();
    expect(await callMessages(direct, call.id)).toEqual([]);
    await advanceCall(d.calls, call.id, [{ type: 'end', at: at(11) }]);
    await advanceCall(d.calls, call.id, [{ type: 'end', at: at(11) }]);
    expect((await callMessages(direct, call.id)).map((m) => m.call?.endReason)).toEqual(['cancelled']);
    expect(jobsOf(call.id).filter((j) => j.type === 'analytics')).toHaveLength(1);
  });

  it('finds the call by its provider id (webhooks)', async () => {
    const call = await start(direct);
    const after = await advanceCallByProvider(d.calls, 'local', call.providerCallId, [{ type: 'end', at: at(1) }]);
    expect(after).toMatchObject({ id: call.id, state: 'ended', endReason: 'cancelled' });
  });
});
