import { AppError } from '../domain/errors.js';
import type { HttpReply } from './http-response.js';

/** Request headers our clients send; the SDK and web client send nothing else. */
const ALLOW_HEADERS = 'authorization, content-type, x-request-id';
/** Response headers a browser script may read (the rest are hidden from it by CORS). */
const EXPOSE_HEADERS = 'x-request-id, retry-after, location';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS headers for one response. The origin is echoed only when it is on the list (never `*`), and
 * `vary: origin` keeps a CDN from serving one origin's answer to another.
 */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (allowed.length === 0) return {};
  if (!origin || !allowed.includes(origin)) return { vary: 'origin' };
  return { vary: 'origin', 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSE_HEADERS };
}

/**
 * The answer to a browser's preflight (`OPTIONS` with `Access-Control-Request-Method`) for a path
 * served by `methods`. An origin off the list gets a 403 in the error shape rather than a silent
 * 204, so whoever configures a new web app sees why its calls fail.
 */
export function preflightReply(origin: string | undefined, allowed: readonly string[], methods: readonly string[]): HttpReply {
  if (!origin || !allowed.includes(origin)) {
    throw new AppError('origin_not_allowed', origin ? `Origin ${origin} is not allowed to call this API` : 'A preflight request needs an Origin header', {
      details: [{ field: 'origin', issue: 'not in CORS_ALLOWED_ORIGINS' }],
    });
  }
  return {
    status: 204,
    headers: {
      ...corsHeaders(origin, allowed),
      vary: 'origin, access-control-request-method, access-control-request-headers',
      'access-control-allow-methods': methods.join(', '),
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
    },
  };
}
