import { randomUUID } from 'node:crypto';
import type { Job, JobPayloads, JobType, MessageRef } from '@chat/core/domain/jobs/job';
import type { PushNotification } from '@chat/core/domain/notify/push';
import type { PushOutcome, PushSender, PushTarget } from '@chat/core/ports/push-sender';
import type { Platform } from '@chat/core/domain/auth/device';
import type { Deps } from './deps.js';
import { send } from './chat.js';
import { registerUser, type TestUser } from './users.js';

export interface SentPush {
  jobId: string;
  push: PushNotification;
  targets: PushTarget[];
}

/** A PushSender that records every send; `outcomes` maps a token to what the "provider" answers (default sent). */
export function recordingPush(
  outcomes: Map<string, PushOutcome> = new Map(),
): PushSender & { sent: SentPush[]; outcomes: Map<string, PushOutcome>; tokens(): string[] } {
  const sent: SentPush[] = [];
  return {
    sent,
    outcomes,
    tokens: () => sent.flatMap((s) => s.targets.map((t) => t.token)),
    async send(push, targets, { jobId }) {
      sent.push({ jobId, push, targets: [...targets] });
      return targets.map((t) => outcomes.get(t.token) ?? { status: 'sent' });
    },
    async close() {},
  };
}

export function aJob<T extends JobType>(type: T, payload: JobPayloads[T], attempt = 0, id = randomUUID()): Job<T> {
  return { id, type, payload, createdAt: new Date().toISOString(), attempt };
}

/** Sends a message through the REST function and returns the reference its jobs carry. */
export async function sendRef(user: TestUser, conversationId: string, body: Record<string, unknown> = {}): Promise<MessageRef> {
  const res = await send(user, conversationId, body);
  if (res.status !== 201) throw new Error(`send failed: ${res.status} ${JSON.stringify(res.json)}`);
  const m = res.json.message;
  return { conversationId, seq: m.seq, messageId: m.id, senderId: m.senderId, createdAt: m.createdAt };
}

let devices = 0;
/** Registers a device with a fresh token and returns the token. */
export async function addDevice(deps: Deps, user: TestUser, platform: Platform): Promise<string> {
  const pushToken = `${platform}-token-${++devices}-${randomUUID()}`;
  await deps.auth.devices.upsert({ userId: user.id, deviceId: `${platform}-${devices}`, platform, pushToken });
  return pushToken;
}

/** Marks the user as connected to a gateway (what the gateway's PresenceService does on connect). */
export async function goOnline(deps: Deps, user: TestUser): Promise<void> {
  await deps.notify.presence.connect({ userId: user.id, connectionId: randomUUID() }, []);
}

/** A RabbitMQ-trigger CloudEvent (EventBridge) carrying one job, as FC delivers it to a queue-* function. */
export function rabbitEvent(job: Job): Buffer {
  const event = {
    id: randomUUID(),
    source: 'acs:amqp',
    specversion: '1.0',
    type: 'amqp:Queue:SendMessage',
    subject: `acs:amqp:cn-hangzhou:123456789:/instances/amqp-cn-test/vhosts/chat/queues/chat.${job.type}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json;charset=utf-8',
    data: {
      envelope: { deliveryTag: 1, exchange: 'chat.jobs', redeliver: false, routingKey: job.type },
      body: job,
      props: { contentEncoding: 'UTF-8', messageId: job.id },
    },
  };
  return Buffer.from(JSON.stringify(event));
}

/** Registers one user per prefix, in parallel; the tuple type keeps destructuring strict-safe. */
export function registerUsers<const T extends readonly string[]>(...prefixes: T): Promise<{ [K in keyof T]: TestUser }> {
  return Promise.all(prefixes.map((p) => registerUser(p))) as Promise<{ [K in keyof T]: TestUser }>;
}
