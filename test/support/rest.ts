/** Plain HTTP calls to a running local cloud, the way a client makes them. */

export interface RestReply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary response fields
  json: any;
}

export async function rest(base: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<RestReply> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

export interface RestUser {
  id: string;
  username: string;
  token: string;
}

let n = 0;

/** Registers a fresh user through `POST /v1/auth/register`. */
export async function registerViaRest(base: string, prefix: string): Promise<RestUser> {
  const username = `${prefix}_${++n}`.slice(0, 32);
  const res = await rest(base, 'POST', '/v1/auth/register', { body: { username, email: `${username}@example.com`, password: 'a long enough passphrase' } });
  if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.json)}`);
  return { id: res.json.user.id, username, token: res.json.tokens.accessToken };
}

/** Runs `fn` over `items` with at most `limit` running at once, keeping the order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
