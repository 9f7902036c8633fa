import type { Call } from '../domain/calls/call.js';

export interface CallPage {
  items: Call[];
  nextCursor: string | null;
}

/**
 * The call log (PostgreSQL, migration `0010-calls.sql`). One adapter (SQL, on PostgreSQL and
 * PGlite) passes `call-store.contract.ts`.
 *
 * Invariants: at most one live (not ended) call per conversation; every write is conditional on
 * the version it read, so of two racing writers exactly one wins and the other re-reads; an ended
 * call is never written back to ringing or active.
 */
export interface CallStore {
  /** Inserts a ringing call, or returns the conversation's live call (`created: false`) if it has one. */
  create(call: Call): Promise<{ call: Call; created: boolean }>;
  get(id: string): Promise<Call | null>;
  getByProviderId(provider: Call['provider'], providerCallId: string): Promise<Call | null>;
  getLive(conversationId: string): Promise<Call | null>;
  /**
   * Stores `next` if the row still has `expectedVersion` (and is not ended, unless `next` is an
   * ended call completed by late facts). Returns the stored call with its new version, or null
   * when another writer won: re-read and re-apply.
   */
  update(next: Call, expectedVersion: number): Promise<Call | null>;
  /** A conversation's calls, newest first, paged by an opaque cursor. */
  history(conversationId: string, page: { cursor?: string | undefined; limit: number }): Promise<CallPage>;
  /** Missed calls someone else started in conversations the user is a current member of, newest first. */
  missedFor(userId: string, page: { cursor?: string | undefined; limit: number }): Promise<CallPage>;
  /**
   * Calls still `active` that started before `startedBefore`, newest first, paged like history:
   * what the reconcile timer asks the provider about, in case their end never reached us.
   */
  activeStartedBefore(startedBefore: Date, page: { cursor?: string | undefined; limit: number }): Promise<CallPage>;
  /** Ends as missed every call still ringing that started before `startedBefore`; returns each once. */
  sweepRinging(startedBefore: Date, at: Date): Promise<Call[]>;
}
