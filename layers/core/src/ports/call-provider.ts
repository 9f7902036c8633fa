import type { CallKind, CallProviderName } from '../domain/calls/call.js';

/** What a client SDK needs to join one call as one user, and nothing else. */
export type CallCredentials =
  | { provider: 'getstream'; apiKey: string; token: string; userId: string; callType: string; callId: string; expiresAt: string }
  | {
      provider: 'artc';
      appId: string;
      channelId: string;
      userId: string;
      timestamp: number;
      nonce: string;
      token: string;
      /** The single-parameter base64 form the ARTC web SDK takes. */
      joinToken: string;
    }
  | { provider: 'local'; callId: string; iceServers: { urls: string[] }[] };

/** A provider's account of a call, for reconciling calls our webhooks left open. */
export interface ProviderCallReport {
  /** False once the provider has no live session (everyone left, or it was ended). */
  live: boolean;
  /** Provider user ids (= our user ids) currently in the call. */
  participants: string[];
}

/**
 * The provider that carries a call's media (GetStream for 1:1 audio, ARTC for video, `local` WebRTC
 * between browsers under `npm start`). Our server holds the call's state; the provider only hosts
 * the room. One contract suite (`call-provider.contract.ts`) runs against every adapter.
 *
 * Invariants: `createRoom` is idempotent for one `providerCallId` (a retried start reuses the room);
 * `end` and `removeParticipant` are idempotent (ending an ended call, removing someone absent: no
 * error); credentials are for one user of one call and expire (`ttlSeconds`).
 */
export interface CallProvider {
  readonly name: CallProviderName;
  /** Creates the provider's room for a call (or finds it), with its members, ringing off on their side. */
  createRoom(input: { providerCallId: string; kind: CallKind; createdBy: string; memberIds: string[] }): Promise<void>;
  credentials(input: { providerCallId: string; userId: string; ttlSeconds: number }): Promise<CallCredentials>;
  end(providerCallId: string): Promise<void>;
  removeParticipant(providerCallId: string, userId: string): Promise<void>;
  report(providerCallId: string): Promise<ProviderCallReport>;
}
