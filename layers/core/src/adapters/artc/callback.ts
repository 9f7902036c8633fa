import type { CallInput } from '../../domain/calls/state-machine.js';
import { AppError, UnauthorizedError, ValidationError } from '../../domain/errors.js';
import type { CallWebhookReader, ProviderEvent, WebhookDelivery } from '../../ports/call-webhook.js';
import { safeEqual } from '../node-crypto/safe-equal.js';
import { parseObject } from '../webhook-body.js';

export interface ArtcApp {
  appId: string;
  /** Carried in the callback URL's path: ARTC signs nothing (calls-notes §B5, §C.6). */
  callbackSecret: string;
}

type Json = Record<string, unknown>;

/**
 * Reads a field under either spelling ARTC's samples use: the live 2016-11-01 SDK writes
 * `ChannelId`/`SubscribeId`, the rtc doc `ChannelID`/`SubscribeID`. Which one the live service sends
 * (and whether `AppID`, `MsgID`, `UserID` vary the same way) is UNVERIFIED, so every key is read
 * case-insensitively, here and nowhere else.
 */
export function artcField(obj: Json, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

/**
 * ARTC event times. `UserEvent.Timestamp` and `MsgTimestamp` are Unix seconds in the one sample
 * there is; the unit is otherwise UNVERIFIED, so a value too large for seconds is read as ms.
 */
export function artcTime(value: unknown): Date | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return null;
  return new Date(n > 1e12 ? n : n * 1000);
}

const text = (obj: Json, name: string): string | undefined => {
  const v = artcField(obj, name);
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
};
const object = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const missing = (field: string) => new ValidationError('The ARTC callback is missing a field it always has', [{ field, issue: 'required' }]);

/** A callback that passed the checks: its body and the key that recognises a redelivery. */
export interface VerifiedArtcCallback {
  body: Json;
  dedupeKey: string;
}

/** The path secret (constant time), a JSON object body, our `AppId`, and a `MsgId` to dedupe on. */
export function verifyArtcCallback(req: { secret: string; body: Buffer }, app: ArtcApp, maxBytes: number): VerifiedArtcCallback {
  if (!safeEqual(req.secret, app.callbackSecret)) throw new UnauthorizedError('unauthorized', 'Unknown callback URL');
  if (req.body.length > maxBytes) throw new AppError('payload_too_large', `Callback bodies are at most ${maxBytes} bytes`);
  const body = parseObject(req.body);
  if (text(body, 'AppId') !== app.appId) throw new UnauthorizedError('unauthorized', 'The callback is for another ARTC application');
  const msgId = text(body, 'MsgId');
  if (!msgId) throw missing('MsgId');
  return { body, dedupeKey: `${text(body, 'SubscribeId') ?? ''}:${msgId}` };
}

/**
 * One callback as inputs for the call on its channel. `UserEvent` Join/Leave are the only events
 * that move a call; Publish, Unpublish and Roleupdate do not. `ChannelEvent` (opened/closed) is
 * read as nothing: its EventTag values are UNVERIFIED, and the last Leave and the reconcile timer
 * already end the call. Null: nothing in it is about a call (no UserEvent at all).
 */
export function mapArtcCallback(body: Json): ProviderEvent | null {
  const channelId = text(body, 'ChannelId');
  if (!channelId) throw missing('ChannelId');
  const contents = artcField(body, 'Contents');
  if (!Array.isArray(contents)) throw missing('Contents');
  const sentAt = artcTime(artcField(body, 'MsgTimestamp'));
  const inputs: CallInput[] = [];
  let aboutUsers = false;
  for (const [i, raw] of contents.entries()) {
    const content = object(raw);
    if (!content) throw missing(`Contents.${i}`);
    if (text(content, 'Event') !== 'UserEvent') continue;
    aboutUsers = true;
    const input = userEventInput(object(artcField(content, 'UserEvent')), sentAt, `Contents.${i}.UserEvent`);
    if (input) inputs.push(input);
  }
  return aboutUsers ? { providerCallId: channelId, inputs } : null;
}

function userEventInput(event: Json | undefined, sentAt: Date | null, field: string): CallInput | null {
  if (!event) throw missing(field);
  const userId = text(event, 'UserId');
  const tag = text(event, 'EventTag');
  if (!userId) throw missing(`${field}.UserId`);
  if (!tag) throw missing(`${field}.EventTag`);
  if (tag !== 'Join' && tag !== 'Leave') return null;
  // The event's own time; the send time only if it has none (it is later, never earlier).
  const at = artcTime(artcField(event, 'Timestamp')) ?? sentAt;
  if (!at) throw missing(`${field}.Timestamp`);
  return tag === 'Join' ? { type: 'joined', userId, at } : { type: 'left', userId, at };
}

/** ARTC event callbacks (`POST /v1/webhooks/artc/{secret}`). */
export class ArtcCallbackReader implements CallWebhookReader {
  constructor(
    private readonly app: ArtcApp,
    private readonly maxBytes: number,
  ) {}

  read(req: { body: Buffer; params: Readonly<Record<string, string>> }): WebhookDelivery {
    const { body, dedupeKey } = verifyArtcCallback({ secret: req.params.secret ?? '', body: req.body }, this.app, this.maxBytes);
    return { dedupeKey, event: mapArtcCallback(body) };
  }
}
