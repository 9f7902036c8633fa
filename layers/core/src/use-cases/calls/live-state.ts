import { isInCall, type Call } from '../../domain/calls/call.js';
import type { CallDeps } from './call-deps.js';

/**
 * Who may take part in a live call right now (ringing: every member, so a callee can answer; in
 * progress: those in it), cached in the key-value store (Redis when deployed) so that the hot path
 * of the `local` provider, one `call.signal` per offer, answer and ICE candidate, reads no
 * PostgreSQL. The call store stays the log and the authority: every winning write refreshes the
 * entry, the end deletes it, and it expires on its own (`LIVE_TTL_MS`), so a lost update lives a
 * minute at most; a cache that says no is checked against the store before a signal is refused.
 */
export interface LiveCall {
  callId: string;
  state: 'ringing' | 'active';
  /** Members who may signal: every member while it rings, then those in the call. */
  participants: string[];
  version: number;
}

const LIVE_TTL_MS = 60_000;
const key = (callId: string) => `call-live:${callId}`;

export function liveCall(call: Call, members: readonly string[]): LiveCall | null {
  if (call.state === 'ended') return null;
  const inCall = new Set(call.participants.filter(isInCall).map((p) => p.userId));
  const participants = call.state === 'ringing' ? [...members] : members.filter((id) => inCall.has(id));
  return { callId: call.id, state: call.state, participants, version: call.version };
}

/** After a winning write: the entry follows the stored call (deleted once it ended). Best effort. */
export async function cacheLiveCall(deps: CallDeps, call: Call, members: readonly string[]): Promise<void> {
  const live = liveCall(call, members);
  const write = live ? deps.kv.set(key(call.id), JSON.stringify(live), { ttlMs: LIVE_TTL_MS }) : deps.kv.delete(key(call.id));
  await write.catch((err: unknown) => deps.log.warn({ err, callId: call.id }, 'live call state not cached'));
}

async function fromStore(deps: CallDeps, callId: string): Promise<LiveCall | null> {
  const call = await deps.store.get(callId);
  if (!call || call.state === 'ended') return null;
  const members = await deps.conversations.memberIds(call.conversationId);
  await cacheLiveCall(deps, call, members);
  return liveCall(call, members);
}

/** Whether both users may signal each other in the call: the cache first, the store when it says no. */
export async function mayExchangeSignals(deps: CallDeps, callId: string, userIds: readonly string[]): Promise<boolean> {
  const cached = await deps.kv.get(key(callId)).catch(() => undefined);
  const allows = (live: LiveCall | null) => live !== null && userIds.every((id) => live.participants.includes(id));
  if (cached && allows(JSON.parse(cached) as LiveCall)) return true;
  return allows(await fromStore(deps, callId));
}
