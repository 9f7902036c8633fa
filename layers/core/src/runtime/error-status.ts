import type { ErrorCode } from '../domain/errors.js';

/** The one place where domain error codes become HTTP statuses. */
export const errorStatus: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_cursor: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  token_expired: 401,
  session_revoked: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  rate_limited: 429,
  dependency_unavailable: 503,
  media_too_large: 413,
  media_type_not_allowed: 415,
  media_mismatch: 400,
  media_not_uploaded: 409,
  internal: 500,
};
