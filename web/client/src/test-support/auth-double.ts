/**
 * A stand-in for the auth rules of the HTTP API as a `fetch` function, for unit tests of the refresh
 * logic that need exact control (expire a token now, count refreshes, delay one). The real API runs
 * in the SDK's end-to-end tests (test/sdk.e2e.test.ts). Rules as in use-cases/auth: a refresh
 * rotates the token; presenting a rotated one again revokes the session (`session_revoked`).
 */
export class AuthDouble {
  refreshes = 0;
  /** Access tokens the "server" accepts; others answer 401 token_expired. */
  readonly valid = new Set<string>();
  private readonly rotated = new Set<string>();
  current = { access: 'a0', refresh: 'refresh-token-000000' };
  revoked = false;
  /** Delay of each refresh answer (to make concurrent callers overlap). */
  refreshDelayMs = 0;
  readonly calls: string[] = [];
  private n = 0;

  constructor() {
    this.valid.add(this.current.access);
  }

  tokens(expiresIn = 900) {
    return { accessToken: this.current.access, refreshToken: this.current.refresh, tokenType: 'Bearer' as const, expiresIn };
  }

  expireAccess(): void {
    this.valid.clear();
  }

  readonly fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const path = new URL(url).pathname;
    this.calls.push(`${init.method ?? 'GET'} ${path}`);
    if (path === '/v1/auth/refresh') {
      this.refreshes++;
      await new Promise((r) => setTimeout(r, this.refreshDelayMs));
      const { refreshToken } = JSON.parse(String(init.body)) as { refreshToken: string };
      if (this.rotated.has(refreshToken)) this.revoked = true;
      if (this.revoked || refreshToken !== this.current.refresh) return error(401, this.revoked ? 'session_revoked' : 'invalid_token');
      this.rotated.add(refreshToken);
      this.n++;
      this.current = { access: `a${this.n}`, refresh: `refresh-token-${String(this.n).padStart(6, '0')}` };
      this.valid.add(this.current.access);
      return json(200, { tokens: this.tokens() });
    }
    const auth = new Headers(init.headers).get('authorization');
    if (!auth || !this.valid.has(auth.slice('Bearer '.length))) return error(401, 'token_expired');
    if (path === '/v1/limited')
      return new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down', details: [] }, requestId: 'q1' }), {
        status: 429,
        headers: { 'retry-after': '7' },
      });
    if (path === '/v1/empty') return new Response(null, { status: 204 });
    return json(200, { path, auth });
  };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const error = (status: number, code: string) => json(status, { error: { code, message: code, details: [] }, requestId: 'r' });
