import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

type Json = Record<string, unknown>;

/**
 * A fixture under test/fixtures/calls with its `{{name}}` placeholders filled: the payloads are
 * frozen, the ids (users, call, channel) are the test's own.
 */
export function callFixture<T = Json>(name: string, vars: Record<string, string>): T {
  const text = readFileSync(new URL(`../fixtures/calls/${name}.json`, import.meta.url), 'utf8');
  const filled = text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`fixture ${name}: no value for {{${key}}}`);
    return value;
  });
  return JSON.parse(filled) as T;
}

export interface StreamFixture {
  expected: { answeredAt: string; endedAt: string; durations: Record<string, number>; durationSeconds: number };
  presence: (Json & { type: string })[];
  terminal: (Json & { type: string })[];
}

export interface ArtcFixture {
  expected: { answeredAtOffset: number; endedAtOffset: number; durations: Record<string, number> };
  deliveries: Json[];
}

/** What Stream signs: hex HMAC-SHA256 of the uncompressed body with the API secret (calls-notes §A8). */
export const streamSignature = (body: string | Buffer, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

/** The headers and body of one Stream delivery of `event`, as Stream would send it. */
export function streamDelivery(
  event: Json,
  account: { apiKey: string; apiSecret: string },
  options: { webhookId?: string; attempt?: number; gzip?: boolean } = {},
) {
  const raw = JSON.stringify(event);
  const headers: Record<string, string> = {
    'X-WEBHOOK-ID': options.webhookId ?? `wh-${String(event.type)}-${String(event.created_at)}`,
    'X-WEBHOOK-ATTEMPT': String(options.attempt ?? 1),
    'X-API-KEY': account.apiKey,
    'X-SIGNATURE': streamSignature(raw, account.apiSecret),
  };
  if (options.gzip) headers['Content-Encoding'] = 'gzip';
  return { headers, raw, body: options.gzip ? gzipSync(raw) : raw };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * A fixture moved in time by `deltaMs`: every RFC 3339 string (Stream) and every `…Timestamp`
 * number in Unix seconds (ARTC) shifts, so a call started now gets events after its start.
 */
export function shiftTimes<T>(value: T, deltaMs: number, key = ''): T {
  if (typeof value === 'string' && ISO.test(value)) return new Date(new Date(value).getTime() + deltaMs).toISOString() as T;
  if (typeof value === 'number' && /Timestamp$/i.test(key)) return (value + Math.round(deltaMs / 1000)) as T;
  if (Array.isArray(value)) return value.map((v) => shiftTimes(v, deltaMs, key)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftTimes(v, deltaMs, k)])) as T;
  return value;
}
