/** Background work queued after a change, processed by one FC worker function per type. */
export type JobType = 'push' | 'email' | 'mention' | 'sync' | 'analytics' | 'media';

export const JOB_TYPES: readonly JobType[] = ['push', 'email', 'mention', 'sync', 'analytics', 'media'];

/** The types every new message queues (`jobsForMessage`); `media` is queued by an upload's completion. */
export const MESSAGE_JOB_TYPES: readonly JobType[] = ['mention', 'push', 'email', 'sync', 'analytics'];

/** Every message-driven job points at the stored message; workers read what they need. */
export interface MessageRef {
  conversationId: string;
  seq: number;
  messageId: string;
  senderId: string;
  createdAt: string;
}

export interface CallStats {
  callId: string;
  conversationId: string;
  provider: 'getstream' | 'artc' | 'local';
  kind: 'audio' | 'video';
  startedAt: string;
  endedAt: string;
  participants: number;
  durationSeconds: number;
  /** The provider's quality figures as reported (Stream's stats report); absent when none came. */
  quality?: Record<string, number | string | boolean | null> | null;
}

/**
 * A call's push to its callees: `ring` a high-priority alert for the ones offline (collapsed per
 * call, so a retry replaces rather than repeats it), `cancel` a silent push that takes it back once
 * the call was answered elsewhere or ended.
 */
export interface CallPushRef {
  kind: 'call';
  action: 'ring' | 'cancel';
  callId: string;
  conversationId: string;
  callKind: 'audio' | 'video';
  callerId: string;
  userIds: string[];
}

export interface JobPayloads {
  push: MessageRef | CallPushRef;
  email: MessageRef;
  mention: MessageRef;
  sync: MessageRef;
  analytics: { kind: 'message'; message: MessageRef } | { kind: 'call'; call: CallStats };
  /** Strip an image's metadata and write its thumbnail (queue-media-process). */
  media: { mediaId: string };
}

/**
 * A job. `id` is unique and stable across retries and duplicate deliveries: workers record it and
 * skip ids they have already completed, so at-least-once delivery has exactly-once effects.
 */
export interface Job<T extends JobType = JobType> {
  id: string;
  type: T;
  payload: JobPayloads[T];
  createdAt: string;
  /** 0 on first delivery; incremented by each retry. */
  attempt: number;
}

/** The jobs one new message queues, in the same write as the message (the outbox). */
export function jobsForMessage(ref: MessageRef, newId: () => string, at: string): Job[] {
  return [
    { id: newId(), type: 'mention', payload: ref, createdAt: at, attempt: 0 },
    { id: newId(), type: 'push', payload: ref, createdAt: at, attempt: 0 },
    { id: newId(), type: 'email', payload: ref, createdAt: at, attempt: 0 },
    { id: newId(), type: 'sync', payload: ref, createdAt: at, attempt: 0 },
    { id: newId(), type: 'analytics', payload: { kind: 'message', message: ref }, createdAt: at, attempt: 0 },
  ];
}
