import { ValidationError } from '../errors.js';
import type { ConversationType } from '../chat/conversation.js';

export type CallKind = 'audio' | 'video';
export type CallState = 'ringing' | 'active' | 'ended';
export type EndReason = 'completed' | 'missed' | 'declined' | 'cancelled' | 'failed';
export type CallProviderName = 'getstream' | 'artc' | 'local';

/**
 * One person's presence in a call, folded from join/leave facts so the order they arrive in does
 * not matter: `joinedAt` is the earliest join, `lastJoinedAt` the latest, `leftAt` the latest leave.
 * A leave can be known before its join (`joinedAt` null until the join arrives).
 */
export interface CallParticipant {
  userId: string;
  joinedAt: Date | null;
  lastJoinedAt: Date | null;
  leftAt: Date | null;
  /** From the first join to the last leave (a rejoin's gap counts); 0 while in or unknown. */
  durationSeconds: number;
}

/** Provider quality figures, stored as reported (Stream `stats_report_ready` counts; ARTC none). */
export type CallQuality = Record<string, number | string | boolean | null>;

export interface Call {
  id: string;
  conversationId: string;
  kind: CallKind;
  provider: CallProviderName;
  providerCallId: string;
  createdBy: string;
  state: CallState;
  participants: CallParticipant[];
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  endReason: EndReason | null;
  quality: CallQuality | null;
  /** Bumped on every stored change; stores update only the version they read (optimistic lock). */
  version: number;
}

export const DEFAULT_MAX_PARTICIPANTS = 16;
export const DEFAULT_RING_SECONDS = 45;

export const isInCall = (p: CallParticipant) => p.lastJoinedAt !== null && (p.leftAt === null || p.lastJoinedAt > p.leftAt);

/**
 * Who may start which kind of call: audio is 1:1 (direct conversations only); video works in
 * direct and group conversations of at most `maxParticipants` current members.
 */
export function checkCallAllowed(input: { conversationType: ConversationType; kind: CallKind; memberCount: number; maxParticipants: number }): void {
  if (input.kind === 'audio' && input.conversationType !== 'direct') {
    throw new ValidationError('Audio calls are for direct conversations only', [
      { field: 'kind', issue: 'audio needs a direct conversation; use video in groups' },
    ]);
  }
  if (input.memberCount > input.maxParticipants) {
    throw new ValidationError(`Calls take at most ${input.maxParticipants} participants`, [
      { field: 'conversationId', issue: `the conversation has ${input.memberCount} members` },
    ]);
  }
}

export function newCall(input: Pick<Call, 'id' | 'conversationId' | 'kind' | 'provider' | 'providerCallId' | 'createdBy'> & { at: Date }): Call {
  const { at, ...rest } = input;
  return { ...rest, state: 'ringing', participants: [], startedAt: at, answeredAt: null, endedAt: null, endReason: null, quality: null, version: 1 };
}

/** Seconds from answer to end; 0 for calls nobody answered or still running. */
export function callDurationSeconds(call: Call): number {
  if (!call.answeredAt || !call.endedAt) return 0;
  return Math.max(0, Math.round((call.endedAt.getTime() - call.answeredAt.getTime()) / 1000));
}

/** What an ended call leaves in its conversation's timeline (a message with no text). */
export interface CallTimelineContent {
  kind: 'call';
  callId: string;
  callKind: CallKind;
  endReason: EndReason;
  durationSeconds: number;
  participants: { userId: string; durationSeconds: number }[];
}

export function callTimelineContent(call: Call): CallTimelineContent {
  if (call.state !== 'ended' || !call.endReason) throw new Error(`call ${call.id} has not ended`);
  return {
    kind: 'call',
    callId: call.id,
    callKind: call.kind,
    endReason: call.endReason,
    durationSeconds: callDurationSeconds(call),
    participants: call.participants.filter((p) => p.joinedAt !== null).map((p) => ({ userId: p.userId, durationSeconds: p.durationSeconds })),
  };
}

/** A call as clients see it (REST bodies and `call.*` frames): dates as ISO strings, no version. */
export interface CallView {
  id: string;
  conversationId: string;
  kind: CallKind;
  provider: CallProviderName;
  createdBy: string;
  state: CallState;
  participants: { userId: string; joinedAt: string | null; leftAt: string | null; inCall: boolean; durationSeconds: number }[];
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: EndReason | null;
  durationSeconds: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCallView(call: Call): CallView {
  return {
    id: call.id,
    conversationId: call.conversationId,
    kind: call.kind,
    provider: call.provider,
    createdBy: call.createdBy,
    state: call.state,
    participants: call.participants.map((p) => ({
      userId: p.userId,
      joinedAt: iso(p.joinedAt),
      leftAt: iso(p.leftAt),
      inCall: isInCall(p),
      durationSeconds: p.durationSeconds,
    })),
    startedAt: call.startedAt.toISOString(),
    answeredAt: iso(call.answeredAt),
    endedAt: iso(call.endedAt),
    endReason: call.endReason,
    durationSeconds: callDurationSeconds(call),
  };
}

/** The clientMsgId of a call's timeline message: one per call, so a retried end appends nothing. */
export const callMessageClientId = (callId: string) => `call:${callId}`;
