/** What a notification e-mail says; the mailer adds the sender address and sends it. */
export interface NotificationEmail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface NotificationInput {
  recipientName: string;
  /** How the conversation is called: the group title, or "your conversation with X". */
  conversationName: string;
  messages: { senderName: string; text: string; createdAt: Date; mentioned: boolean }[];
  conversationUrl: string;
  unsubscribeUrl: string;
  setting: 'mentions' | 'all';
}

/** At most this many messages are quoted; the rest are counted. */
export const MAX_QUOTED = 20;
const MAX_TEXT = 1_000;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const cut = (text: string) => (text.length <= MAX_TEXT ? text : `${[...text].slice(0, MAX_TEXT - 1).join('')}…`);
/** Header-safe: no line breaks (header injection), bounded length. */
const oneLine = (text: string, max = 120) => {
  const flat = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

export function subjectOf(input: Pick<NotificationInput, 'conversationName' | 'messages'>): string {
  const senders = [...new Set(input.messages.map((m) => m.senderName))];
  const count = input.messages.length;
  const mentioned = input.messages.some((m) => m.mentioned);
  const who = senders.length <= 2 ? senders.join(' and ') : `${senders.slice(0, 2).join(', ')} and ${senders.length - 2} more`;
  const what = mentioned ? 'mentioned you' : count === 1 ? 'sent a message' : `sent ${count} messages`;
  const more = mentioned && count > 1 ? ` (${count} new messages)` : '';
  return oneLine(`${who} ${what} in ${input.conversationName}${more}`, 200);
}

/**
 * The e-mail about one or more unread messages of one conversation: plain text and HTML (every
 * user-supplied string escaped), and the RFC 8058 one-click unsubscribe headers.
 */
export function notificationEmail(input: NotificationInput): NotificationEmail {
  const quoted = input.messages.slice(0, MAX_QUOTED);
  const rest = input.messages.length - quoted.length;
  const time = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const why = input.setting === 'all' ? 'you get an e-mail for every message you have not read' : 'you get an e-mail when someone mentions you';
  const text = [
    `Hi ${input.recipientName},`,
    '',
    `New in ${input.conversationName}:`,
    '',
    ...quoted.flatMap((m) => [`${m.senderName} (${time(m.createdAt)})${m.mentioned ? ' mentioned you' : ''}:`, cut(m.text), '']),
    ...(rest > 0 ? [`…and ${rest} more.`, ''] : []),
    `Open the conversation: ${input.conversationUrl}`,
    '',
    '--',
    `You receive this because ${why}.`,
    `Unsubscribe from these e-mails: ${input.unsubscribeUrl}`,
  ].join('\n');
  const h = escapeHtml;
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<p>Hi ${h(input.recipientName)},</p>`,
    `<p>New in <strong>${h(input.conversationName)}</strong>:</p>`,
    ...quoted.map(
      (m) =>
        `<p><strong>${h(m.senderName)}</strong> <small>${h(time(m.createdAt))}</small>${m.mentioned ? ' <em>mentioned you</em>' : ''}<br>` +
        `<span style="white-space: pre-wrap">${h(cut(m.text))}</span></p>`,
    ),
    ...(rest > 0 ? [`<p>…and ${rest} more.</p>`] : []),
    `<p><a href="${h(input.conversationUrl)}">Open the conversation</a></p>`,
    `<hr><p><small>You receive this because ${h(why)}. <a href="${h(input.unsubscribeUrl)}">Unsubscribe</a></small></p>`,
    '</body></html>',
  ].join('\n');
  return {
    subject: subjectOf(input),
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  };
}
