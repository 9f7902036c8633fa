import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Compares a secret the caller sent with ours in constant time. Both sides are hashed first:
 * `timingSafeEqual` needs equal lengths, and comparing digests leaks neither the secret's length
 * nor how long a prefix matched.
 */
export function safeEqual(sent: string, expected: string): boolean {
  return timingSafeEqual(digest(sent), digest(expected));
}
