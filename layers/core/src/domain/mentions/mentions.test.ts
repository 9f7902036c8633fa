import { describe, expect, it } from 'vitest';
import type { Member, Role } from '../chat/conversation.js';
import { parseMentions, resolveMentions, type MentionContext } from './mentions.js';

const member = (userId: string, role: Role = 'member'): Member => ({ userId, role, joinedAt: new Date(0), readSeq: 0, muted: false });

describe('parseMentions', () => {
  it('finds @usernames case-insensitively, deduplicated', () => {
    expect(parseMentions('hi @Alice and @bob, also @ALICE!').usernames).toEqual(['alice', 'bob']);
    expect(parseMentions('(@bob) @carol: "@dave_9"').usernames).toEqual(['bob', 'carol', 'dave_9']);
  });

  it('ignores e-mail addresses, URLs, too short or too long names and doubled @', () => {
    expect(parseMentions('write to a@b.com or alice@example.org').usernames).toEqual([]);
    expect(parseMentions('see https://social.example/@bob and x.y@bob').usernames).toEqual([]);
    expect(parseMentions('@ab @@bob @' + 'x'.repeat(33)).usernames).toEqual([]);
    expect(parseMentions('@' + 'x'.repeat(32)).usernames).toEqual(['x'.repeat(32)]);
  });

  it('recognises @all and @here as keywords, not usernames', () => {
    expect(parseMentions('@ALL look')).toEqual({ usernames: [], all: true, here: false });
    expect(parseMentions('@here and @bob')).toEqual({ usernames: ['bob'], all: false, here: true });
    expect(parseMentions(null)).toEqual({ usernames: [], all: false, here: false });
  });
});

describe('resolveMentions', () => {
  const group = (allowMentionAll = false) => ({
    type: 'group' as const,
    allowMentionAll,
    members: [member('owner', 'owner'), member('admin', 'admin'), member('m1'), member('m2'), member('m3')],
  });
  const ctx = (fields: Partial<MentionContext> = {}): MentionContext => ({
    conversation: group(),
    senderId: 'm1',
    byUsername: new Map(),
    online: undefined,
    ...fields,
  });

  it('maps named members to ids and never mentions the sender', () => {
    const byUsername = new Map([
      ['two', 'm2'],
      ['me', 'm1'],
      ['gone', 'not-a-member'],
    ]);
    expect(resolveMentions(parseMentions('@two @me @gone @nobody'), ctx({ byUsername }))).toEqual(['m2']);
  });

  it('lets owners and admins use @all, members only when the group allows it', () => {
    expect(resolveMentions(parseMentions('@all'), ctx({ senderId: 'admin' }))).toEqual(['m1', 'm2', 'm3', 'owner']);
    expect(resolveMentions(parseMentions('@all'), ctx())).toEqual([]);
    expect(resolveMentions(parseMentions('@all'), ctx({ conversation: group(true) }))).toEqual(['admin', 'm2', 'm3', 'owner']);
  });

  it('limits @here to members online, or everyone when presence is unknown', () => {
    const online = new Set(['m2', 'owner', 'stranger']);
    expect(resolveMentions(parseMentions('@here'), ctx({ senderId: 'owner', online }))).toEqual(['m2']);
    expect(resolveMentions(parseMentions('@here'), ctx({ senderId: 'owner' }))).toEqual(['admin', 'm1', 'm2', 'm3']);
  });

  it('ignores @all and @here in direct conversations', () => {
    const direct = { type: 'direct' as const, allowMentionAll: true, members: [member('m1', 'owner'), member('m2', 'owner')] };
    expect(resolveMentions(parseMentions('@all @here'), ctx({ conversation: direct }))).toEqual([]);
  });
});
