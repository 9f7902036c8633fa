import { AppError } from '../domain/errors.js';
import type { FcEventInput, FcHttpEvent } from './fc-types.js';

/** A request as handlers see it: headers and query keys lower-cased, body decoded to bytes. */
export interface HttpRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
  body: Buffer;
  sourceIp: string;
  /** Path parameters matched from the function's route pattern. */
  params: Readonly<Record<string, string>>;
}

export function decodeEvent(input: FcEventInput): unknown {
  if (Buffer.isBuffer(input) || input instanceof Uint8Array) return parseJson(Buffer.from(input).toString('utf8'));
  if (typeof input === 'string') return parseJson(input);
  return input;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AppError('internal', 'The function received an event that is not JSON', { cause });
  }
}

function isHttpEvent(value: unknown): value is FcHttpEvent {
  const e = value as Partial<FcHttpEvent> | null;
  return !!e && typeof e === 'object' && typeof e.rawPath === 'string' && typeof e.requestContext?.http?.method === 'string';
}

function lowerKeys(record: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) out[key.toLowerCase()] = String(value);
  return out;
}

export function toHttpRequest(input: FcEventInput): HttpRequest {
  const event = decodeEvent(input);
  if (!isHttpEvent(event)) throw new AppError('internal', 'The function received an event that is not an FC 3.0 HTTP event');
  const raw = event.body ?? '';
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.requestContext.http.path || safeDecode(event.rawPath),
    headers: lowerKeys(event.headers),
    query: lowerKeys(event.queryParameters),
    body: event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
    sourceIp: event.requestContext.http.sourceIp,
    params: {},
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The request id FC assigned, or the caller's, so one id follows a request through logs. */
export function requestIdOf(input: { contextId?: string; headers: Readonly<Record<string, string>> }): string | undefined {
  return input.contextId || input.headers['x-fc-request-id'] || input.headers['x-request-id'] || undefined;
}
