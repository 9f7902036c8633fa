import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UnsubscribeTokens } from '../../ports/unsubscribe-tokens.js';

const PURPOSE = 'fc-chat:email-unsubscribe:v1\u0000';

/** Tokens `base64url(userId).base64url(HMAC-SHA256(key, purpose ‖ userId))`. */
export class HmacUnsubscribeTokens implements UnsubscribeTokens {
  constructor(private readonly key: Uint8Array) {
    if (key.length < 32) throw new Error('The unsubscribe key needs at least 32 bytes');
  }

  sign(userId: string): string {
    return `${Buffer.from(userId, 'utf8').toString('base64url')}.${this.mac(userId).toString('base64url')}`;
  }

  /** The user id a genuine token names, or undefined. */
  verify(token: string): string | undefined {
    const [id, mac, extra] = token.split('.');
    if (!id || !mac || extra !== undefined) return undefined;
    const userId = Buffer.from(id, 'base64url').toString('utf8');
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(userId);
    // Re-encoding guards against non-canonical base64url spellings of the same bytes.
    if (Buffer.from(userId, 'utf8').toString('base64url') !== id || given.toString('base64url') !== mac) return undefined;
    return given.length === expected.length && timingSafeEqual(given, expected) ? userId : undefined;
  }

  private mac(userId: string): Buffer {
    return createHmac('sha256', this.key)
      .update(PURPOSE + userId)
      .digest();
  }
}
