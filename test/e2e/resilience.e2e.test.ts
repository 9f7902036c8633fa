import { describe, expect, it } from 'vitest';
import { killProcess } from '../support/gateway-process.js';
import { rest } from '../support/rest.js';
import type { Received, WsClient } from '../support/ws-client.js';
import { range, useTopology } from './topology.js';

/**
 * Resilience end to end (local cloud + two gateway processes on real services, see topology.ts): the
 * loss of a gateway node. The test kills gateway 1, so it has this topology to itself; resume-order
 * .e2e.test.ts reproduces its resume-before-ready ordering in-process.
 */

describe('resilience end to end: local cloud + two gateway processes on real services', () => {
  const t = useTopology('resilience');
  const { users, group, connect, node, restSend } = t;

  it('node loss: clients of a killed node resume on the other one and get exactly the missed messages, then live ones', async () => {
    const [sender, u1, u2, u3] = await users(4, 'k');
    const conv = await group(sender!, [u1!, u2!, u3!], 'survivors');
    const dm = (await rest(t.cloud.url, 'POST', '/v1/conversations', { token: sender!.token, body: { type: 'direct', userId: u1!.id } })).json.conversation
      .id as string;
    const c1 = await connect(u1!, 1, 'u1@1');
    const c2 = await connect(u2!, 1, 'u2@1');
    const c3 = await connect(u3!, 2, 'u3@2');

    // The sender keeps sending over REST (no gateway involved), alternating between the group and the DM.
    let sending = true;
    let sentInConv = 0;
    let sentInDm = 0;
    const sender$ = (async () => {
      for (let i = 0; sending; i++) {
        if (i % 3 === 2) sentInDm = (await restSend(sender!, dm, `dm ${i}`)).seq;
        else sentInConv = (await restSend(sender!, conv, `group ${i}`)).seq;
      }
    })();
    await c1.until(() => c1.count(conv) >= 10 && c1.count(dm) >= 3, 30_000, 'some messages before the crash');
    await c2.until(() => c2.count(conv) >= 10, 30_000, 'some messages before the crash');
    await killProcess(t.gateway(1).process);
    const [close1, close2] = await Promise.all([c1.closed, c2.closed]);
    expect(close1.code).toBe(1006);
    expect(close2.code).toBe(1006);
    const seen = { u1: { [conv]: c1.lastSeen(conv), [dm]: c1.lastSeen(dm) }, u2: { [conv]: c2.lastSeen(conv) } };
    // Messages go on while they are away.
    const awayFrom = c3.lastSeen(conv);
    await c3.until(() => c3.lastSeen(conv) >= awayFrom + 8, 30_000, 'messages while u1 and u2 are away');

    // Reconnect to node 2 and resume from the last seq seen per conversation.
    // Both send `resume` first thing, as soon as the socket is open and before `ready` (v1 allows
    // it): the only way a client can ask for its missed messages before any live one.
    await Promise.all([
      c1.reconnect(node(2), { early: [{ type: 'resume', ref: 'r1', positions: seen.u1 }] }),
      c2.reconnect(node(2), { early: [{ type: 'resume', ref: 'r2', positions: seen.u2 }] }),
    ]);
    const resumed = async (c: WsClient, id: string) =>
      (await c.waitFor((f, r) => f.type === 'resumed' && f.conversationId === id && r.socket === c.socket, 20_000, `resumed ${id}`)).frame;
    const [r1conv, r1dm, r2conv] = await Promise.all([resumed(c1, conv), resumed(c1, dm), resumed(c2, conv)]);
    expect(r1conv.fromSeq).toBe(seen.u1[conv]);
    expect(r1dm.fromSeq).toBe(seen.u1[dm]);
    expect(r2conv.fromSeq).toBe(seen.u2[conv]);

    // Live delivery continues after the replay.
    await c1.until(() => c1.lastSeen(conv) >= r1conv.toSeq + 5, 30_000, 'live messages after resumed');
    await c2.until(() => c2.lastSeen(conv) >= r2conv.toSeq + 5, 30_000, 'live messages after resumed');
    sending = false;
    await sender$;
    for (const [c, id, last] of [
      [c1, conv, sentInConv],
      [c1, dm, sentInDm],
      [c2, conv, sentInConv],
      [c3, conv, sentInConv],
    ] as const) {
      await c.until(() => c.lastSeen(id) >= last, 20_000, `seq ${last}`);
    }

    // None lost, none twice: every seq exactly once over both sockets, and on the new socket exactly
    // the missed ones and the live ones; the frames before `resumed` are the replay (fromSeq, toSeq],
    // the ones after it are live, in order. Then, as DESIGN §5 asks, all of it in seq order: that
    // last check is soft so a reordering is reported next to everything else that held.
    const byNumber = (x: number, y: number) => x - y;
    const check = (c: WsClient, id: string, from: number, r: { toSeq: number }, last: number) => {
      const socket = c.socket;
      const label = `${c.label} ${id === conv ? 'group' : 'dm'}`;
      expect([...c.seqs(id)].sort(byNumber), `${label}: every seq once over both sockets`).toEqual(range(1, last));
      expect([...c.seqs(id, socket)].sort(byNumber), `${label}: the new socket got exactly what followed the position`).toEqual(range(from + 1, last));
      const frames = c
        .on(socket)
        .filter(
          (x: Received) =>
            (x.frame.type === 'message.new' && x.frame.message.conversationId === id) || (x.frame.type === 'resumed' && x.frame.conversationId === id),
        );
      const at = frames.findIndex((x) => x.frame.type === 'resumed');
      const replay = frames.slice(0, at).map((x) => x.frame.message.seq as number);
      expect([...replay].sort(byNumber), `${label}: before resumed`).toEqual(range(from + 1, r.toSeq));
      expect(
        frames.slice(at + 1).map((x) => x.frame.message.seq),
        `${label}: live after resumed`,
      ).toEqual(range(r.toSeq + 1, last));
      // The client sends `resume` with the upgrade, before `ready`: replay and live then arrive in seq order.
      expect(c.seqs(id, socket), `${label}: new socket in seq order (replay first, then live)`).toEqual(range(from + 1, last));
    };
    check(c1, conv, seen.u1[conv]!, r1conv, sentInConv);
    check(c1, dm, seen.u1[dm]!, r1dm, sentInDm);
    check(c2, conv, seen.u2[conv]!, r2conv, sentInConv);
    expect(c3.seqs(conv)).toEqual(range(1, sentInConv));
    expect(seen.u1[conv]).toBeLessThan(awayFrom + 8);
    await Promise.all([c1, c2, c3].map((c) => c.close()));
  }, 120_000);
});
