import type { JWK } from 'jose';

export interface Jwks {
  keys: JWK[];
}

/** Where the gateway gets the public keys that verify access tokens. */
export interface JwksSource {
  /** The key set to verify a token whose header names `kid`. */
  current(kid: string | undefined): Promise<Jwks>;
}

export function staticJwks(jwks: Jwks): JwksSource {
  return { current: async () => jwks };
}

export interface RemoteJwksOptions {
  /** An unknown `kid` triggers a refetch at most this often (a flood of forged kids must not hammer the issuer). */
  minRefetchMs?: number;
  /** Refetch on use once the cached set is this old, so removed keys stop verifying. */
  maxAgeMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** A JWKS fetched from a URL (`GET /.well-known/jwks.json`) and cached. */
export class RemoteJwks implements JwksSource {
  private cached: Jwks | undefined;
  private fetchedAt = 0;
  private inflight: Promise<Jwks> | undefined;
  private readonly minRefetchMs: number;
  private readonly maxAgeMs: number;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(
    private readonly url: string,
    options: RemoteJwksOptions = {},
  ) {
    this.minRefetchMs = options.minRefetchMs ?? 60_000;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  async current(kid: string | undefined): Promise<Jwks> {
    const age = this.now() - this.fetchedAt;
    if (!this.cached) return this.refresh();
    const unknownKid = kid !== undefined && !this.cached.keys.some((k) => k.kid === kid);
    if (age >= this.maxAgeMs || (unknownKid && age >= this.minRefetchMs)) {
      // A failed refetch keeps the keys we have: the issuer being down must not log everyone out.
      return this.refresh().catch(() => this.cached!);
    }
    return this.cached;
  }

  private refresh(): Promise<Jwks> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<Jwks> {
    const response = await this.fetchFn(this.url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`JWKS fetch from ${this.url} failed with ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error(`JWKS from ${this.url} has no keys array`);
    this.cached = { keys: body.keys as JWK[] };
    this.fetchedAt = this.now();
    return this.cached;
  }
}
