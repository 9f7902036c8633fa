import type { MessageView } from '@chat/core/domain/chat/message';
import { eventFrame, type DeliverableEvent, type ServerFrame } from './protocol.js';
import { textFrame } from './transport.js';

/** A server frame together with the WebSocket frame that carries it, as the transport writes it. */
export interface EncodedFrame {
  readonly frame: ServerFrame;
  readonly wire: Buffer;
}

/** `message.new`, with its message's creation time parsed once for the delivery-latency metric. */
export interface EncodedMessageFrame extends EncodedFrame {
  readonly createdAtMs: number;
}

export function encodeFrame(frame: ServerFrame): EncodedFrame {
  return { frame, wire: textFrame(JSON.stringify(frame)) };
}

// The bus adapter parses an event once per node and the hub hands that one object to every local
// recipient, so keying by it serialises each fan-out once per node instead of once per connection.
// Entries go with the event once the last connection has let go of it.
const byMessage = new WeakMap<MessageView, EncodedMessageFrame>();
const byEvent = new WeakMap<DeliverableEvent, EncodedFrame>();

/** `message.new` for a message; one encoding per message object. */
export function messageNewFrame(message: MessageView): EncodedMessageFrame {
  let encoded = byMessage.get(message);
  if (!encoded) byMessage.set(message, (encoded = { ...encodeFrame({ type: 'message.new', message }), createdAtMs: Date.parse(message.createdAt) }));
  return encoded;
}

/** The client frame of a bus event; one encoding per event object. */
export function encodedEventFrame(event: DeliverableEvent): EncodedFrame {
  let encoded = byEvent.get(event);
  if (!encoded) byEvent.set(event, (encoded = encodeFrame(eventFrame(event))));
  return encoded;
}
