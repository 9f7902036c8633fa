import { z } from 'zod';
import type { CallQuality } from '../../domain/calls/call.js';
import type { CallInput } from '../../domain/calls/state-machine.js';
import { ValidationError } from '../../domain/errors.js';
import type { ProviderEvent } from '../../ports/call-webhook.js';

/**
 * The wire name of Stream's call report event. The 0.7.64 typings' union says
 * `call.stats_report_ready`, the doc comment on the same type says `call.report_ready`; which one
 * the server sends is UNVERIFIED (calls-notes §A8, §A10), so both are read, here and only here.
 */
export const STREAM_STATS_EVENT_TYPES: readonly string[] = ['call.stats_report_ready', 'call.report_ready'];

/**
 * Stream carries only our 1:1 calls (audio needs a direct conversation; group video goes to ARTC),
 * so the one callee rejecting is always the last who could answer. Change this if Stream ever
 * carries group calls: `call.rejected` does not say how many others are still ringing.
 */
export const STREAM_REJECTION_IS_LAST = true;

/** Stream's timestamps are RFC 3339 strings in webhooks (typed `Date`, strings at runtime: §A8). */
const time = z.string().transform((s, ctx) => {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not a timestamp' });
    return z.NEVER;
  }
  return d;
});
const user = z.object({ id: z.string().min(1) });
const base = z.object({ type: z.string(), created_at: time, call_cid: z.string().min(3) });
const participant = base.extend({ participant: z.object({ user, joined_at: time.optional() }) });
const session = z.object({ ended_at: time.nullish(), accepted_by: z.record(z.string(), time).nullish() });
const callBody = z.object({ created_by: user.optional(), ended_at: time.nullish(), session: session.nullish() });
const withCall = base.extend({ call: callBody.optional() });
const rejected = withCall.extend({ user, reason: z.string().nullish() });
const stats = base.extend({ counts: z.record(z.string(), z.unknown()) });

/** Our providerCallId from `call_cid` (`type:id`), or null for a call of a type we never create. */
function callIdOf(cid: string, callType: string): string | null {
  const at = cid.indexOf(':');
  return at > 0 && cid.slice(0, at) === callType ? cid.slice(at + 1) : null;
}

function parse<S extends z.ZodType>(schema: S, event: unknown): z.infer<S> {
  const result = schema.safeParse(event);
  if (!result.success) {
    const details = result.error.issues.map((i) => ({ field: i.path.join('.'), issue: i.message }));
    throw new ValidationError('The webhook event is missing fields its type has', details);
  }
  return result.data;
}

/** Flat figures only: the stored quality is a flat record, nested breakdowns stay with Stream. */
function qualityOf(counts: Record<string, unknown>): CallQuality {
  const out: CallQuality = {};
  for (const [k, v] of Object.entries(counts)) if (v === null || ['number', 'string', 'boolean'].includes(typeof v)) out[k] = v as CallQuality[string];
  return out;
}

const earliest = (dates: Date[]) => (dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))) : undefined);

/**
 * A verified Stream Video event as inputs for our call's state machine, timed by the event's own
 * timestamps, never by arrival. Unknown types (and calls of other types) give null: they get a 2xx
 * so Stream does not retry them. A known type without the fields it always has is a 400.
 */
export function mapStreamEvent(event: { type: string } & Record<string, unknown>, callType: string): ProviderEvent | null {
  const kind = event.type;
  const known = STREAM_STATS_EVENT_TYPES.includes(kind) || kind in handlers;
  if (!known) return null;
  const { call_cid } = parse(base, event);
  const providerCallId = callIdOf(call_cid, callType);
  if (providerCallId === null) return null;
  const inputs = STREAM_STATS_EVENT_TYPES.includes(kind) ? [statsInput(event)] : handlers[kind]!(event);
  return { providerCallId, inputs };
}

function statsInput(event: unknown): CallInput {
  return { type: 'quality', quality: qualityOf(parse(stats, event).counts) };
}

const handlers: Record<string, (event: unknown) => CallInput[]> = {
  // The session starts with the first join, which has its own event: nothing to add here.
  'call.session_started': (e) => (parse(base, e), []),
  'call.session_participant_joined': (e) => {
    const { participant: p, created_at } = parse(participant, e);
    return [{ type: 'joined', userId: p.user.id, at: p.joined_at ?? created_at }];
  },
  'call.session_participant_left': (e) => {
    const { participant: p, created_at } = parse(participant, e);
    return [{ type: 'left', userId: p.user.id, at: created_at, joinedAt: p.joined_at }];
  },
  'call.session_ended': (e) => {
    const { call, created_at } = parse(withCall, e);
    const creator = call?.created_by?.id;
    const accepted = Object.entries(call?.session?.accepted_by ?? {}).filter(([id]) => id !== creator);
    return [{ type: 'end', at: call?.session?.ended_at ?? created_at, answeredAt: earliest(accepted.map(([, at]) => at)) }];
  },
  'call.ended': (e) => {
    const { call, created_at } = parse(withCall, e);
    return [{ type: 'end', at: call?.ended_at ?? created_at }];
  },
  'call.missed': (e) => [{ type: 'missed', at: parse(base, e).created_at }],
  'call.rejected': (e) => {
    const { user: by, call, reason, created_at } = parse(rejected, e);
    // Stream's own ring flow rejects with `timeout` when nobody answered and `cancel` when the caller gave up.
    if (reason === 'timeout') return [{ type: 'missed', at: created_at }];
    if (by.id === call?.created_by?.id || reason === 'cancel') return [{ type: 'end', at: created_at }];
    return [{ type: 'declined', userId: by.id, at: created_at, last: STREAM_REJECTION_IS_LAST }];
  },
};
