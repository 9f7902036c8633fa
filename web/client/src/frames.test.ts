import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter.js';
import { routeFrame, type ChatClientEvents, type FrameSink, type Presence } from './frames.js';
import { defaultWsUrl, watchNetwork } from './network.js';
import { ConversationStore } from './store.js';
import { messageView } from './test-support/message-view.js';
import type { MessageView } from './types.js';

const msg = (conversationId: string, seq: number, over: Partial<MessageView> = {}) => messageView(conversationId, seq, { text: 't', ...over });

function sink() {
  const stores = new Map<string, ConversationStore>();
  const presence = new Map<string, Presence>();
  const seen: string[] = [];
  const emitted: string[] = [];
  const events = new Emitter<ChatClientEvents>();
  for (const e of ['presence', 'conversation', 'media', 'call', 'frame'] as const) events.on(e, () => emitted.push(e));
  let user: string | undefined;
  const s: FrameSink = {
    conversation: (id) => stores.get(id) ?? stores.set(id, new ConversationStore(id, user)).get(id)!,
    ready: (userId) => (user = userId),
    presence: (userId, p) => presence.set(userId, p),
    seen: (store) => seen.push(store.id),
    events,
  };
  return { s, stores, presence, seen, emitted, user: () => user };
}

describe('routeFrame', () => {
  it('puts each frame in its conversation’s store, presence in the map, the rest out as events', () => {
    const t = sink();
    routeFrame(t.s, { type: 'ready', userId: 'amy', connectionId: 'x' });
    expect(t.user()).toBe('amy');
    routeFrame(t.s, { type: 'message.new', message: msg('c1', 1) });
    routeFrame(t.s, { type: 'message.new', message: msg('c1', 1) });
    routeFrame(t.s, { type: 'message.updated', message: msg('c1', 1, { text: 'edited', editedAt: new Date().toISOString() }) });
    routeFrame(t.s, { type: 'read', conversationId: 'c1', userId: 'bob', seq: 1 });
    routeFrame(t.s, { type: 'typing', conversationId: 'c2', userId: 'bob', state: 'start' });
    routeFrame(t.s, { type: 'presence', userId: 'bob', status: 'online', lastSeenAt: new Date(0).toISOString() });
    routeFrame(t.s, { type: 'pong' });
    const c1 = t.stores.get('c1')!;
    expect(c1.sorted().map((m) => m.text)).toEqual(['edited']);
    expect(c1.seenBy(1)).toEqual(['bob']);
    expect(t.stores.get('c2')!.typingUsers()).toEqual(['bob']);
    expect(t.presence.get('bob')?.status).toBe('online');
    expect(t.seen).toEqual(['c1', 'c1']);
    expect(t.emitted).toEqual(['presence', 'frame']);
    routeFrame(t.s, {
      type: 'error',
      error: { code: 'not_found', message: 'Conversation not found', details: [{ field: 'positions.c2', issue: 'not a member' }] },
    });
    expect([c1.isMember, t.stores.get('c2')!.isMember]).toEqual([true, false]);
  });
});

describe('network', () => {
  it('derives the WebSocket URL from the API base', () => {
    expect(defaultWsUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/ws');
    expect(defaultWsUrl('https://chat.example.com/api/')).toBe('wss://chat.example.com/api/ws');
  });

  it('reports online/offline events and unsubscribes', () => {
    const target = new EventTarget();
    const seen: boolean[] = [];
    const off = watchNetwork((online) => seen.push(online), target);
    target.dispatchEvent(new Event('offline'));
    target.dispatchEvent(new Event('online'));
    off();
    target.dispatchEvent(new Event('offline'));
    expect(seen).toEqual([false, true]);
  });
});
