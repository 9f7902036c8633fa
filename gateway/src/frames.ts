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

/**
 * The last few encodings, by the identity of what was encoded. The bus adapter parses an event once
 * per node and the hub hands that one object to every local recipient in one pass, so a short memo
 * serialises each fan-out once per node instead of once per connection. A WeakMap did the same, but
 * its entries kept every event and frame alive through the next scavenge: a node promoted ≈ 600 KiB
 * of them per scavenge (Socket.IO: ≈ 3 KiB), and its scavenges took twice as long as the peer's.
 */
class RecentEncodings<K extends object, V> {
  private readonly keys: (K | undefined)[];
  private readonly values: (V | undefined)[];
  private next = 0;

  constructor(size: number) {
    this.keys = new Array<K | undefined>(size).fill(undefined);
    this.values = new Array<V | undefined>(size).fill(undefined);
  }

  get(key: K, encode: (key: K) => V): V {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === key) return this.values[i]!;
    const value = encode(key);
    this.keys[this.next] = key;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.keys.length;
    return value;
  }
}

// A recipient's stream can deliver a held message in the middle of a fan-out: a few slots, not one.
const byMessage = new RecentEncodings<MessageView, EncodedMessageFrame>(4);
const byEvent = new RecentEncodings<DeliverableEvent, EncodedFrame>(4);

const encodeMessageNew = (message: MessageView): EncodedMessageFrame => ({
  ...encodeFrame({ type: 'message.new', message }),
  createdAtMs: Date.parse(message.createdAt),
});
const encodeEvent = (event: DeliverableEvent): EncodedFrame => encodeFrame(eventFrame(event));

/** `message.new` for a message; one encoding per message object while it is being fanned out. */
export function messageNewFrame(message: MessageView): EncodedMessageFrame {
  return byMessage.get(message, encodeMessageNew);
}

/** The client frame of a bus event; one encoding per event object while it is being fanned out. */
export function encodedEventFrame(event: DeliverableEvent): EncodedFrame {
  return byEvent.get(event, encodeEvent);
}
