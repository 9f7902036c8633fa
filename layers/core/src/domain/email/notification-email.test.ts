import { describe, expect, it } from 'vitest';
import { notificationEmail, MAX_QUOTED } from './notification-email.js';

const at = new Date(Date.UTC(2031, 0, 2, 3, 4));
const base = {
  recipientName: 'Bob',
  conversationName: 'Team <b>',
  conversationUrl: 'https://chat.example/#/conversations/c1',
  unsubscribeUrl: 'https://chat.example/v1/email/unsubscribe?token=a.b',
  setting: 'mentions' as const,
};

describe('notificationEmail', () => {
  it('names the sender and the conversation, quotes the text and carries one-click unsubscribe headers', () => {
    const email = notificationEmail({
      ...base,
      messages: [{ senderName: 'Alice', text: 'hi @bob <script>alert(1)</script>', createdAt: at, mentioned: true }],
    });
    expect(email.subject).toBe('Alice mentioned you in Team <b>');
    expect(email.text).toContain('hi @bob <script>alert(1)</script>');
    expect(email.text).toContain(base.unsubscribeUrl);
    expect(email.html).toContain('hi @bob &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('Team &lt;b&gt;');
    expect(email.html).not.toContain('<script>');
    expect(email.headers).toMatchObject({ 'List-Unsubscribe': `<${base.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it('summarises several messages and senders in one subject, and keeps headers on one line', () => {
    const messages = ['A', 'B', 'C'].map((senderName) => ({ senderName, text: 'x', createdAt: at, mentioned: false }));
    expect(notificationEmail({ ...base, setting: 'all', messages }).subject).toBe('A, B and 1 more sent 3 messages in Team <b>');
    const evil = notificationEmail({ ...base, conversationName: 'T\r\nBcc: x@evil.example', messages: [messages[0]!] });
    expect(evil.subject).toBe('A sent a message in T Bcc: x@evil.example');
  });

  it(`quotes at most ${MAX_QUOTED} messages and counts the rest`, () => {
    const messages = Array.from({ length: MAX_QUOTED + 3 }, (_, i) => ({ senderName: 'A', text: `m${i}`, createdAt: at, mentioned: false }));
    const email = notificationEmail({ ...base, messages });
    expect(email.text).toContain('…and 3 more.');
    expect(email.text).not.toContain(`m${MAX_QUOTED}\n`);
  });
});
