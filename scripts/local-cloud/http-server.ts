import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { findRoute, type LoadedFunction } from './function-host.js';
import { toFcContext, toFcHttpEvent } from './fc-event.js';
import type { DomainRoute } from '../lib/s-yaml.js';
import type { FcHttpResult } from '@chat/core/runtime/fc-types';

// FC's limit for a synchronous invocation payload.
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface HttpServerOptions {
  routes: DomainRoute[];
  functions: Map<string, LoadedFunction>;
  log: (line: string) => void;
  /** Requests no function route claims (web client, /ws upgrades are handled elsewhere). */
  fallback?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** The API gateway of the local cloud: HTTP request → FC 3.0 event → handler → HTTP response. */
export function createApiServer(options: HttpServerOptions): Server {
  return createServer((req, res) => {
    const started = performance.now();
    handle(req, res, options)
      .catch((error: unknown) => {
        options.log(`local cloud error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) sendError(res, 502, 'bad_gateway', 'The function failed to produce a response');
      })
      .finally(() => options.log(`${req.method} ${req.url} → ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const match = findRoute(options.routes, req.method ?? 'GET', url.pathname);
  if (!match) {
    if (options.fallback?.(req, res)) return;
    return sendError(res, 404, 'route_not_found', `No route for ${url.pathname}`);
  }
  if ('allowed' in match) {
    res.setHeader('allow', match.allowed.join(', '));
    return sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
  }
  const body = await readBody(req);
  if (!body) return sendError(res, 413, 'payload_too_large', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
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

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const requestId = randomUUID();
  const body = JSON.stringify({ error: { code, message, details: [] }, requestId });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId });
  res.end(body);
}
