import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ChatApi } from '@chat/core/ports/chat-api';
import type { KeyValueStore } from '@chat/core/ports/key-value';
import type { PresenceStore } from '@chat/core/ports/presence-store';
import type { RealtimeBus } from '@chat/core/ports/realtime-bus';
import type { Logger } from '@chat/core/runtime/logger';
import { tokenFromRequest } from './auth.js';
import type { GatewayContext } from './context.js';
import { FreshChecks } from './fresh-checks.js';
import { Hub } from './hub.js';
import { RemoteJwks, staticJwks, type Jwks, type JwksSource } from './jwks.js';
import { DEFAULT_LIMITS, type GatewayLimits } from './limits.js';
import { GatewayMetrics, serveHttp } from './metrics.js';
import { PresenceService } from './presence.js';
import { CloseCode } from './protocol.js';
import { recoverMissedMessages } from './recovery.js';
import { listenForRevocations, RecentRevocations } from './revocations.js';
import { ROUND_SLICES, Rounds } from './rounds.js';
import { openSession } from './session.js';
import { createWsAcceptor, type AcceptedTransport } from './transport.js';

export interface GatewayNodeOptions {
  port?: number;
  host?: string;
  bus: RealtimeBus;
  /** Revocation marks of logged-out sessions. */
  kv: KeyValueStore;
  presence: PresenceStore;
  chat: ChatApi;
  /** The public keys, or where to fetch them (`/.well-known/jwks.json`). */
  jwks?: Jwks | JwksSource;
  jwksUrl?: string;
  issuer: string;
  limits?: Partial<GatewayLimits>;
  /**
   * Browser origins allowed to open a socket (CORS_ALLOWED_ORIGINS). WebSockets have no CORS, so
   * without this check any page a user visits could open one with a token it obtained; clients
   * that send no Origin (native apps, servers) are not browsers and pass.
   */
  allowedOrigins?: readonly string[];
  log: Logger;
}

export interface GatewayNode {
  port: number;
  metrics: GatewayMetrics;
  /** Bytes queued towards clients on this node (bounded by connections × maxBufferedBytes). */
  bufferedBytes(): number;
  /** Stops accepting, closes every socket with 4000 (clients reconnect elsewhere), waits for them. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

const WS_PATHS = new Set(['/ws', '/']);

/** A gateway node: HTTP server with the WebSocket upgrade, `/healthz` and `/metrics`. */
export async function createGatewayNode(options: GatewayNodeOptions): Promise<GatewayNode> {
  const limits: GatewayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { bus, log } = options;
  const metrics = new GatewayMetrics();
  if (bus.connected) metrics.busConnected = () => bus.connected!();
  const hub = new Hub(bus, log);
  const presence = new PresenceService({ store: options.presence, bus, hub, log, heartbeatMs: limits.presenceHeartbeatMs, sweepMs: limits.presenceSweepMs });
  hub.onMembershipRecorded = (userId, conversationId, member) => void presence.recordMembership(userId, conversationId, member);
  const ctx: GatewayContext = {
    hub,
    freshChecks: new FreshChecks(options.chat),
    bus,
    chat: options.chat,
    presence,
    auth: { jwks: jwksSource(options), issuer: options.issuer, kv: options.kv },
    revoked: new RecentRevocations(limits.revokedSessionMemoryMs, limits.maxRevokedSessions),
    metrics,
    limits,
    log,
  };
  const acceptor = createWsAcceptor({ ...limits, onSlowConsumer: () => metrics.slowConsumerCloses++ });
  /** Every open socket (authenticated or not) with whether it answered since the last ping. */
  const sockets = new Map<AcceptedTransport, { alive: boolean }>();
  let draining: Promise<void> | undefined;

  const server = createServer((req, res) => serveHttp(req, res, metrics));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const path = new URL(req.url ?? '/', 'http://gateway.invalid').pathname;
    if (!WS_PATHS.has(path)) return acceptor.reject(socket, 404, 'Not Found');
    if (draining) return acceptor.reject(socket, 503, 'Service Unavailable');
    const origin = req.headers.origin;
    if (origin !== undefined && !options.allowedOrigins?.includes(origin)) {
      log.info({ origin }, 'upgrade refused: origin not allowed');
      return acceptor.reject(socket, 403, 'Forbidden');
    }
    // Only the token outlives the upgrade: a request kept by the session's closures (its headers, the
    // URL with the token) was a sixth of the memory per idle connection.
    const token = tokenFromRequest(req);
    acceptor.upgrade(req, socket, head, (transport) => {
      const liveness = { alive: true };
      sockets.set(transport, liveness);
      metrics.connections = sockets.size;
      openSession(ctx, transport, token, {
        touch: () => (liveness.alive = true),
        closed: () => {
          sockets.delete(transport);
          metrics.connections = sockets.size;
        },
      });
    });
  });

  // A socket that did not answer its previous ping (one period ago) is idle.
  const pinger = new Rounds(
    limits.pingIntervalMs,
    ROUND_SLICES,
    () => sockets.keys(),
    (batch) => {
      for (const transport of batch) {
        const liveness = sockets.get(transport);
        if (!liveness) continue;
        if (!liveness.alive) transport.close(CloseCode.idleTimeout, 'idle timeout');
        else {
          liveness.alive = false;
          transport.ping();
        }
      }
    },
  );
  // Subscribed before the first socket is accepted, so no revocation can pass unheard.
  const stopRevocations = await listenForRevocations(ctx);
  pinger.start();
  presence.start();
  bus.onResubscribed?.(() => void recoverMissedMessages(ctx));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });

  const drain = (): Promise<void> => {
    draining ??= (async () => {
      metrics.draining = true;
      for (const transport of sockets.keys()) transport.close(CloseCode.draining, 'node draining');
      const deadline = Date.now() + limits.drainTimeoutMs;
      while (sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const transport of sockets.keys()) transport.terminate();
      // The closing sockets' offline announcements go out before the caller tears the stores down.
      await presence.settled();
    })();
    return draining;
  };

  return {
    port: (server.address() as AddressInfo).port,
    metrics,
    bufferedBytes: () => [...sockets.keys()].reduce((sum, t) => sum + t.bufferedBytes(), 0),
    drain,
    async close() {
      await drain();
      pinger.stop();
      presence.stop();
      await stopRevocations().catch((err: unknown) => log.warn({ err }, 'unsubscribing from revocations failed'));
      acceptor.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function jwksSource(options: GatewayNodeOptions): JwksSource {
  if (options.jwksUrl) return new RemoteJwks(options.jwksUrl);
  if (!options.jwks) throw new Error('createGatewayNode needs jwks or jwksUrl');
  return 'current' in options.jwks ? options.jwks : staticJwks(options.jwks);
}
