import type { CallStats, MessageRef } from '../domain/jobs/job.js';

export interface DailyVolume {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  messages: number;
}

/**
 * Usage aggregates (PostgreSQL). Adapter: SQL (PostgreSQL and PGlite); passes
 * `analytics-store.contract.ts`.
 *
 * Invariants: counting the same message again (same `messageId`) changes nothing, and recording
 * the same call again replaces its row, so a job processed twice cannot inflate the numbers.
 */
export interface AnalyticsStore {
  /** Adds the message to its conversation's count for the UTC day of `createdAt`; returns whether it was new. */
  countMessage(message: MessageRef): Promise<boolean>;
  recordCall(call: CallStats): Promise<void>;
  /** Days with messages in [from, to] (UTC dates, inclusive), oldest first. */
  messageVolume(conversationId: string, range: { from: string; to: string }): Promise<DailyVolume[]>;
  callStats(callId: string): Promise<CallStats | undefined>;
}
