import { describe, expect, it, vi } from 'vitest';
import { ConversationStore } from './store.js';
import { messageView } from './test-support/message-view.js';
import type { CallView, ConversationListItem, MessageView } from './types.js';

const msg = (seq: number, over: Partial<MessageView> = {}) => messageView('c1', seq, { id: `m${seq}`, ...over });
const listItem = (over: Partial<ConversationListItem> = {}): ConversationListItem => ({
  id: 'c1',
  type: 'group',
  title: 'g',
  createdBy: 'bob',
  createdAt: new Date(0).toISOString(),
  lastSeq: 10,
  lastActivityAt: new Date(0).toISOString(),
  lastMessage: null,
  readSeq: 7,
  unreadCount: 3,
  unreadMentions: 1,
  muted: false,
  ...over,
});
const seqs = (s: ConversationStore) => s.sorted().map((m) => m.seq);

describe('ConversationStore', () => {
  it('keeps each seq once in order whatever the arrival order and repetition; position is the contiguous end', () => {
    const s = new ConversationStore('c1', 'amy');
    const gaps: unknown[] = [];
    s.events.on('gap', (g) => gaps.push(g));
    s.applyHistory([msg(1), msg(2), msg(3)]);
    expect(s.position).toBe(3);
    expect(s.applyNew(msg(3))).toBe(false);
    expect(s.applyNew(msg(4))).toBe(true);
    expect(s.applyNew(msg(7))).toBe(true);
    expect(gaps).toEqual([{ afterSeq: 4, beforeSeq: 7 }]);
    expect(s.position).toBe(4);
    s.applyHistory([msg(5), msg(6), msg(7)]);
    expect(s.position).toBe(7);
    expect(seqs(s)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(s.hasOlder).toBe(false);
  });

  it('before any message: resumes from the listed last seq and detects a gap after it; older pages join on', () => {
    const s = new ConversationStore('c1', 'amy');
    const gaps: unknown[] = [];
    s.events.on('gap', (g) => gaps.push(g));
    s.applyListItem(listItem({ lastSeq: 10 }));
    expect(s.resumeFrom).toBe(10);
    s.applyNew(msg(12));
    expect(gaps).toEqual([{ afterSeq: 10, beforeSeq: 12 }]);
    s.applyHistory([msg(11)]);
    expect([s.oldest, s.position]).toEqual([11, 12]);
    expect(s.hasOlder).toBe(true);
    s.applyHistory([msg(9), msg(10)]);
    expect([s.oldest, s.position]).toEqual([9, 12]);
  });

  it('applies edits, deletions and reactions; a stale history page does not undo an edit', () => {
    const s = new ConversationStore('c1', 'amy');
    s.applyHistory([msg(1), msg(2)]);
    s.applyUpdate(msg(1, { text: 'edited', editedAt: new Date(5000).toISOString() }));
    s.applyUpdate(msg(2, { text: null, deletedAt: new Date(6000).toISOString() }));
    s.applyUpdate(msg(1, { text: 'edited', editedAt: new Date(5000).toISOString(), reactions: { '👍': ['amy'] } }));
    s.applyHistory([msg(1), msg(2)]);
    expect(s.messages.get(1)).toMatchObject({ text: 'edited', reactions: { '👍': ['amy'] } });
    expect(s.messages.get(2)).toMatchObject({ text: null });
    s.applyUpdate(msg(0));
    expect(s.messages.has(0)).toBe(false);
  });

  it('unread and mention counts follow new messages and my read marker; seen-by from others’ markers', () => {
    const s = new ConversationStore('c1', 'amy');
    s.applyListItem(listItem({ lastSeq: 10, readSeq: 7, unreadMentions: 1 }));
    expect([s.unread, s.unreadMentions]).toEqual([3, 1]);
    s.applyNew(msg(11, { mentions: ['amy'] }));
    s.applyNew(msg(12, { senderId: 'amy' }));
    expect([s.unread, s.unreadMentions]).toEqual([4, 2]);
    s.applyRead('amy', 12);
    expect([s.unread, s.unreadMentions]).toEqual([0, 0]);
    s.applyRead('bob', 11);
    s.applyRead('bob', 5); // markers never go back
    expect(s.seenBy(11)).toEqual(['bob']);
    expect(s.seenBy(12)).toEqual([]);
  });

  it('typing expires after 6 s without news, and stops when the typist’s message arrives', () => {
    vi.useFakeTimers();
    try {
      const s = new ConversationStore('c1', 'amy');
      s.applyTyping('bob', 'start');
      s.applyTyping('cid', 'start');
      s.applyTyping('amy', 'start');
      expect(s.typingUsers()).toEqual(['bob', 'cid']);
      s.applyHistory([msg(1)]);
      s.applyNew(msg(2, { senderId: 'cid' }));
      expect(s.typingUsers()).toEqual(['bob']);
      const changes = vi.fn();
      s.events.on('change', changes);
      vi.advanceTimersByTime(6_001);
      expect(s.typingUsers()).toEqual([]);
      expect(changes).toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('isMember turns false when a conversation.updated comes without me', () => {
    const s = new ConversationStore('c1', 'amy');
    const view = (members: string[]) => ({ ...listItem(), members: members.map((userId) => ({ userId, role: 'member' as const, readSeq: 0 })) });
    s.applyConversation(view(['amy', 'bob']));
    expect(s.isMember).toBe(true);
    s.applyConversation(view(['bob']));
    expect(s.isMember).toBe(false);
  });

  it('keeps call events in arrival order; the active call until it ends', () => {
    const s = new ConversationStore('c1', 'amy');
    const call = (state: CallView['state']): CallView => ({
      id: 'call1',
      conversationId: 'c1',
      kind: 'audio',
      provider: 'local',
      createdBy: 'bob',
      state,
      participants: [],
      startedAt: new Date(0).toISOString(),
      answeredAt: null,
      endedAt: null,
      endReason: null,
      durationSeconds: 0,
    });
    s.applyCall({ type: 'call.ringing', call: call('ringing') });
    expect(s.activeCall?.state).toBe('ringing');
    s.applyCall({ type: 'call.accepted', call: call('active') });
    s.applyCall({ type: 'call.ended', call: call('ended') });
    expect(s.calls.map((c) => c.type)).toEqual(['call.ringing', 'call.accepted', 'call.ended']);
    expect(s.activeCall).toBeUndefined();
    // From REST answers: a new call becomes active; the end of another call leaves it.
    s.applyCallState({ ...call('ringing'), id: 'call2' });
    s.applyCallState(call('ended'));
    expect(s.activeCall?.id).toBe('call2');
    s.applyCallState({ ...call('ended'), id: 'call2' });
    expect(s.activeCall).toBeUndefined();
  });
});
