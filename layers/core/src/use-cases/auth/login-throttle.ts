import { RateLimitedError } from '../../domain/errors.js';
import type { AuthDeps } from './auth-deps.js';

/** The slots one login attempt holds; give them back with `succeeded` or keep them with `failed`. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Counts failed logins per account and per source IP in fixed windows. A slot in each bucket is
 * reserved atomically before the slow hash, so concurrent guesses cannot all pass a check that
 * only counts them afterwards; a failure keeps its slots, a success gives them back. Past the
 * limit every attempt is refused before the password is checked, so guessing stops even with the
 * right password.
 */
export class LoginThrottle {
  constructor(private readonly deps: Pick<AuthDeps, 'kv' | 'policy'>) {}

  /**
   * `account` is the resolved user id, or the normalised login when no account matches: an unknown
   * login is limited exactly like a known one, so the answers reveal nothing, and every spelling
   * of one account (username, e-mail, any case) shares its bucket.
   */
  async reserve(account: { userId: string } | { unknownLogin: string }, ip: string): Promise<LoginAttempt> {
    const { perAccount, perIp, windowSeconds } = this.deps.policy.loginLimit;
    const ttlMs = windowSeconds * 1000;
    const accountKey = 'userId' in account ? `login-fail:user:${account.userId}` : `login-fail:login:${normaliseLogin(account.unknownLogin)}`;
    const ipKey = `login-fail:ip:${ip}`;
    const held: string[] = [];
    for (const [key, limit] of [
      [accountKey, perAccount],
      [ipKey, perIp],
    ] as const) {
      const slot = await this.deps.kv.reserve(key, { limit, ttlMs });
      if (!slot.reserved) {
        await Promise.all(held.map((k) => this.deps.kv.release(k)));
        throw new RateLimitedError(slot.ttlMs / 1000);
      }
      held.push(key);
    }
    return {
      // A success clears the account's failures (the owner is back) and gives the IP slot back.
      succeeded: async () => {
        await this.deps.kv.delete(accountKey);
        await this.deps.kv.release(ipKey);
      },
    };
  }
}

/** The form the user store matches logins in (case-insensitive), so no spelling gets a bucket of its own. */
export function normaliseLogin(login: string): string {
  return login.toLowerCase();
}
