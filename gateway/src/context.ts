import type { ChatApi } from '@chat/core/ports/chat-api';
import type { RealtimeBus } from '@chat/core/ports/realtime-bus';
import type { Logger } from '@chat/core/runtime/logger';
import type { AuthDeps } from './auth.js';
import type { FreshChecks } from './fresh-checks.js';
import type { Hub } from './hub.js';
import type { GatewayLimits } from './limits.js';
import type { GatewayMetrics } from './metrics.js';
import type { PresenceService } from './presence.js';
import type { RecentRevocations } from './revocations.js';

/** What a connection's session needs from its node. */
export interface GatewayContext {
  hub: Hub;
  /** The shared re-read after a channel was subscribed while a connection was loading (session.ts). */
  freshChecks: FreshChecks;
  bus: RealtimeBus;
  chat: ChatApi;
  presence: PresenceService;
  auth: AuthDeps;
  /** Sessions revoked lately, as heard on the bus (revocations.ts). */
  revoked: RecentRevocations;
  metrics: GatewayMetrics;
  limits: GatewayLimits;
  log: Logger;
}
