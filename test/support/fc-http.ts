import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { FcContext, FcHandler, FcHttpEvent, FcHttpResult } from '@chat/core/runtime/fc-types';

// A real FC 3.0 HTTP-trigger event (reference/fc3/http-trigger-event.json), used as the template.
const template = JSON.parse(readFileSync(new URL('./fc3-http-event.json', import.meta.url), 'utf8')) as FcHttpEvent;

export interface EventInput {
  method: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** An object is sent as JSON; a string as-is; a Buffer base64-encoded. */
  body?: unknown;
  sourceIp?: string;
}

export function httpEvent(input: EventInput): Buffer {
  const isBuffer = Buffer.isBuffer(input.body);
  const body =
    input.body === undefined
      ? ''
      : isBuffer
        ? (input.body as Buffer).toString('base64')
        : typeof input.body === 'string'
          ? input.body
          : JSON.stringify(input.body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...input.headers };
  const path = decodeURIComponent(input.path);
  const event: FcHttpEvent = {
    ...template,
    rawPath: encodeURI(path),
    headers,
    queryParameters: input.query ?? {},
    body,
    isBase64Encoded: isBuffer,
    requestContext: {
      ...template.requestContext,
      requestId: randomUUID(),
      http: { ...template.requestContext.http, method: input.method, path, sourceIp: input.sourceIp ?? '203.0.113.7' },
    },
  };
  return Buffer.from(JSON.stringify(event));
}

export function fcContext(): FcContext {
  return { requestId: randomUUID(), function: { name: 'test', handler: 'index.handler', memory: 512, timeout: 15 }, region: 'local', accountId: 'local' };
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary response fields
  raw: FcHttpResult;
}

export async function call(handler: FcHandler<FcHttpResult>, input: EventInput): Promise<Reply> {
  const raw = await handler(httpEvent(input), fcContext());
  const text = raw.isBase64Encoded ? Buffer.from(raw.body, 'base64').toString('utf8') : raw.body;
  return { status: raw.statusCode, headers: raw.headers, json: text ? JSON.parse(text) : undefined, raw };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
