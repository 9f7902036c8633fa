import type { Chat } from '../chat.js';

/** Green when any of the user's connections is online; "last seen" in the tooltip and for screen readers. */
export function PresenceDot({ chat, userId }: { chat: Chat; userId: string }) {
  const p = chat.presence.get(userId);
  const online = p?.status === 'online';
  const label = online ? 'online' : p ? `last seen ${new Date(p.lastSeenAt).toLocaleString()}` : 'offline';
  return <span class={online ? 'dot online' : 'dot'} role="img" aria-label={label} title={label} data-presence={online ? 'online' : 'offline'} />;
}
