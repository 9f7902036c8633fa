import type { FcEventInput } from './fc-types.js';

/**
 * A RabbitMQ-trigger CloudEvent (reference: fixtures/rabbitmq-cloudevent.json). In event-driven
 * mode FC passes one; in event-streaming (batch) mode a JSON array of them.
 */
export interface RabbitMqCloudEvent {
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  specversion: string;
  datacontenttype?: string;
  data: {
    envelope: { deliveryTag: number; exchange: string; redeliver: boolean; routingKey: string };
    body: unknown;
    props: { contentEncoding?: string; messageId?: string } & Record<string, unknown>;
  };
  [aliyun: `aliyun${string}`]: unknown;
}

/** One message of a trigger event, its body decoded, or the reason it cannot be. */
export interface QueueItem {
  /** The item as it arrived, kept for the dead-letter queue. */
  raw: unknown;
  eventId: string | undefined;
  messageId: string | undefined;
  body: unknown;
  /** Set when the item has no readable body; such an item is dead-lettered, never retried. */
  problem?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asString = (v: unknown) => (typeof v === 'string' ? v : undefined);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The body as an object. EventBridge passes a JSON body parsed (the documented sample); a body it
 * did not parse may arrive as a string, plain or (UNVERIFIED) base64, so both are tried.
 */
function decodeBody(body: unknown): { body: unknown } | { problem: string } {
  if (typeof body !== 'string') return body === undefined ? { problem: 'the event has no data.body' } : { body };
  const plain = parseJson(body);
  if (plain.ok) return { body: plain.value };
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(body.trim())) {
    const decoded = parseJson(Buffer.from(body, 'base64').toString('utf8'));
    if (decoded.ok) return { body: decoded.value };
  }
  return { problem: 'data.body is not JSON' };
}

function toItem(raw: unknown): QueueItem {
  if (!isRecord(raw)) return { raw, eventId: undefined, messageId: undefined, body: undefined, problem: 'the event item is not an object' };
  // With `eventSchema: RawData` the item is the CloudEvent's `data` itself.
  const data = isRecord(raw.data) ? raw.data : 'body' in raw && 'envelope' in raw ? raw : undefined;
  const props = isRecord(data?.props) ? data.props : {};
  const item = { raw, eventId: asString(raw.id), messageId: asString(props.messageId) };
  if (!data) return { ...item, body: undefined, problem: 'the event item has no data (not a RabbitMQ CloudEvent)' };
  const decoded = decodeBody(data.body);
  return 'problem' in decoded ? { ...item, body: undefined, problem: decoded.problem } : { ...item, body: decoded.body };
}

/** Splits a trigger event (a Buffer of JSON: one CloudEvent or an array of them) into items. */
export function queueItems(input: FcEventInput): QueueItem[] {
  let event: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input) || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
    const parsed = parseJson(text);
    if (!parsed.ok) return [{ raw: text, eventId: undefined, messageId: undefined, body: undefined, problem: 'the event is not JSON' }];
    event = parsed.value;
  }
  return (Array.isArray(event) ? event : [event]).map(toItem);
}
