/** Tunables of a gateway node. Defaults suit production; tests shrink the timers. */
export interface GatewayLimits {
  /** Largest client frame; larger closes with 4102. */
  maxPayloadBytes: number;
  /** Bytes queued towards one client before it counts as a slow consumer (closed with 4001). */
  maxBufferedBytes: number;
  /** Messages held back per connection (reordering, resume) before it is closed with 4001. */
  maxPendingFrames: number;
  /** Frames a client may send before `ready`; more is a protocol violation. */
  maxFramesBeforeReady: number;
  /** Server ping period; a connection silent for a whole period after a ping closes with 4002. */
  pingIntervalMs: number;
  /** How long a message with a seq gap waits for the missing ones before they are fetched. */
  gapWaitMs: number;
  historyPageSize: number;
  /** How long a closing socket may take to flush its close frame before it is destroyed. */
  closeGraceMs: number;
  /** How long `drain()` waits for clients to go before it destroys the rest. */
  drainTimeoutMs: number;
  /** Client frames: sustained rate and burst per connection. */
  framesPerSecond: number;
  frameBurst: number;
  presenceHeartbeatMs: number;
  presenceSweepMs: number;
  /** Conversations resumed in parallel for one connection. */
  resumeConcurrency: number;
  /** How long a revoked session id is remembered: an access token's lifetime plus clock skew. */
  revokedSessionMemoryMs: number;
  /** At most this many remembered revocations (the oldest go first). */
  maxRevokedSessions: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxPayloadBytes: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  maxPendingFrames: 1_000,
  maxFramesBeforeReady: 32,
  // Idle connections close after 20–40 s, well under a load balancer's 180 s idle limit.
  pingIntervalMs: 20_000,
  gapWaitMs: 150,
  historyPageSize: 100,
  closeGraceMs: 5_000,
  drainTimeoutMs: 10_000,
  framesPerSecond: 20,
  frameBurst: 60,
  // The presence store's TTL should be about three heartbeats (60 s).
  presenceHeartbeatMs: 20_000,
  presenceSweepMs: 15_000,
  resumeConcurrency: 4,
  // As long as the functions' revocation mark (access token TTL 900 s + 60 s), which stays the check
  // on connect; this memory only covers a revocation racing a connection (see revocations.ts).
  revokedSessionMemoryMs: 960_000,
  // ~100 bytes each: a few MB at most, even during a mass logout.
  maxRevokedSessions: 50_000,
};
