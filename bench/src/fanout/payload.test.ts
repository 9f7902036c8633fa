import { describe, expect, it } from 'vitest';
import { benchMessage, benchText, readBenchFrame, readBenchText, TEXT_LENGTH } from './payload.js';

describe('bench payload', () => {
  it('carries step and send time in a fixed-length text', () => {
    const text = benchText(12, 1_795_824_719_645.123);
    expect(text).toHaveLength(TEXT_LENGTH);
    expect(readBenchText(text)).toEqual({ step: 12, sentAtMs: 1_795_824_719_645.123 });
    expect(readBenchText('hello')).toBeUndefined();
  });

  it('is found in both systems’ frames without parsing them', () => {
    const message = benchMessage({ conversationId: 'c1', seq: 3, senderId: 'u1', step: 7, sentAtMs: 1000.5, serial: 42 });
    const ours = Buffer.from(JSON.stringify({ type: 'message.new', message }));
    const peer = Buffer.from(`42${JSON.stringify(['message.new', { message }])}`);
    expect(readBenchFrame(ours)).toEqual({ step: 7, sentAtMs: 1000.5 });
    expect(readBenchFrame(peer)).toEqual({ step: 7, sentAtMs: 1000.5 });
    expect(readBenchFrame(Buffer.from('{"type":"presence","userId":"bench-1"}'))).toBeUndefined();
  });

  it('reads the stamp in place, within the frame’s bounds, exactly as Number() would', () => {
    const sentAtMs = 1_795_824_719_645.123;
    const frame = Buffer.from(`xx{"text":"${benchText(12, sentAtMs)}"}yy`);
    expect(readBenchFrame(frame, 2, frame.length - 2)).toEqual({ step: 12, sentAtMs: Number('1795824719645.123') });
    const marker = frame.indexOf('"bench ');
    expect(readBenchFrame(frame, 0, marker + 12)).toBeUndefined(); // the digits run past the end
    expect(readBenchFrame(Buffer.from('"bench x 1.0 '))).toBeUndefined();
    expect(readBenchFrame(Buffer.from('"bench 1 1.0x'))).toBeUndefined();
  });
});
