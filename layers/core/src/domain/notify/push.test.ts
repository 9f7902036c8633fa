import { describe, expect, it } from 'vitest';
import { messageAlert, preview } from './push.js';

const direct = { id: 'c1', type: 'direct' as const, title: null };
const group = { id: 'g1', type: 'group' as const, title: 'Team' };
const message = (text: string | null, attachments: { mediaId: string; kind: 'image' }[] = []) => ({ id: 'm1', seq: 7, text, attachments });

describe('messageAlert', () => {
  it('titles a direct message with the sender and shows the text', () => {
    expect(messageAlert({ conversation: direct, senderName: 'Alice', message: message('hi  there\nBob') })).toEqual({
      kind: 'alert',
      title: 'Alice',
      body: 'hi there Bob',
      data: { type: 'message', conversationId: 'c1', seq: '7', messageId: 'm1' },
      threadId: 'c1',
    });
  });

  it('titles a group message with the group and names the sender in the body', () => {
    expect(messageAlert({ conversation: group, senderName: 'Alice', message: message('lunch?') })).toMatchObject({
      title: 'Team',
      body: 'Alice: lunch?',
      threadId: 'g1',
    });
  });

  it('announces attachments without text', () => {
    const photo = message(null, [{ mediaId: 'x', kind: 'image' }]);
    expect(messageAlert({ conversation: direct, senderName: 'Alice', message: photo }).body).toBe('sent an attachment');
    expect(messageAlert({ conversation: group, senderName: 'Alice', message: { ...photo, text: '   ' } }).body).toBe('Alice sent an attachment');
  });

  it('truncates long texts to the preview length', () => {
    const body = messageAlert({ conversation: group, senderName: 'Alice', message: message('x'.repeat(500)) }).body;
    expect([...body]).toHaveLength(120);
    expect(body.endsWith('…')).toBe(true);
  });
});

describe('preview', () => {
  it('never splits a character made of two UTF-16 units', () => {
    const text = '😀'.repeat(10);
    expect(preview(text, 5)).toBe('😀😀😀😀…');
    expect(preview(text, 10)).toBe(text);
  });
});
