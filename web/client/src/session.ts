import { ApiError } from './errors.js';
import { Emitter } from './emitter.js';
import { MemoryTokenStore, storedTokens, type StoredTokens, type TokenStore } from './tokens.js';
import type { Tokens } from './types.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface SessionEvents extends Record<string, unknown> {
  /** New tokens (login, register, refresh). */
  tokens: StoredTokens;
  /** The session is over: logout, or a refresh the server refused (expired, revoked, reused). */
  signedOut: { reason: string };
}

/**
 * The login state and the refresh rules. Refresh tokens rotate: each refresh returns a new one and
 * the old one becomes invalid (presenting it again revokes the session), so at most one refresh is
 * in flight, every caller that hit the same expired access token waits for that one, and the new
 * refresh token replaces the old before anyone can use it.
 */
export class Session {
  readonly events = new Emitter<SessionEvents>();
  private current: StoredTokens | null | undefined;
  private refreshing: Promise<StoredTokens> | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly fetcher: FetchLike,
    readonly store: TokenStore = new MemoryTokenStore(),
  ) {}

  async tokens(): Promise<StoredTokens | null> {
    if (this.current === undefined) this.current = await this.store.load();
    return this.current;
  }

  async accessToken(): Promise<string | undefined> {
    return (await this.tokens())?.accessToken;
  }

  async signIn(tokens: Tokens): Promise<void> {
    await this.adopt(storedTokens(tokens));
  }

  /** Forgets the tokens locally (the caller has ended the session on the server, or it is gone). */
  async signOut(reason: string): Promise<void> {
    const had = (await this.tokens()) !== null;
    this.current = null;
    await this.store.clear();
    if (had) this.events.emit('signedOut', { reason });
  }

  /**
   * New tokens for a caller whose request with `staleAccessToken` was refused as expired. If the
   * tokens have moved on since (another request, or another tab, refreshed), those are returned.
   */
  async refresh(staleAccessToken?: string): Promise<StoredTokens> {
    const now = await this.tokens();
    if (now && staleAccessToken !== undefined && now.accessToken !== staleAccessToken) return now;
    this.refreshing ??= this.runRefresh(staleAccessToken).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async runRefresh(staleAccessToken: string | undefined): Promise<StoredTokens> {
    const work = async () => {
      // Inside the cross-tab lock: another holder of the store may have rotated already.
      const stored = await this.store.load();
      if (stored && staleAccessToken !== undefined && stored.accessToken !== staleAccessToken) {
        this.current = stored;
        return stored;
      }
      const refreshToken = stored?.refreshToken ?? this.current?.refreshToken;
      if (!refreshToken) throw new ApiError(401, 'unauthorized', 'Not signed in');
      let res: Response;
      try {
        res = await this.fetcher(`${this.baseUrl}/v1/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken }),
        });
      } catch (cause) {
        throw ApiError.network(cause); // offline: keep the tokens, the caller may try again later
      }
      if (!res.ok) {
        const error = await ApiError.fromResponse(res);
        // A refused refresh token does not get better: the session is over. A 5xx or 429 might.
        if (error.status === 400 || error.status === 401 || error.status === 403) await this.signOut(error.code);
        throw error;
      }
      const body = (await res.json()) as { tokens: Tokens };
      const next = storedTokens(body.tokens);
      await this.adopt(next);
      return next;
    };
    return this.store.exclusive ? this.store.exclusive(work) : work();
  }

  private async adopt(tokens: StoredTokens): Promise<void> {
    this.current = tokens;
    await this.store.save(tokens);
    this.events.emit('tokens', tokens);
  }
}
