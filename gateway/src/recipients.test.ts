import { describe, expect, it } from 'vitest';
import { recipientCheck, SCAN_RECIPIENTS_UP_TO } from './recipients.js';

describe('recipientCheck', () => {
  it.each([3, SCAN_RECIPIENTS_UP_TO, SCAN_RECIPIENTS_UP_TO + 1, 1_000])('answers exactly for %i recipients', (n) => {
    const recipients = Array.from({ length: n }, (_, i) => `u${i}`);
    const isRecipient = recipientCheck(recipients);
    expect(recipients.every((id) => isRecipient(id))).toBe(true);
    expect(isRecipient(`u${n}`)).toBe(false);
    expect(isRecipient('')).toBe(false);
  });
});
