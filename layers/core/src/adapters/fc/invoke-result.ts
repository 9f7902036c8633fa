import { AppError, type ErrorCode, type ErrorDetail } from '../../domain/errors.js';
import { errorStatus } from '../../runtime/error-status.js';

/** What the FC SDK hands back for a synchronous invocation, with the body already read. */
export interface FcInvokeResponse {
  statusCode?: number | undefined;
  headers?: Record<string, string | undefined> | undefined;
  body: string;
}

// Node socket errors and httpx timeouts: FC (or the network to it) is not there right now.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' && value !== 'undefined' ? value : undefined);
const clip = (value: string) => (value.length > 200 ? `${value.slice(0, 200)}…` : value);

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorStatus, code);
}

function detailsOf(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .flatMap((d) => (typeof d.issue === 'string' ? [{ issue: d.issue, ...(typeof d.field === 'string' ? { field: d.field } : {}) }] : []));
}

/**
 * The function's `InvokeResult` (runtime/invoke-function.ts): `ok` → the result; a domain error →
 * the same AppError the use case threw on the other side. Anything else means the function or the
 * platform broke, which the caller cannot fix: `internal`.
 */
export function resultOf(response: FcInvokeResponse, functionName: string): unknown {
  const where = `FC function ${functionName}`;
  const requestId = response.headers?.['x-fc-request-id'];
  const errorType = response.headers?.['x-fc-error-type'];
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    body = undefined;
  }
  // FC answers 200 when the function threw; the header (and {errorType, errorMessage} body) says so.
  if (errorType || (isRecord(body) && typeof body.errorType === 'string' && !('ok' in body))) {
    const type = errorType ?? (isRecord(body) ? String(body.errorType) : 'unknown');
    const message = isRecord(body) ? text(body.errorMessage) : undefined;
    return fail(`${where} failed: ${type}${message ? `: ${clip(message)}` : ''}`, requestId);
  }
  const status = response.statusCode ?? 200;
  if (status < 200 || status > 299) return fail(`${where} answered HTTP ${status}`, requestId);
  if (!isRecord(body)) return fail(`${where} answered with a body that is not a JSON object`, requestId);
  if (body.ok === true && 'result' in body) return body.result;
  if (body.ok === false && isRecord(body.error)) {
    const { code, message, details, retryAfterSeconds } = body.error;
    const summary = text(message) ?? 'The chat service failed';
    if (!isErrorCode(code)) return fail(`${where} answered unknown error code ${String(code)}: ${clip(summary)}`, requestId);
    const retryAfter = typeof retryAfterSeconds === 'number' && retryAfterSeconds > 0 ? { retryAfterSeconds } : {};
    throw new AppError(code, summary, { details: detailsOf(details), ...retryAfter });
  }
  return fail(`${where} answered with an unexpected result shape`, requestId);
}

function fail(message: string, requestId: string | undefined): never {
  throw new AppError('internal', requestId ? `${message} (request ${requestId})` : message);
}

/**
 * An exception from the SDK call: `AlibabaCloudError`s (openapi-core: ClientError, ServerError,
 * ThrottlingError) carry FC's HTTP status and error code; socket errors carry a Node code; httpx
 * timeouts are named `RequestTimeoutError`. Throttling, 5xx and the network are transient
 * (`dependency_unavailable`); other 4xx mean our configuration is wrong (`internal`). Messages hold
 * status, code and request id only: never the request, its headers or credentials.
 */
export function invokeFailure(error: unknown, functionName: string): AppError {
  if (error instanceof AppError) return error;
  const where = `FC InvokeFunction ${functionName}`;
  const e = isRecord(error) ? error : {};
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined) {
    const data = isRecord(e.data) ? e.data : {};
    // FC 3.0 error bodies are {Code, Message, RequestId}; the SDK reads Code/code, so FC 2.0-style
    // {errorCode} would come through as the string "undefined".
    const code = text(e.code) ?? text(data.errorCode) ?? 'unknown';
    const requestId = text(e.requestId) ?? text(data.RequestId) ?? text(data.requestId);
    const summary = `${where} failed: HTTP ${status} ${code}${requestId ? ` (request ${requestId})` : ''}`;
    if (status === 429 || status >= 500 || code.includes('Throttling')) return new AppError('dependency_unavailable', summary, { cause: error });
    return new AppError('internal', summary, { cause: error });
  }
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (name.includes('Timeout') || UNREACHABLE.has(code)) {
    return new AppError('dependency_unavailable', `${where} unreachable: ${name.includes('Timeout') ? 'timed out' : code}`, { cause: error });
  }
  return new AppError('internal', `${where} failed: ${name || 'unknown error'}`, { cause: error });
}
