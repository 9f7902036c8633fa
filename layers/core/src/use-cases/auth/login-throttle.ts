import { RateLimitedError } from '../../domain/errors.js';
import type { AuthDeps } from './auth-deps.js';

/**
 * Counts failed logins per account and per source IP in fixed windows. Past the limit every attempt
 * is refused before the password is checked, so guessing stops even with the right password.
 */
export class LoginThrottle {
  constructor(private readonly deps: Pick<AuthDeps, 'kv' | 'policy'>) {}

  private keys(login: string, ip: string) {
    const { perAccount, perIp } = this.deps.policy.loginLimit;
    return [
      { key: `login-fail:account:${login.toLowerCase()}`, limit: perAccount },
      { key: `login-fail:ip:${ip}`, limit: perIp },
    ];
  }

  async assertAllowed(login: string, ip: string): Promise<void> {
    const ttlMs = this.deps.policy.loginLimit.windowSeconds * 1000;
    for (const { key, limit } of this.keys(login, ip)) {
      const seen = await this.deps.kv.increment(key, { ttlMs, by: 0 });
      if (seen.count >= limit) throw new RateLimitedError(seen.ttlMs / 1000);
    }
  }

  async recordFailure(login: string, ip: string): Promise<void> {
    const ttlMs = this.deps.policy.loginLimit.windowSeconds * 1000;
    await Promise.all(this.keys(login, ip).map(({ key }) => this.deps.kv.increment(key, { ttlMs })));
  }

  async recordSuccess(login: string): Promise<void> {
    await this.deps.kv.delete(`login-fail:account:${login.toLowerCase()}`);
  }
}
