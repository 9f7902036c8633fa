import WebSocket from 'ws';
import { startCluster, type Cluster } from '@chat/gateway/test-support/cluster';
import { Session } from '../session.js';
import { MemoryTokenStore } from '../tokens.js';
import type { WebSocketConstructor, WebSocketLike } from '../socket.js';

/**
 * Real gateway nodes in this process (the gateway's own test cluster: real node, transport, resume
 * and close codes; an in-memory chat service behind them), and sessions whose refresh endpoint
 * signs new tokens with the cluster's key the way POST /v1/auth/refresh would.
 */
export async function gatewayCluster(nodes = 2): Promise<Cluster> {
  return startCluster({ nodes, limits: { gapWaitMs: 30 } });
}

export const wsUrl = (cluster: Cluster, node = 0) => `ws://127.0.0.1:${cluster.nodes[node]!.port}/ws`;

export interface TestSession {
  session: Session;
  refreshes: () => number;
  /** Make the next refreshes fail as the API does for a revoked session. */
  revoke: () => void;
}

export async function testSession(cluster: Cluster, userId: string, firstToken?: string): Promise<TestSession> {
  let refreshes = 0;
  let revoked = false;
  const fetcher = async (_url: string, _init?: RequestInit): Promise<Response> => {
    refreshes++;
    if (revoked) return Response.json({ error: { code: 'session_revoked', message: 'revoked', details: [] }, requestId: 'x' }, { status: 401 });
    const accessToken = await cluster.tokens.issue(userId);
    return Response.json({ tokens: { accessToken, refreshToken: `refresh-${userId}-${refreshes}-padding`, tokenType: 'Bearer', expiresIn: 900 } });
  };
  const store = new MemoryTokenStore();
  // accessExpiresAt far ahead: the client believes the token is good (clock skew), the gateway decides.
  store.save({
    accessToken: firstToken ?? (await cluster.tokens.issue(userId)),
    refreshToken: `refresh-${userId}-0-padding`,
    accessExpiresAt: Date.now() + 3_600_000,
  });
  return { session: new Session('http://api.test', fetcher, store), refreshes: () => refreshes, revoke: () => (revoked = true) };
}

/** `ws`'s WebSocket, recording every socket so tests can kill one the way a network loss does. */
export function recordingWebSocket(): { WebSocket: WebSocketConstructor; sockets: WebSocket[]; protocols: string[][] } {
  const sockets: WebSocket[] = [];
  const protocols: string[][] = [];
  class Recording extends WebSocket {
    constructor(url: string, offered: string[]) {
      super(url, offered, { perMessageDeflate: false });
      sockets.push(this);
      protocols.push(offered);
    }
  }
  return { WebSocket: Recording as unknown as WebSocketConstructor, sockets, protocols };
}

export type { WebSocketLike };

export async function until(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
