/**
 * Signed one-click unsubscribe tokens for the links in notification e-mails. Adapter: HMAC-SHA256
 * (node:crypto) with a key from the environment. Tokens do not expire, so the link in an old e-mail
 * keeps working; changing the key voids them all.
 */
export interface UnsubscribeTokens {
  sign(userId: string): string;
  /** The user id a genuine token names, or undefined for anything else. */
  verify(token: string): string | undefined;
}
