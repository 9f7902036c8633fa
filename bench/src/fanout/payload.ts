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

/**
 * The step and send time of a received frame, found by scanning its bytes for the text's marker
 * rather than parsing the JSON: the load generators must stay cheap next to the servers they
 * measure (on a small machine they share its cores), and both systems' frames get the same scan.
 */
export function readBenchFrame(frame: Buffer): { step: number; sentAtMs: number } | undefined {
  const at = frame.indexOf(MARKER);
  return at < 0 ? undefined : readBenchText(frame.toString('latin1', at + 1, at + 49));
}
