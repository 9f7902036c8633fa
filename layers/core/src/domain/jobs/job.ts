/** Background work queued after a change, processed by one FC worker function per type. */
export type JobType = 'push' | 'email' | 'mention' | 'sync' | 'analytics' | 'media';

export const JOB_TYPES: readonly JobType[] = ['push', 'email', 'mention', 'sync', 'analytics', 'media'];

/** The workers every new message reaches (through its `MessageEvent`); `media` is queued by an upload's completion. */
export type MessageJobType = 'mention' | 'push' | 'email' | 'sync' | 'analytics';

export const MESSAGE_JOB_TYPES: readonly MessageJobType[] = ['mention', 'push', 'email', 'sync', 'analytics'];

export const isMessageJobType = (type: string): type is MessageJobType => (MESSAGE_JOB_TYPES as readonly string[]).includes(type);

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

/**
 * A new message, queued once: the outbox holds one entry per message and the broker copies it to
 * the queue of every `MESSAGE_JOB_TYPES` worker (a fan-out), instead of the sender storing and
 * publishing one job per worker. Shaped like a job so the outbox and the relay treat both alike.
 * It is never retried as itself: each worker turns its copy into its own job (`jobFromEvent`),
 * and only that job is retried or dead-lettered, on that worker's queues.
 */
export interface MessageEvent {
  id: string;
  type: 'message';
  payload: MessageRef;
  createdAt: string;
  attempt: number;
}

/**
 * Several message events in one broker message: what the RabbitMQ adapter publishes for the events
 * of concurrent sends (one publish, one confirm and five queue copies per batch instead of per
 * message, issue 15). A worker turns each event into its own job as if it had come alone; the
 * envelope is never retried or dead-lettered as a whole unless it cannot be read at all.
 */
export interface MessageEventBatch {
  /** The broker message's id (its events keep their own). */
  id: string;
  type: 'message.batch';
  events: MessageEvent[];
}

/** Most events in one broker message: keeps a body well under what a trigger hands a function. */
export const MAX_EVENTS_PER_MESSAGE = 100;

/** The broker messages for `events`: batches of at most `MAX_EVENTS_PER_MESSAGE`, in order. */
export function eventBatches(events: readonly MessageEvent[], newId: () => string): MessageEventBatch[] {
  const batches: MessageEventBatch[] = [];
  for (let i = 0; i < events.length; i += MAX_EVENTS_PER_MESSAGE)
    batches.push({ id: newId(), type: 'message.batch', events: events.slice(i, i + MAX_EVENTS_PER_MESSAGE) });
  return batches;
}

/** What the outbox stores and `JobQueue.publish` takes: a job for one worker, or a fan-out event. */
export type OutboxJob = Job | MessageEvent;

/** What one new message queues, in the same write as the message (the outbox): its one event. */
export function jobsForMessage(ref: MessageRef, newId: () => string, at: string): OutboxJob[] {
  return [{ id: newId(), type: 'message', payload: ref, createdAt: at, attempt: 0 }];
}

/**
 * Worker `type`'s job for a message event. The id is derived, `<event id>.<type>` (a separator
 * safe in file names and keys), so it is the same on every delivery of that event to that worker
 * and differs between workers: the ledger then skips a redelivery to one worker while the others
 * still run theirs.
 */
export function jobFromEvent<T extends MessageJobType>(event: MessageEvent, type: T): Job<T> {
  const payload = type === 'analytics' ? { kind: 'message' as const, message: event.payload } : event.payload;
  return { id: `${event.id}.${type}`, type, payload: payload as JobPayloads[T], createdAt: event.createdAt, attempt: 0 };
}
