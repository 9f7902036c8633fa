import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FcContext, FcHttpEvent } from '@chat/core/runtime/fc-types';

const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml|javascript))/i;

/** Multiple values of one header or query key are joined with commas, as FC does. */
function joinPairs(pairs: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of pairs) out[key] = key in out ? `${out[key]},${value}` : value;
  return out;
}

function headerPairs(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) pairs.push([canonical(raw[i]!), raw[i + 1]!]);
  return pairs;
}

// FC hands headers over in canonical case (Content-Type), whatever case the client sent.
const canonical = (name: string) => name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/** Builds the FC 3.0 HTTP-trigger event a built-in runtime would pass for this request. */
export function toFcHttpEvent(req: IncomingMessage, body: Buffer, now = new Date()): FcHttpEvent {
  const url = new URL(req.url ?? '/', 'http://local');
  // Bytes that are not UTF-8 cannot ride in the event as a string without turning into U+FFFD, so
  // they go base64 like any binary body and the handler sees (and refuses) what was really sent.
  const binary = body.length > 0 && (!TEXT_TYPES.test(req.headers['content-type'] ?? 'application/octet-stream') || !isUtf8(body));
  return {
    version: 'v1',
    rawPath: url.pathname,
    body: binary ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: binary,
    headers: joinPairs(headerPairs(req.rawHeaders)),
    queryParameters: joinPairs([...url.searchParams.entries()]),
    requestContext: {
      accountId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: safeDecode(url.pathname),
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      timeEpoch: String(now.getTime()),
    },
  };
}

export function toFcContext(event: FcHttpEvent, fn: { name: string; handler: string; memory: number; timeout: number }): FcContext {
  return {
    requestId: event.requestContext.requestId,
    credentials: { accessKeyId: '', accessKeySecret: '', securityToken: '' },
    function: fn,
    region: 'local',
    accountId: 'local',
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
