import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { findRoute, type LoadedFunction } from './function-host.js';
import { toFcContext, toFcHttpEvent } from './fc-event.js';
import type { DomainRoute } from '../lib/s-yaml.js';
import type { FcHttpResult } from '@chat/core/runtime/fc-types';
import { corsHeaders } from '@chat/core/runtime/cors';
import type { Duplex } from 'node:stream';

// FC's limit for a synchronous invocation payload.
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface HttpServerOptions {
  routes: DomainRoute[];
  functions: Map<string, LoadedFunction>;
  log: (line: string) => void;
  /** For the CORS headers of the local cloud's own errors (the functions add theirs). */
  allowedOrigins?: readonly string[];
  /** Requests no function route claims (web client, /ws upgrades are handled elsewhere). */
  fallback?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

/** The API gateway of the local cloud: HTTP request → FC 3.0 event → handler → HTTP response. */
export function createApiServer(options: HttpServerOptions): Server {
  const server = createServer((req, res) => {
    const started = performance.now();
    const fail = (status: number, code: string, message: string) =>
      sendError(res, status, code, message, corsHeaders(req.headers.origin, options.allowedOrigins ?? []));
    handle(req, res, options, fail)
      .catch((error: unknown) => {
        options.log(`local cloud error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) fail(502, 'bad_gateway', 'The function failed to produce a response');
      })
      .finally(() => options.log(`${req.method} ${req.url} → ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
  });
  // Requests Node's parser rejects (oversized headers, bad syntax) never reach the handler; without
  // this Node answers with a bare status line, not the error shape every other answer has.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => rejectUnparsed(error, socket));
  return server;
}

type Fail = (status: number, code: string, message: string) => void;

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions, fail: Fail): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const match = findRoute(options.routes, req.method ?? 'GET', url.pathname);
  if (!match) {
    if (await options.fallback?.(req, res)) return;
    return fail(404, 'route_not_found', `No route for ${url.pathname}`);
  }
  if ('allowed' in match) {
    res.setHeader('allow', match.allowed.join(', '));
    return fail(405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
  }
  const body = await readBody(req);
  if (!body) return fail(413, 'payload_too_large', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
  const fn = options.functions.get(match.route.resource)!;
  const event = toFcHttpEvent(req, body);
  const context = toFcContext(event, { name: fn.name, handler: 'index.handler', memory: fn.memory, timeout: fn.timeout });
  const result = await fn.handler(Buffer.from(JSON.stringify(event)), context);
  writeResult(res, result);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function writeResult(res: ServerResponse, result: FcHttpResult): void {
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '', 'utf8');
  res.writeHead(result.statusCode, { ...result.headers, 'content-length': String(body.length) });
  res.end(body);
}

const errorBody = (code: string, message: string, requestId: string) => JSON.stringify({ error: { code, message, details: [] }, requestId });

function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string>): void {
  const requestId = randomUUID();
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', 'x-request-id': requestId });
  res.end(errorBody(code, message, requestId));
}

function rejectUnparsed(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'The request headers are larger than the server accepts']
      : [400, 'Bad Request', 'malformed_request', 'The request is not valid HTTP'];
  const requestId = randomUUID();
  const body = errorBody(code, message, requestId);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
      `X-Request-Id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
