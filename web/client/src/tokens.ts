import type { Tokens } from './types.js';

/** What the SDK keeps of a login: the token pair and when the access token expires (epoch ms). */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
}

/**
 * Where the tokens live. Methods may be synchronous (localStorage) or not (a native app's secure
 * storage). `exclusive`, when given, runs the refresh so that only one holder of the same storage
 * (one browser tab) refreshes at a time: refresh tokens rotate, and presenting a rotated one again
 * revokes the whole session.
 */
export interface TokenStore {
  load(): StoredTokens | null | Promise<StoredTokens | null>;
  save(tokens: StoredTokens): void | Promise<void>;
  clear(): void | Promise<void>;
  exclusive?<T>(fn: () => Promise<T>): Promise<T>;
}

export function storedTokens(tokens: Tokens, now = Date.now()): StoredTokens {
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, accessExpiresAt: now + tokens.expiresIn * 1000 };
}

/** The default: tokens for as long as the process (or page) lives. */
export class MemoryTokenStore implements TokenStore {
  private tokens: StoredTokens | null = null;
  load(): StoredTokens | null {
    return this.tokens;
  }
  save(tokens: StoredTokens): void {
    this.tokens = { ...tokens };
  }
  clear(): void {
    this.tokens = null;
  }
}

/** The part of the Web Storage API the adapter uses (window.localStorage satisfies it). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The part of the Web Locks API the adapter uses (navigator.locks). */
export interface LocksLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/**
 * Browser storage that survives reloads and is shared by the tabs of an origin. Refreshes are
 * serialised across tabs with the Web Locks API when the browser has it; the session re-reads the
 * store inside the lock, so a tab that waited adopts the tokens another tab just rotated instead of
 * presenting the old refresh token again.
 */
export class LocalStorageTokenStore implements TokenStore {
  constructor(
    private readonly storage: StorageLike = (globalThis as { localStorage?: StorageLike }).localStorage as StorageLike,
    private readonly key = 'chat.tokens',
    private readonly locks: LocksLike | undefined = (globalThis as { navigator?: { locks?: LocksLike } }).navigator?.locks,
  ) {}

  load(): StoredTokens | null {
    const raw = this.storage.getItem(this.key);
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as Partial<StoredTokens>;
      if (typeof value.accessToken !== 'string' || typeof value.refreshToken !== 'string') return null;
      return { accessToken: value.accessToken, refreshToken: value.refreshToken, accessExpiresAt: Number(value.accessExpiresAt) || 0 };
    } catch {
      return null;
    }
  }
  save(tokens: StoredTokens): void {
    this.storage.setItem(this.key, JSON.stringify(tokens));
  }
  clear(): void {
    this.storage.removeItem(this.key);
  }
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.locks ? this.locks.request(`${this.key}.refresh`, fn) : fn();
  }
}
