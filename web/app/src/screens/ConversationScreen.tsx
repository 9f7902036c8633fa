import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type ConversationStore, type MessageView } from '@chat/client';
import type { Chat } from '../chat.js';
import { onLinkClick } from '../router.js';
import { useChange } from '../use-change.js';
import { Composer } from '../components/Composer.js';
import { MessageItem, type Row } from '../components/MessageItem.js';
import { MembersPanel } from '../components/MembersPanel.js';
import { PresenceDot } from '../components/PresenceDot.js';
import { Timeline } from '../components/Timeline.js';

/** One conversation: history (virtualised, older pages on scroll up), typing, seen-by, the composer. */
export function ConversationScreen({ chat, id }: { chat: Chat; id: string }) {
  const [store, setStore] = useState<ConversationStore | undefined>();
  const [missing, setMissing] = useState(false);
  const [replyTo, setReplyTo] = useState<MessageView | undefined>();
  const [editing, setEditing] = useState<MessageView | undefined>();
  const [calling, setCalling] = useState(false);
  const [callError, setCallError] = useState('');
  const [showMembers, setShowMembers] = useState(false);
  const loadingOlder = useRef(false);
  const startCall = (kind: 'audio' | 'video') => {
    setCalling(true);
    setCallError('');
    chat
      .startCall(id, kind)
      .catch((e: unknown) => setCallError(e instanceof Error ? e.message : 'Could not start the call.'))
      .finally(() => setCalling(false));
  };
  useChange(store?.events, 'change');
  useChange(chat.queue.events, 'change');
  useChange(chat.events, 'change');

  useEffect(() => {
    setStore(undefined);
    setMissing(false);
    setShowMembers(false);
    chat.open(id).then(setStore, (e: unknown) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setMissing(true);
    });
  }, [id]);

  // Whatever is on screen while the tab is visible counts as read.
  const newest = store?.position;
  useEffect(() => {
    if (store && newest !== undefined && document.visibilityState === 'visible') chat.markRead(id);
  }, [store, newest]);

  const onNearTop = useCallback(() => {
    if (loadingOlder.current || !store?.hasOlder) return;
    loadingOlder.current = true;
    void chat.loadOlder(id).finally(() => (loadingOlder.current = false));
  }, [store, id]);

  // Removed from the group (or left it) while it was open: it is gone, as for any non-member.
  if (missing || (store && !store.isMember)) {
    return (
      <main class="conversation missing">
        <h1>Conversation not found</h1>
        <p>It does not exist, or you are not a member of it.</p>
        <a href="/" onClick={(e) => onLinkClick(e, '/')}>
          Back to your chats
        </a>
      </main>
    );
  }
  if (!store?.conversation) return <main class="conversation" aria-busy="true" />;

  const c = { ...store.conversation, members: chat.membersOf(id) };
  const messages = store.sorted();
  const rows: Row[] = [
    ...messages.map((message) => ({ kind: 'message' as const, message })),
    ...chat.queue.list(id).map((item) => ({ kind: 'queued' as const, item })),
  ];
  const lastOwn = [...messages].reverse().find((m) => m.senderId === chat.me?.id);
  const typing = store.typingUsers();
  const other = c.type === 'direct' ? c.members.find((m) => m.userId !== chat.me?.id) : undefined;
  const item = chat.conversations.find((x) => x.id === id);
  const presence = other ? chat.presence.get(other.userId) : undefined;

  return (
    <main class="conversation">
      <header class="conv-head">
        <a href="/" class="back" onClick={(e) => onLinkClick(e, '/')} aria-label="Back to chats">
          ←
        </a>
        <h1>
          {other && <PresenceDot chat={chat} userId={other.userId} />}
          {chat.titleOf(c)}
        </h1>
        {presence && (
          <span class="last-seen">{presence.status === 'online' ? 'online' : `last seen ${new Date(presence.lastSeenAt).toLocaleTimeString()}`}</span>
        )}
        {c.type === 'group' && (
          <button type="button" class="secondary" aria-expanded={showMembers} onClick={() => setShowMembers(!showMembers)}>
            {c.members.length} members
          </button>
        )}
        <span class="call-buttons">
          {c.type === 'direct' && (
            <button type="button" class="secondary" disabled={!!chat.call || calling} onClick={() => startCall('audio')}>
              Audio call
            </button>
          )}
          <button type="button" class="secondary" disabled={!!chat.call || calling} onClick={() => startCall('video')}>
            Video call
          </button>
        </span>
        <button
          type="button"
          class="secondary"
          aria-pressed={item?.muted ?? false}
          onClick={() => void chat.rest.setMuted(id, !item?.muted).then(() => chat.refreshList())}
        >
          {item?.muted ? 'Unmute' : 'Mute'}
        </button>
      </header>
      {showMembers && c.type === 'group' && <MembersPanel chat={chat} id={id} onClose={() => setShowMembers(false)} />}
      {callError && (
        <p class="error call-error" role="alert">
          {callError}
        </p>
      )}
      <Timeline
        items={rows}
        label={`Messages in ${chat.titleOf(c)}`}
        keyOf={(r) => (r.kind === 'message' ? `s${r.message.seq}` : `q${r.item.clientMsgId}`)}
        onNearTop={onNearTop}
        render={(r) => (
          <MessageItem
            chat={chat}
            row={r}
            quoted={r.kind === 'message' && r.message.replyToSeq ? store.messages.get(r.message.replyToSeq) : undefined}
            seenBy={r.kind === 'message' && r.message === lastOwn ? store.seenBy(r.message.seq) : []}
            actions={{
              reply: (m) => {
                setEditing(undefined);
                setReplyTo(m);
              },
              edit: (m) => {
                setReplyTo(undefined);
                setEditing(m);
              },
            }}
          />
        )}
      />
      <p class="typing" aria-live="polite">
        {typing.length > 0 && `${typing.map((u) => chat.nameOf(u)).join(', ')} ${typing.length > 1 ? 'are' : 'is'} typing…`}
      </p>
      <Composer
        chat={chat}
        conversationId={id}
        replyTo={replyTo}
        editing={editing}
        onDone={() => {
          setReplyTo(undefined);
          setEditing(undefined);
        }}
      />
    </main>
  );
}
