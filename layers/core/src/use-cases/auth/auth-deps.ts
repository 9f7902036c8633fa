import type { RealtimeEvent } from '../../domain/chat/events.js';
import type { AccessTokens } from '../../ports/access-tokens.js';
import type { DeviceStore } from '../../ports/device-store.js';
import type { KeyValueStore } from '../../ports/key-value.js';
import type { PasswordHasher } from '../../ports/password-hasher.js';
import type { SessionStore } from '../../ports/session-store.js';
import type { Clock, IdGenerator } from '../../ports/system.js';
import type { UserStore } from '../../ports/user-store.js';

/** What the auth use cases need; the wiring (wiring/auth.ts) builds it from config. */
export interface AuthDeps {
  users: UserStore;
  sessions: SessionStore;
  devices: DeviceStore;
  hasher: PasswordHasher;
  tokens: AccessTokens;
  kv: KeyValueStore;
  clock: Clock;
  ids: IdGenerator;
  policy: AuthPolicy;
  /**
   * Tells the gateway nodes (realtime bus), which close the session's live sockets. Never throws:
   * the wiring logs a failure, because the revocation itself (database row, KV mark) already holds.
   */
  publish(channel: string, event: RealtimeEvent): Promise<void>;
}

export interface AuthPolicy {
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  loginLimit: { perAccount: number; perIp: number; windowSeconds: number };
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}
