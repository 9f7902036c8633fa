import type { MessageView, QueuedMessage } from '@chat/client';
import type { Chat } from '../chat.js';
import { Attachment } from './Attachment.js';

const QUICK_REACTIONS = ['👍', '❤️', '😂'];

export type Row = { kind: 'message'; message: MessageView } | { kind: 'queued'; item: QueuedMessage };

export interface MessageActions {
  reply: (m: MessageView) => void;
  edit: (m: MessageView) => void;
}

/** One message: sender, reply quote, text, attachments, reactions, and the actions allowed to me. */
export function MessageItem({
  chat,
  row,
  seenBy,
  actions,
  quoted,
}: {
  chat: Chat;
  row: Row;
  seenBy: string[];
  actions: MessageActions;
  quoted?: MessageView | undefined;
}) {
  if (row.kind === 'queued') {
    const { item } = row;
    return (
      <article class="msg own pending" data-state={item.state} aria-label="Your message, not sent yet">
        <p class="text">{item.text}</p>
        {item.state === 'failed' ? (
          <p class="status error">
            Not sent: {item.error?.message}{' '}
            <button type="button" onClick={() => void chat.queue.retry(item.clientMsgId)}>
              Retry
            </button>{' '}
            <button type="button" class="secondary" onClick={() => void chat.queue.discard(item.clientMsgId)}>
              Discard
            </button>
          </p>
        ) : (
          <p class="status">Sending…</p>
        )}
      </article>
    );
  }
  const m = row.message;
  if (m.kind === 'call' && m.call) {
    const c = m.call;
    const what = c.callKind === 'video' ? 'Video call' : 'Audio call';
    const how = c.endReason === 'completed' ? `${Math.floor(c.durationSeconds / 60)} min ${c.durationSeconds % 60} s` : c.endReason;
    return (
      <p class="call-note" data-seq={m.seq}>
        📞 {what} from {chat.nameOf(m.senderId)}: {how}
      </p>
    );
  }
  const own = m.senderId === chat.me?.id;
  const cid = m.conversationId;
  const deleted = m.deletedAt !== null;
  return (
    <article
      class={own ? 'msg own' : 'msg'}
      data-seq={m.seq}
      aria-label={`${chat.nameOf(m.senderId)}: ${deleted ? 'deleted message' : (m.text ?? 'attachment')}`}
    >
      <header>
        <span class="sender">{chat.nameOf(m.senderId)}</span>{' '}
        <time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
        {m.editedAt && !deleted && <span class="edited"> (edited)</span>}
      </header>
      {quoted && (
        <blockquote class="quote">
          {chat.nameOf(quoted.senderId)}: {quoted.deletedAt ? 'deleted message' : quoted.text}
        </blockquote>
      )}
      {deleted ? <p class="text deleted">Message deleted</p> : m.text && <p class="text">{m.text}</p>}
      {!deleted && m.attachments.map((a) => <Attachment key={a.mediaId} chat={chat} a={a} />)}
      {Object.keys(m.reactions).length > 0 && (
        <ul class="reactions" aria-label="Reactions">
          {Object.entries(m.reactions).map(([emoji, users]) => {
            const mine = users.includes(chat.me?.id ?? '');
            return (
              <li key={emoji}>
                <button
                  type="button"
                  aria-pressed={mine}
                  aria-label={`${emoji} ${users.length}, ${mine ? 'remove my reaction' : 'react'}`}
                  onClick={() => void (mine ? chat.rest.unreact(cid, m.seq, emoji) : chat.rest.react(cid, m.seq, emoji))}
                >
                  {emoji} {users.length}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {!deleted && (
        <div class="actions">
          {QUICK_REACTIONS.map((e) => (
            <button type="button" key={e} aria-label={`React ${e}`} onClick={() => void chat.rest.react(cid, m.seq, e)}>
              {e}
            </button>
          ))}
          <button type="button" onClick={() => actions.reply(m)}>
            Reply
          </button>
          {own && (
            <button type="button" onClick={() => actions.edit(m)}>
              Edit
            </button>
          )}
          {(own || chat.canModerate(cid)) && (
            <button type="button" onClick={() => confirm('Delete this message?') && void chat.rest.deleteMessage(cid, m.seq)}>
              Delete
            </button>
          )}
        </div>
      )}
      {seenBy.length > 0 && <p class="seen">Seen by {seenBy.map((u) => chat.nameOf(u)).join(', ')}</p>}
    </article>
  );
}
