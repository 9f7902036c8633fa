import { describe, expect, it } from 'vitest';
import { rest } from '../support/rest.js';
import type { WsClient } from '../support/ws-client.js';
import { range, useTopology } from './topology.js';

/**
 * Membership end to end (local cloud + two gateway processes on real services, see topology.ts):
 * what a user may see and cause is bounded by its memberships on both nodes, for messages, read
 * markers, typing and presence; a removed member stops receiving at once.
 */

/** Does a frame carry anything of this conversation or about one of these users? */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function concerns(frame: any, conversationId: string, userIds: string[]): boolean {
  if (frame.conversationId === conversationId || frame.message?.conversationId === conversationId || frame.conversation?.id === conversationId) return true;
  return (frame.type === 'presence' || frame.type === 'typing') && userIds.includes(frame.userId);
}

describe('membership end to end: local cloud + two gateway processes on real services', () => {
  const t = useTopology('membership');
  const { users, group, connect, wsSend, restSend, history } = t;

  it('non-members: 404/403 over REST, error frames over WS, and no event of the conversation on either node', async () => {
    const [m1, m2, m3, outsider] = await users(4, 'n');
    const conv = await group(m1!, [m2!, m3!], 'private');
    await restSend(m1!, conv, 'first');
    const memberIds = [m1!.id, m2!.id, m3!.id];

    for (const res of [
      await rest(t.cloud.url, 'PUT', `/v1/conversations/${conv}/read`, { token: outsider!.token, body: { seq: 1 } }),
      await rest(t.cloud.url, 'POST', `/v1/conversations/${conv}/messages`, { token: outsider!.token, body: { clientMsgId: 'intruder-1', text: 'let me in' } }),
      await rest(t.cloud.url, 'GET', `/v1/conversations/${conv}/messages?afterSeq=0`, { token: outsider!.token }),
    ]) {
      expect([403, 404]).toContain(res.status);
      expect(res.json.error.code).toMatch(/^(not_found|forbidden)$/);
    }

    const c1 = await connect(m1!, 1, 'member1@1');
    const c2 = await connect(m2!, 2, 'member2@2');
    const x1 = await connect(outsider!, 1, 'outsider@1');
    const x2 = await connect(outsider!, 2, 'outsider@2');
    const refs = new Set<string>();
    for (const [x, frame] of [
      [x1, { type: 'message.send', conversationId: conv, clientMsgId: 'intruder-2', text: 'hello?' }],
      [x2, { type: 'message.send', conversationId: conv, clientMsgId: 'intruder-3', text: 'hello?' }],
      [x1, { type: 'read', conversationId: conv, seq: 1 }],
      [x2, { type: 'read', conversationId: conv, seq: 1 }],
      [x1, { type: 'typing', conversationId: conv, state: 'start' }],
    ] as const) {
      const reply = await x.request(frame);
      expect(reply.frame.type, JSON.stringify(frame)).toBe('error');
      expect(reply.frame.error.code).toMatch(/^(not_found|forbidden)$/);
      refs.add(reply.frame.ref);
    }

    // A burst of everything a member can cause: messages (WS and REST), typing, read markers, presence.
    await wsSend(c1, conv, 'burst 1');
    c2.sendRaw({ type: 'typing', conversationId: conv, state: 'start' });
    await wsSend(c2, conv, 'burst 2');
    await restSend(m3!, conv, 'burst 3');
    c1.sendRaw({ type: 'read', conversationId: conv, seq: 3 });
    c2.sendRaw({ type: 'typing', conversationId: conv, state: 'stop' });
    const c3 = await connect(m3!, 1, 'member3@1');
    await c1.waitFor((f) => f.type === 'presence' && f.userId === m3!.id && f.status === 'online', 10_000, 'm3 online');
    await c3.close();
    await c2.waitFor((f) => f.type === 'presence' && f.userId === m3!.id && f.status === 'offline', 10_000, 'm3 offline');
    const last = await wsSend(c2, conv, 'the end');
    await c1.waitFor((f) => f.type === 'message.new' && f.message.seq === last.seq, 10_000, 'last message');
    await c2.waitFor((f) => f.type === 'read' && f.userId === m1!.id, 10_000, 'read of m1');
    await c1.waitFor((f) => f.type === 'typing' && f.userId === m2!.id && f.state === 'stop', 10_000, 'typing stop');
    expect(c1.seqs(conv)).toEqual(range(2, last.seq));

    for (const x of [x1, x2]) {
      expect(
        x.frames.filter((r) => concerns(r.frame, conv, memberIds)).map((r) => r.frame),
        x.label,
      ).toEqual([]);
      // Nothing at all but `ready` and the answers to its own requests.
      expect(
        x.frames.filter((r) => r.frame.type !== 'ready' && !(r.frame.type === 'error' && refs.has(r.frame.ref))).map((r) => r.frame),
        x.label,
      ).toEqual([]);
    }
    expect((await history(m1!, conv)).some((m) => m.clientMsgId.startsWith('intruder'))).toBe(false);
    await Promise.all([c1, c2, x1, x2].map((c) => c.close()));
  }, 60_000);

  it('removal: a removed member is told once, then gets nothing more of the group on either node; the others keep receiving', async () => {
    const [owner, stay, gone, late] = await users(4, 'r');
    const conv = await group(owner!, [stay!, gone!, late!], 'removal');
    const o = await connect(owner!, 2, 'owner@2');
    const s = await connect(stay!, 1, 'stay@1');
    const g1 = await connect(gone!, 1, 'gone@1');
    const g2 = await connect(gone!, 2, 'gone@2');
    const before = await wsSend(o, conv, 'before removal');
    for (const c of [o, s, g1, g2]) await c.waitFor((f) => f.type === 'message.new' && f.message.seq === before.seq, 10_000, 'first message');

    const cut = [g1.frames.length, g2.frames.length];
    const removed = await rest(t.cloud.url, 'DELETE', `/v1/conversations/${conv}/members/${gone!.id}`, { token: owner!.token });
    expect(removed.status).toBe(204);

    await wsSend(o, conv, 'after 1');
    // Read (and wait for the receipt) before stay sends: a send moves the sender's own marker to its
    // message, and a read processed after that changes nothing, so nothing would be announced.
    s.sendRaw({ type: 'read', conversationId: conv, seq: 2 });
    await o.waitFor((f) => f.type === 'read' && f.userId === stay!.id && f.seq === 2, 10_000, 'read of stay');
    s.sendRaw({ type: 'typing', conversationId: conv, state: 'start' });
    await restSend(stay!, conv, 'after 2');
    const l = await connect(late!, 1, 'late@1'); // presence online on the group's channel
    await wsSend(l, conv, 'after 3');
    const refused = await g2.request({ type: 'message.send', conversationId: conv, clientMsgId: 'gone-1', text: 'still here?' });
    expect(refused.frame.type).toBe('error');
    const last = await wsSend(o, conv, 'after 4');

    for (const c of [o, s]) {
      await c.waitFor((f) => f.type === 'message.new' && f.message.seq === last.seq, 10_000, 'last message');
      expect(c.seqs(conv), c.label).toEqual(range(1, last.seq));
    }
    await o.waitFor((f) => f.type === 'presence' && f.userId === late!.id && f.status === 'online', 10_000, 'late online');
    await o.waitFor((f) => f.type === 'typing' && f.userId === stay!.id, 10_000, 'typing of stay');
    const memberIds = [owner!.id, stay!.id, late!.id];
    [g1, g2].forEach((g, i) => {
      const after = g.frames.slice(cut[i]).filter((r) => r.socket === g.socket);
      // One notice, the conversation without them, then nothing more of it.
      const [notice, ...rest] = after.filter((r) => concerns(r.frame, conv, memberIds)).map((r) => r.frame);
      expect(notice?.type, g.label).toBe('conversation.updated');
      expect(notice.conversation.members.map((m: { userId: string }) => m.userId).sort(), g.label).toEqual([...memberIds].sort());
      expect(rest, g.label).toEqual([]);
      expect(g.seqs(conv)).toEqual([before.seq]);
    });
    await Promise.all([o, s, g1, g2, l].map((c) => c.close()));
  }, 60_000);

  it('presence and typing reach exactly the users who share a conversation with the actor, on both nodes', async () => {
    const [actor, peer1, peer2, stranger1, stranger2] = await users(5, 'p');
    const shared1 = await group(actor!, [peer1!], 'shared-1');
    const shared2 = await group(actor!, [peer1!, peer2!], 'shared-2');
    await group(peer1!, [stranger1!, stranger2!], 'peers-only'); // strangers share a group with peer1, not with the actor
    const p1 = await connect(peer1!, 1, 'peer1@1');
    const p2 = await connect(peer2!, 2, 'peer2@2');
    const s1 = await connect(stranger1!, 1, 'stranger1@1');
    const s2 = await connect(stranger2!, 2, 'stranger2@2');

    const a = await connect(actor!, 2, 'actor@2');
    for (const p of [p1, p2]) await p.waitFor((f) => f.type === 'presence' && f.userId === actor!.id && f.status === 'online', 10_000, 'actor online');
    a.sendRaw({ type: 'typing', conversationId: shared2, state: 'start' });
    a.sendRaw({ type: 'typing', conversationId: shared1, state: 'start' });
    a.sendRaw({ type: 'typing', conversationId: shared2, state: 'stop' });
    await p1.waitFor((f) => f.type === 'typing' && f.conversationId === shared2 && f.state === 'stop', 10_000, 'typing stop');
    await p2.waitFor((f) => f.type === 'typing' && f.conversationId === shared2 && f.state === 'stop', 10_000, 'typing stop');
    await a.close();
    for (const p of [p1, p2]) await p.waitFor((f) => f.type === 'presence' && f.userId === actor!.id && f.status === 'offline', 10_000, 'actor offline');

    const about = (c: WsClient) =>
      c.frames.filter((r) => r.frame.userId === actor!.id).map((r) => [r.frame.type, r.frame.status ?? r.frame.state, r.frame.conversationId]);
    // peer1 shares both groups (one presence event each, not one per conversation), peer2 only shared2.
    expect(about(p1)).toEqual([
      ['presence', 'online', undefined],
      ['typing', 'start', shared2],
      ['typing', 'start', shared1],
      ['typing', 'stop', shared2],
      ['presence', 'offline', undefined],
    ]);
    expect(about(p2)).toEqual([
      ['presence', 'online', undefined],
      ['typing', 'start', shared2],
      ['typing', 'stop', shared2],
      ['presence', 'offline', undefined],
    ]);
    // The actor does not get its own typing back either.
    expect(a.frames.filter((r) => r.frame.type === 'typing').map((r) => r.frame)).toEqual([]);
    // Strangers: no frame about the actor or its conversations. peer1's presence would be fine, but
    // peer1 connected before them, so they have nothing at all.
    for (const s of [s1, s2]) {
      expect(
        s.frames.filter((r) => r.frame.userId === actor!.id || [shared1, shared2].includes(r.frame.conversationId)).map((r) => r.frame),
        s.label,
      ).toEqual([]);
    }
    await Promise.all([p1, p2, s1, s2].map((c) => c.close()));
  }, 60_000);
});
