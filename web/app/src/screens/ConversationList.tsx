import { useState } from 'preact/hooks';
import type { Chat } from '../chat.js';
import { onLinkClick } from '../router.js';
import { useChange } from '../use-change.js';
import { NewChat } from './NewChat.js';
import { PresenceDot } from '../components/PresenceDot.js';

/** Conversations, most recent activity first, with the last message, unread and @mention badges. */
export function ConversationList({ chat, activeId }: { chat: Chat; activeId: string | undefined }) {
  useChange(chat.events, 'change');
  const [creating, setCreating] = useState(false);
  return (
    <nav class="list" aria-label="Conversations">
      <header class="list-head">
        <h1>Chats</h1>
        <button type="button" onClick={() => setCreating(true)}>
          New chat
        </button>
        <a class="button-link" href="/settings" onClick={(e) => onLinkClick(e, '/settings')}>
          Settings
        </a>
      </header>
      {creating && <NewChat chat={chat} onClose={() => setCreating(false)} />}
      {chat.conversations.length === 0 ? (
        <p class="empty">No conversations yet. Start one with “New chat”.</p>
      ) : (
        <ul>
          {chat.conversations.map((c) => {
            const other = c.type === 'direct' ? c.members?.find((m) => m.userId !== chat.me?.id) : undefined;
            const last = c.lastMessage;
            const call = last?.kind === 'call' ? (last.call?.callKind === 'video' ? '📞 Video call' : '📞 Audio call') : '';
            const preview = last
              ? last.deletedAt
                ? 'Message deleted'
                : call || last.text || (last.attachments.length ? '📎 Attachment' : '')
              : 'No messages yet';
            return (
              <li key={c.id}>
                <a
                  href={`/c/${encodeURIComponent(c.id)}`}
                  class={c.id === activeId ? 'conv active' : 'conv'}
                  aria-current={c.id === activeId ? 'page' : undefined}
                  onClick={(e) => onLinkClick(e, `/c/${encodeURIComponent(c.id)}`)}
                >
                  <span class="conv-title">
                    <span class="conv-name">
                      {other && <PresenceDot chat={chat} userId={other.userId} />}
                      {chat.titleOf(c)}
                      {c.muted && <span class="muted-tag"> (muted)</span>}
                    </span>
                    {last && (
                      <time class="conv-time" dateTime={last.createdAt}>
                        {shortTime(last.createdAt)}
                      </time>
                    )}
                  </span>
                  <span class="conv-last">
                    {last && last.senderId !== chat.me?.id && c.type === 'group' ? `${chat.nameOf(last.senderId)}: ` : ''}
                    {preview}
                  </span>
                  {c.unreadMentions > 0 && (
                    <span class="badge mention" aria-label={`${c.unreadMentions} unread mentions`}>
                      @{c.unreadMentions}
                    </span>
                  )}
                  {c.unreadCount > 0 && (
                    <span class="badge" aria-label={`${c.unreadCount} unread`}>
                      {c.unreadCount}
                    </span>
                  )}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}

/** The time of today's last message, the date (with the year only if not this one) of an older one. */
export function shortTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (at.toDateString() === now.toDateString()) return at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return at.toLocaleDateString(
    undefined,
    at.getFullYear() === now.getFullYear() ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' },
  );
}
