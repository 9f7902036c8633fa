import { ApiError } from './errors.js';
import type { FetchLike, Session } from './session.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Send the access token (and refresh it once on `token_expired`). */
  auth?: boolean;
  signal?: AbortSignal;
}

/** JSON over fetch with the API's error format; one refresh and one retry on an expired token. */
export class Http {
  constructor(
    readonly baseUrl: string,
    private readonly fetcher: FetchLike,
    readonly session: Session,
  ) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.baseUrl + path + queryString(options.query);
    let token = options.auth ? await this.session.accessToken() : undefined;
    if (options.auth && !token) throw new ApiError(401, 'unauthorized', 'Not signed in');
    let res = await this.send(method, url, options, token);
    if (options.auth && res.status === 401) {
      const error = await ApiError.fromResponse(res);
      if (error.code !== 'token_expired') throw error;
      token = (await this.session.refresh(token)).accessToken;
      res = await this.send(method, url, options, token);
    }
    if (!res.ok) throw await ApiError.fromResponse(res);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(method: string, url: string, options: RequestOptions, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await this.fetcher(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      throw ApiError.network(cause);
    }
  }
}

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A path segment, escaped (emoji in reaction paths, ids from anywhere). */
export const seg = (value: string | number) => encodeURIComponent(String(value));
