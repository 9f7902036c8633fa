import { describe, expect, it } from 'vitest';
import { encodedEventFrame, messageNewFrame } from './frames.js';
import type { DeliverableEvent } from './protocol.js';
import { textMessage } from './test-support/text-message.js';

const message = (seq: number) => textMessage('c1', seq, { createdAt: '2026-12-04T10:00:00.000Z' });

const typing = (userId: string): DeliverableEvent => ({ type: 'typing', conversationId: 'c1', userId, state: 'start' });

describe('frame encodings', () => {
  it('encodes one fan-out once: every recipient of an object gets the same encoding', () => {
    const m = message(1);
    const first = messageNewFrame(m);
    expect(messageNewFrame(m)).toBe(first);
    expect(first.frame).toEqual({ type: 'message.new', message: m });
    expect(first.wire.toString('utf8').endsWith(JSON.stringify(first.frame))).toBe(true);
    expect(first.createdAtMs).toBe(Date.parse(m.createdAt));
    const e = typing('bob');
    expect(encodedEventFrame(e)).toBe(encodedEventFrame(e));
  });

  it('keeps the encoding while held messages are delivered in the middle of the fan-out', () => {
    const live = message(2);
    const encoded = messageNewFrame(live);
    for (const held of [message(3), message(4)]) messageNewFrame(held);
    expect(messageNewFrame(live)).toBe(encoded);
  });

  it('goes by identity, and encodes again (the same bytes) once a few others came after it', () => {
    const m = message(5);
    const encoded = messageNewFrame(m);
    expect(messageNewFrame({ ...m })).not.toBe(encoded);
    for (let seq = 6; seq < 12; seq++) messageNewFrame(message(seq));
    const again = messageNewFrame(m);
    expect(again).not.toBe(encoded);
    expect(again.wire.equals(encoded.wire)).toBe(true);
  });
});
