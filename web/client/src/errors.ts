import type { ErrorDetail } from './types.js';

/**
 * Every failed call, REST or realtime, as one typed error: the server's stable `code` (snake_case,
 * the same on both transports), its details, and how long to wait when the server said so
 * (`Retry-After` on REST, `retryAfterSeconds` on an `error` frame). Network failures have status 0
 * and code `network_error`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly retryAfterSeconds?: number,
    readonly requestId?: string,
  ) {
    super(message);
  }

  /** Worth retrying unchanged later: the network, the server's own trouble, or a rate limit. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500 || this.code === 'dependency_unavailable' || this.code === 'rate_limited';
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'network error');
    (error as { cause?: unknown }).cause = cause;
    return error;
  }

  /** From a non-2xx response; a body that is not the API's error JSON (a proxy's page) keeps the status. */
  static async fromResponse(res: Response): Promise<ApiError> {
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    const requestId = (body as { requestId?: unknown } | undefined)?.requestId;
    return new ApiError(
      res.status,
      typeof error?.code === 'string' ? error.code : `http_${res.status}`,
      typeof error?.message === 'string' ? error.message : res.statusText || `HTTP ${res.status}`,
      Array.isArray(error?.details) ? (error.details as ErrorDetail[]) : [],
      retryAfter,
      typeof requestId === 'string' ? requestId : undefined,
    );
  }

  /** From a realtime `error` frame. */
  static fromFrame(error: { code: string; message: string; details: ErrorDetail[]; retryAfterSeconds?: number }): ApiError {
    return new ApiError(0, error.code, error.message, error.details, error.retryAfterSeconds);
  }
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
