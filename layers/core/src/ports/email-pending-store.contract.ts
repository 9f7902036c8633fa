import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { EmailNotifications } from '../domain/auth/user.js';
import type { ConversationStore } from './conversation-store.js';
import type { EmailPendingStore, NewPendingEmail } from './email-pending-store.js';

export interface EmailPendingStoreFixture {
  store: EmailPendingStore;
  conversations: ConversationStore;
  makeUser(emailNotifications: EmailNotifications): Promise<string>;
  close(): Promise<void>;
}

const at = (s: number) => new Date(Date.UTC(2099, 0, 1, 0, 0, s));

/** The behaviour every EmailPendingStore adapter must show. */
export function describeEmailPendingStoreContract(name: string, open: () => Promise<EmailPendingStoreFixture>): void {
  describe(`EmailPendingStore contract: ${name}`, () => {
    let f: EmailPendingStoreFixture;
    let s: EmailPendingStore;
    let sender: string;
    let conv: string;
    const users: Record<EmailNotifications, string> = { off: '', mentions: '', all: '' };
    const row = (userId: string, seq: number, dueAt: Date, fields: Partial<NewPendingEmail> = {}): NewPendingEmail => ({
      userId,
      conversationId: conv,
      seq,
      reason: 'message',
      dueAt,
      createdAt: at(0),
      ...fields,
    });
    const mine = <T extends { conversationId: string }>(groups: T[]) => groups.filter((g) => g.conversationId === conv);

    beforeAll(async () => {
      f = await open();
      s = f.store;
      sender = await f.makeUser('all');
      for (const setting of ['off', 'mentions', 'all'] as const) users[setting] = await f.makeUser(setting);
      conv = randomUUID();
      await f.conversations.createGroup({ id: conv, title: 'T', ownerId: sender, memberIds: Object.values(users), at: at(0) });
    });
    afterAll(async () => f?.close());

    it('lists recipients: members other than the sender, not off, who have not read the message', async () => {
      const expected = [users.mentions, users.all].sort();
      expect((await s.recipients(conv, 1, sender)).map((r) => r.userId)).toEqual(expected);
      expect((await s.recipients(conv, 1, sender)).find((r) => r.userId === users.all)?.emailNotifications).toBe('all');
      await f.conversations.advanceRead(conv, users.mentions, 1, at(1));
      expect((await s.recipients(conv, 1, sender)).map((r) => r.userId)).toEqual([users.all]);
      expect((await s.recipients(conv, 2, sender)).map((r) => r.userId)).toEqual(expected);
    });

    it('adds each (user, conversation, seq) once', async () => {
      expect(await s.add([row(users.all, 1, at(10)), row(users.all, 2, at(20))])).toBe(2);
      expect(await s.add([row(users.all, 1, at(5), { reason: 'mention' })])).toBe(0);
      expect(await s.add([])).toBe(0);
    });

    it('claims a group once its oldest row is due, with all its rows, and never twice while leased', async () => {
      expect(mine(await s.claimDue(at(9), at(100), 10))).toEqual([]);
      const [a, b] = await Promise.all([s.claimDue(at(10), at(100), 10), s.claimDue(at(10), at(100), 10)]);
      const claimed = [...mine(a), ...mine(b)];
      expect(claimed).toEqual([
        {
          userId: users.all,
          conversationId: conv,
          items: [
            { seq: 1, reason: 'message' },
            { seq: 2, reason: 'message' },
          ],
          attempts: 1,
        },
      ]);
      expect(mine(await s.claimDue(at(50), at(200), 10))).toEqual([]);
      // The lease ended (a crashed flusher): the rows come back, with the attempt counted.
      expect(mine(await s.claimDue(at(100), at(300), 10))[0]?.attempts).toBe(2);
    });

    it('forgets removed rows', async () => {
      await s.remove(users.all, conv, [1, 2]);
      await s.remove(users.all, conv, []);
      expect(mine(await s.claimDue(at(1000), at(2000), 10))).toEqual([]);
      expect(await s.add([row(users.all, 1, at(10))])).toBe(1);
    });
  });
}
