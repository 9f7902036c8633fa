import type { MessageView } from '@chat/core/domain/chat/message';

/**
 * The text of every fan-out message: `bench <step> <sent at, ms since the epoch> ` padded with `x`
 * to a fixed length, so both systems carry the same bytes and a receiver needs nothing but the
 * message to measure latency and attribute it to its step (late deliveries stay in their step).
 */
export const TEXT_LENGTH = 100;

export function benchText(step: number, sentAtMs: number): string {
  return `bench ${step} ${sentAtMs.toFixed(3)} `.padEnd(TEXT_LENGTH, 'x');
}

/** The step and send time carried in `text`, or undefined for anything else. */
export function readBenchText(text: unknown): { step: number; sentAtMs: number } | undefined {
  if (typeof text !== 'string' || !text.startsWith('bench ')) return undefined;
  const space = text.indexOf(' ', 6);
  const end = text.indexOf(' ', space + 1);
  const step = Number(text.slice(6, space));
  const sentAtMs = Number(text.slice(space + 1, end));
  return Number.isFinite(step) && Number.isFinite(sentAtMs) ? { step, sentAtMs } : undefined;
}

/**
 * A MessageView as the chat service publishes it after storing a message (send-message.ts):
 * the same shape and about the same size, for both systems.
 */
export function benchMessage(input: { conversationId: string; seq: number; senderId: string; step: number; sentAtMs: number; serial: number }): MessageView {
  const id = `bench-${input.serial.toString(36).padStart(12, '0')}-0000-0000-000000000000`.slice(0, 36);
  return {
    id,
    kind: 'text',
    conversationId: input.conversationId,
    seq: input.seq,
    senderId: input.senderId,
    clientMsgId: id,
    text: benchText(input.step, input.sentAtMs),
    attachments: [],
    mentions: [],
    replyToSeq: null,
    reactions: {},
    createdAt: new Date(input.sentAtMs).toISOString(),
    editedAt: null,
    deletedAt: null,
  };
}

const MARKER = Buffer.from('"bench ');
const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/** Where `scanBenchFrame` puts what it found (one object, reused: nothing is allocated per frame). */
export interface BenchStamp {
  step: number;
  sentAtMs: number;
}

/**
 * Finds the step and send time in the frame `frame[start, end)` by scanning its bytes for the
 * text's marker and reading the digits in place, rather than parsing the JSON or making strings:
 * the load generators must stay cheap next to the servers they measure (on a small machine they
 * share its cores), and both systems' frames get the same scan. Returns false for anything else.
 */
export function scanBenchFrame(frame: Buffer, start: number, end: number, out: BenchStamp): boolean {
  const at = frame.indexOf(MARKER, start);
  if (at < 0 || at + MARKER.length >= end) return false;
  let i = at + MARKER.length;
  let step = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = frame[i]!;
    if (c < 0x30 || c > 0x39) break;
    step = step * 10 + c - 0x30;
    digits++;
  }
  if (digits === 0 || i >= end || frame[i] !== 0x20) return false;
  i += 1;
  let mantissa = 0;
  let decimals = -1;
  digits = 0;
  for (; i < end; i++) {
    const c = frame[i]!;
    if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + c - 0x30;
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 0x2e && decimals < 0) decimals = 0;
    else break;
  }
  if (digits === 0 || i >= end || frame[i] !== 0x20 || decimals >= POW10.length) return false;
  out.step = step;
  out.sentAtMs = decimals > 0 ? mantissa / POW10[decimals]! : mantissa;
  return true;
}

/** `scanBenchFrame` for one frame, with a fresh result. */
export function readBenchFrame(frame: Buffer, start = 0, end = frame.length): BenchStamp | undefined {
  const out = { step: 0, sentAtMs: 0 };
  return scanBenchFrame(frame, start, end, out) ? out : undefined;
}
