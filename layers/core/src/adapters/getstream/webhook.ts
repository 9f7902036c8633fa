import { createHash, createHmac } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { AppError, UnauthorizedError } from '../../domain/errors.js';
import type { CallWebhookReader, WebhookDelivery } from '../../ports/call-webhook.js';
import { safeEqual } from '../node-crypto/safe-equal.js';
import { parseObject } from '../webhook-body.js';
import { CALL_TYPE } from './call-provider.js';
import { mapStreamEvent } from './webhook-events.js';

export interface StreamAccount {
  apiKey: string;
  apiSecret: string;
}

/** A delivery whose signature held: the parsed event and the key that recognises its retries. */
export interface VerifiedStreamWebhook {
  event: { type: string } & Record<string, unknown>;
  /** `X-WEBHOOK-ID` plus the body's hash: the id alone is not signed, so anyone could pick one. */
  dedupeKey: string;
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Stream's scheme (calls-notes §A8): `X-SIGNATURE` is hex(HMAC-SHA256(API secret, raw body after
 * gunzip)), `X-API-KEY` names the app. The body is decompressed under `maxBytes`, so a small gzip
 * bomb cannot expand in memory; compression is taken from the header or, like the SDK, the magic bytes.
 */
export function verifyStreamWebhook(
  req: { headers: Readonly<Record<string, string>>; body: Buffer },
  account: StreamAccount,
  maxBytes: number,
): VerifiedStreamWebhook {
  if (req.body.length > maxBytes) throw new AppError('payload_too_large', `Webhook bodies are at most ${maxBytes} bytes`);
  if (!safeEqual(req.headers['x-api-key'] ?? '', account.apiKey)) throw new UnauthorizedError('unauthorized', 'X-API-KEY is not this app');
  const raw = decompress(req.body, req.headers['content-encoding'], maxBytes);
  const expected = createHmac('sha256', account.apiSecret).update(raw).digest('hex');
  if (!safeEqual((req.headers['x-signature'] ?? '').trim(), expected)) throw new UnauthorizedError('unauthorized', 'X-SIGNATURE does not match the body');
  const event = parseObject(raw);
  if (typeof event.type !== 'string') throw new AppError('malformed_json', 'A Stream webhook has a string `type`');
  const id = req.headers['x-webhook-id'] ?? '';
  return { event: event as VerifiedStreamWebhook['event'], dedupeKey: `${id}:${sha256(raw)}` };
}

function decompress(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const gzipped = /\bgzip\b/i.test(encoding ?? '') || body.subarray(0, 2).equals(GZIP_MAGIC);
  if (!gzipped) return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new AppError('payload_too_large', `Webhook bodies are at most ${maxBytes} bytes uncompressed`, { cause });
    throw new AppError('malformed_json', 'The body is not valid gzip', { cause });
  }
}

/** Stream Video webhooks (`POST /v1/webhooks/getstream`): verified, then mapped for our call type. */
export class GetStreamWebhookReader implements CallWebhookReader {
  constructor(
    private readonly account: StreamAccount,
    private readonly maxBytes: number,
  ) {}

  read(req: { headers: Readonly<Record<string, string>>; body: Buffer }): WebhookDelivery {
    const { event, dedupeKey } = verifyStreamWebhook(req, this.account, this.maxBytes);
    return { dedupeKey, event: mapStreamEvent(event, CALL_TYPE) };
  }
}
