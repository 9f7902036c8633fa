import { z } from 'zod';
import { isMessageJobType, jobFromEvent, type Job, type JobType, type MessageEvent } from '../domain/jobs/job.js';

// Loose objects: a field added to a payload later passes through to the worker instead of being
// silently stripped; only the fields workers rely on are checked.
const messageRef = z.looseObject({
  conversationId: z.string().min(1),
  seq: z.number().int().min(1),
  messageId: z.string().min(1),
  senderId: z.string().min(1),
  createdAt: z.string().min(1),
});

const callStats = z.looseObject({
  callId: z.string().min(1),
  conversationId: z.string().min(1),
  provider: z.enum(['getstream', 'artc', 'local']),
  kind: z.enum(['audio', 'video']),
  startedAt: z.string().min(1),
  endedAt: z.string().min(1),
  participants: z.number().int().min(0),
  durationSeconds: z.number().min(0),
});

const callPush = z.looseObject({
  kind: z.literal('call'),
  action: z.enum(['ring', 'cancel']),
  callId: z.string().min(1),
  conversationId: z.string().min(1),
  callKind: z.enum(['audio', 'video']),
  callerId: z.string().min(1),
  userIds: z.array(z.string().min(1)),
});

const payloads = {
  // A message's push (no `kind`) or a call's ring or cancel.
  push: z.union([callPush, messageRef]),
  email: messageRef,
  mention: messageRef,
  sync: messageRef,
  analytics: z.discriminatedUnion('kind', [
    z.looseObject({ kind: z.literal('message'), message: messageRef }),
    z.looseObject({ kind: z.literal('call'), call: callStats }),
  ]),
  media: z.looseObject({ mediaId: z.string().min(1) }),
} satisfies Record<JobType, z.ZodType>;

/** The shape a job of `type` must have to be worked on; anything else is a poison message. */
export function jobSchema<T extends JobType>(type: T): z.ZodType<Job<T>> {
  return z.looseObject({
    id: z.string().min(1),
    type: z.literal(type),
    payload: payloads[type],
    createdAt: z.string().min(1),
    attempt: z.number().int().min(0),
  }) as unknown as z.ZodType<Job<T>>;
}

const messageEvent = z.looseObject({
  id: z.string().min(1),
  type: z.literal('message'),
  payload: messageRef,
  createdAt: z.string().min(1),
  attempt: z.number().int().min(0),
}) as unknown as z.ZodType<MessageEvent>;

const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'job'} ${i.message}`).join('; ');

/** One part of a queue message a worker cannot run, with the reason; it goes to the dead-letter queue. */
export interface PoisonPart {
  body: unknown;
  problem: string;
}

/** What a worker of `type` gets out of one queue message's body: the jobs to run, and what is unreadable. */
export interface WorkerJobs<T extends JobType> {
  jobs: Job<T>[];
  poison: PoisonPart[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A message event copied to this worker's queue becomes the worker's own job (`jobFromEvent`). */
function eventJob<T extends JobType>(type: T, body: unknown): { job: Job<T> } | { problem: string } {
  if (!isMessageJobType(type)) return { problem: `a message event reached the ${type} queue, which no message event is for` };
  const event = messageEvent.safeParse(body);
  return event.success ? { job: jobFromEvent(event.data, type) as Job<T> } : { problem: `not a valid message event: ${issues(event.error)}` };
}

/**
 * The jobs a worker of `type` runs for a queue message's body: a job of its type as it is; for a
 * message event the fan-out copied to its queue, its own job derived from the event; for a batch of
 * events (`MessageEventBatch`), one such job per event, an unreadable event being poison on its
 * own so that the others still run. Anything else is one poison part, with the reason why.
 */
export function workerJobs<T extends JobType>(type: T, body: unknown): WorkerJobs<T> {
  const one = (b: unknown): WorkerJobs<T> => {
    const parsed = isRecord(b) && b.type === 'message' ? eventJob(type, b) : jobOfType(type, b);
    return 'job' in parsed ? { jobs: [parsed.job], poison: [] } : { jobs: [], poison: [{ body: b, problem: parsed.problem }] };
  };
  if (!isRecord(body) || body.type !== 'message.batch') return one(body);
  if (!Array.isArray(body.events) || body.events.length === 0) return { jobs: [], poison: [{ body, problem: 'a message event batch without events' }] };
  const parts = body.events.map(one);
  return { jobs: parts.flatMap((p) => p.jobs), poison: parts.flatMap((p) => p.poison) };
}

function jobOfType<T extends JobType>(type: T, body: unknown): { job: Job<T> } | { problem: string } {
  const job = jobSchema(type).safeParse(body);
  return job.success ? { job: job.data } : { problem: `not a valid ${type} job: ${issues(job.error)}` };
}
