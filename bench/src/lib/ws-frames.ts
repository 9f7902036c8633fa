import { randomFillSync } from 'node:crypto';

// WebSocket framing (RFC 6455 §5) for the bench's raw client (raw-ws.ts): server frames parsed in
// place, masked client frames built.

export interface FrameSink {
  /** A text (or binary) frame's payload: `buffer[start, end)`, valid only during the call. */
  onText(buffer: Buffer, start: number, end: number): void;
  onPing(buffer: Buffer, start: number, end: number): void;
  onClose(code: number, reason: string): void;
  /** The stream broke the protocol; the parser stops. */
  onError(error: Error): void;
}

const MAX_PAYLOAD = 64 * 1024 * 1024;

/** Incremental parser of unmasked server frames. */
export class FrameParser {
  /** Bytes of an incomplete frame, copied from earlier reads: `pending[0, pendingLength)`. */
  private pending: Buffer | undefined;
  private pendingLength = 0;
  private failed = false;

  constructor(private readonly sink: FrameSink) {}

  /** Parses `chunk[start, end)`; the chunk may be reused by the caller afterwards. */
  push(chunk: Buffer, start = 0, end = chunk.length): void {
    if (this.failed) return;
    let buf = chunk;
    let off = start;
    let len = end;
    if (this.pending) {
      // Appended in a buffer that grows geometrically, so a frame split over many reads costs linear time.
      const needed = this.pendingLength + end - start;
      if (needed > this.pending.length) {
        const grown = Buffer.allocUnsafe(Math.max(needed, this.pending.length * 2));
        this.pending.copy(grown, 0, 0, this.pendingLength);
        this.pending = grown;
      }
      chunk.copy(this.pending, this.pendingLength, start, end);
      buf = this.pending;
      off = 0;
      len = needed;
      this.pending = undefined;
      this.pendingLength = 0;
    }
    while (off < len) {
      if (len - off < 2) break;
      const b0 = buf[off]!;
      const b1 = buf[off + 1]!;
      let payloadLen = b1 & 0x7f;
      let header = 2;
      if (payloadLen === 126) {
        if (len - off < 4) break;
        payloadLen = buf.readUInt16BE(off + 2);
        header = 4;
      } else if (payloadLen === 127) {
        if (len - off < 10) break;
        const high = buf.readUInt32BE(off + 2);
        payloadLen = high * 0x1_0000_0000 + buf.readUInt32BE(off + 6);
        header = 10;
        if (payloadLen > MAX_PAYLOAD) return this.fail(`frame of ${payloadLen} bytes is too large`);
      }
      if (b1 & 0x80) return this.fail('server frames must not be masked');
      if (b0 & 0x70) return this.fail('reserved bits set (no extension was negotiated)');
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (!fin || opcode === 0) return this.fail('fragmented frames are not supported by the bench client');
      const frameEnd = off + header + payloadLen;
      if (frameEnd > len) break;
      const payload = off + header;
      off = frameEnd;
      switch (opcode) {
        case 1:
        case 2:
          this.sink.onText(buf, payload, frameEnd);
          break;
        case 8: {
          const code = frameEnd - payload >= 2 ? buf.readUInt16BE(payload) : 1005;
          const reason = frameEnd - payload > 2 ? buf.toString('utf8', payload + 2, frameEnd) : '';
          this.failed = true; // nothing follows a close
          this.sink.onClose(code, reason);
          return;
        }
        case 9:
          this.sink.onPing(buf, payload, frameEnd);
          break;
        case 10:
          break;
        default:
          return this.fail(`unknown opcode ${opcode}`);
      }
      if (this.failed) return;
    }
    if (off < len) {
      if (buf !== chunk && off === 0)
        this.pending = buf; // still the pending buffer: keep it
      else this.pending = Buffer.from(buf.subarray(off, len)); // a copy: `chunk` is reused
      this.pendingLength = len - off;
    }
  }

  private fail(message: string): void {
    this.failed = true;
    this.pending = undefined;
    this.pendingLength = 0;
    this.sink.onError(new Error(message));
  }
}

/** A masked client frame (RFC 6455 §5.3). */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + n);
  frame[0] = 0x80 | opcode;
  if (n < 126) frame[1] = 0x80 | n;
  else if (n < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeUInt32BE(Math.floor(n / 0x1_0000_0000), 2);
    frame.writeUInt32BE(n >>> 0, 6);
  }
  randomFillSync(frame, header, 4);
  for (let i = 0; i < n; i++) frame[header + 4 + i] = payload[i]! ^ frame[header + (i & 3)]!;
  return frame;
}
