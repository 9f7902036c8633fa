import type { z } from 'zod';
import { AppError, ValidationError, type ErrorDetail } from '../domain/errors.js';
import type { HttpRequest } from './http-request.js';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads and validates a JSON body. Every way a client can get the body wrong ends in a 4xx with
 * details: wrong media type, too large, not JSON, or not matching the schema.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readJson<S extends z.ZodType>(req: HttpRequest, schema: S, maxBytes = DEFAULT_MAX_BODY_BYTES): z.infer<S> {
  if (req.body.length > maxBytes) {
    throw new AppError('payload_too_large', `Request body is larger than ${maxBytes} bytes`);
  }
  const type = req.headers['content-type'];
  if (req.body.length > 0 && type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the body as application/json');
  }
  let value: unknown;
  try {
    // Fatal decoding: invalid UTF-8 would otherwise become U+FFFD and be stored as if sent (RFC 8259 §8.1).
    value = req.body.length === 0 ? undefined : JSON.parse(utf8.decode(req.body));
  } catch (cause) {
    throw new AppError('malformed_json', 'Request body is not valid JSON', {
      cause,
      details: [{ issue: cause instanceof Error ? cause.message : 'unparseable' }],
    });
  }
  return parseWith(schema, value, 'Request body is invalid');
}

/**
 * Query parameter names are case-insensitive (the request holds them lower-cased); this maps them
 * back onto the schema's own spelling, so `beforeSeq`, `beforeseq` and `BEFORESEQ` all work.
 */
export function readQuery<S extends z.ZodType>(req: HttpRequest, schema: S): z.infer<S> {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const query: Record<string, string> = {};
  const spelling = new Map(Object.keys(shape ?? {}).map((k) => [k.toLowerCase(), k]));
  for (const [key, value] of Object.entries(req.query)) query[spelling.get(key.toLowerCase()) ?? key] = value;
  return parseWith(schema, query, 'Query parameters are invalid');
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, message: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(message, toDetails(result.error));
}

export function toDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue): ErrorDetail[] => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, issue: 'unknown field' }));
    }
    return [{ ...(base ? { field: base } : {}), issue: issue.message }];
  });
}
