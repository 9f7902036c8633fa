import { beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../test/support/deps.js';
import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { as, openGroup } from '../../test/support/chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('POST /v1/conversations/{id}/members', () => {
  let deps: Deps;
  beforeAll(async () => {
    deps = await useEmbeddedDeps();
  });

  it("lets the owner add members, tells the new member's live connections, and refuses plain members", async () => {
    const [owner, member, newcomer, other] = [await registerUser('ma'), await registerUser('mb'), await registerUser('mc'), await registerUser('md')];
    const group = await openGroup(owner, [member]);
    const events: RealtimeEvent[] = [];
    await deps.bus.subscribe(`user:${newcomer.id}`, (e) => events.push(e));
    const res = await as(owner).call(handler, 'POST', `/v1/conversations/${group}/members`, { userIds: [newcomer.id, member.id] });
    expect(res.status).toBe(200);
    expect(res.json.added).toEqual([newcomer.id]);
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([{ type: 'membership', conversationId: group, userId: newcomer.id, action: 'added', lastSeq: 0 }]);
    expect((await as(member).call(handler, 'POST', `/v1/conversations/${group}/members`, { userIds: [other.id] })).status).toBe(403);
  });
});
