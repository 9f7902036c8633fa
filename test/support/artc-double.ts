import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyAcs3, type SignedRequest } from './acs3.js';

/** One accepted call as the double understood it: the action, its parameters, who signed it. */
export interface ArtcCallSeen {
  action: string;
  params: Record<string, string>;
  accessKeyId: string;
}

interface Channel {
  /** Publishers and subscribers in an RTC channel (DescribeChannelUsers `InteractiveUserList`). */
  users: Set<string>;
}

const API_VERSION = '2016-11-01';
// Each action's required parameters (calls-notes §B3, from alibabacloud-go/live-20161101 models).
const ACTIONS: Record<string, string[]> = {
  DeleteChannel: ['AppId', 'ChannelId'],
  RemoveTerminals: ['AppId', 'ChannelId', 'TerminalIds.1'],
  DescribeChannelUsers: ['AppId', 'ChannelId'],
};
// Alibaba's own codes for the signature failures; the channel and app codes are the double's
// stand-ins (the real ones are UNVERIFIED), shaped like the gateway's `InvalidX.NotFound`.
const SIGNATURE_ERRORS = {
  malformed: [400, 'IncompleteSignature'],
  unknown_key: [404, 'InvalidAccessKeyId.NotFound'],
  signed_headers: [400, 'IncompleteSignature'],
  body_hash: [400, 'SignatureDoesNotMatch'],
  expired: [400, 'InvalidTimeStamp.Expired'],
  mismatch: [400, 'SignatureDoesNotMatch'],
} as const;
export const CHANNEL_NOT_FOUND = 'InvalidChannelId.NotFound';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}
const error = (status: number, code: string, message: string): Reply => ({
  status,
  body: { RequestId: randomUUID().toUpperCase(), Code: code, Message: message },
});
const ok = (body: Record<string, unknown> = {}): Reply => ({ status: 200, body: { RequestId: randomUUID().toUpperCase(), ...body } });

/**
 * Stands in for `live.aliyuncs.com` (the ARTC server API, RPC style): checks each request is what
 * `@alicloud/openapi-client` sends for these actions (POST /, the action and version in `x-acs-*`
 * headers, parameters in the query, `TerminalIds.N` flattened), that its ACS3-HMAC-SHA256 signature is
 * genuine and its nonce fresh, then plays the action against in-memory channels. Channels come into
 * existence when someone joins (`simulateJoin`), as they do on ARTC.
 */
export async function startArtcDouble(options: { appId: string; secrets: Record<string, string> }) {
  const calls: ArtcCallSeen[] = [];
  const refused: { status: number; code: string }[] = [];
  const channels = new Map<string, Channel>();
  const nonces = new Set<string>();
  /** When true, requests are read and never answered (a stalled API). */
  const stall = { on: false };

  const handle = (req: SignedRequest): Reply => {
    const url = new URL(req.url, 'http://double');
    if (req.method !== 'POST' || url.pathname !== '/') return error(404, 'InvalidAction.NotFound', `${req.method} ${url.pathname}`);
    const failure = verifyAcs3(req, options.secrets);
    if (failure) {
      const [status, code] = SIGNATURE_ERRORS[failure.reason];
      return error(status, code, failure.message);
    }
    const nonce = String(req.headers['x-acs-signature-nonce'] ?? '');
    if (!nonce || nonces.has(nonce)) return error(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.add(nonce);
    const action = String(req.headers['x-acs-action'] ?? '');
    const version = String(req.headers['x-acs-version'] ?? '');
    if (version !== API_VERSION) return error(400, 'InvalidVersion', `Specified version ${version} is not valid.`);
    const required = ACTIONS[action];
    if (!required) return error(404, 'InvalidAction.NotFound', `Specified api ${action} is not found.`);
    const params = Object.fromEntries(url.searchParams);
    const missing = required.find((p) => !params[p]);
    if (missing) return error(400, `Missing${missing.replace(/\.\d+$/, '')}`, `${missing} is mandatory for this action.`);
    if (params.AppId !== options.appId) return error(400, 'InvalidAppId.NotFound', `AppId ${params.AppId} does not exist.`);
    calls.push({ action, params, accessKeyId: /Credential=([^,]+)/.exec(String(req.headers.authorization))?.[1] ?? '' });
    return play(action, params);
  };

  const play = (action: string, params: Record<string, string>): Reply => {
    const channelId = params.ChannelId ?? '';
    const channel = channels.get(channelId);
    switch (action) {
      case 'DeleteChannel':
        if (!channel) return error(400, CHANNEL_NOT_FOUND, `Channel ${channelId} does not exist.`);
        channels.delete(channelId);
        return ok();
      case 'RemoveTerminals': {
        if (!channel) return error(400, CHANNEL_NOT_FOUND, `Channel ${channelId} does not exist.`);
        const ids = Object.keys(params)
          .filter((k) => /^TerminalIds\.\d+$/.test(k))
          .map((k) => params[k] ?? '');
        // Terminals: one result per id; Code 0 removed, otherwise not in the channel.
        const Terminals = ids.map((Id) => (channel.users.delete(Id) ? { Id, Code: 0, Message: 'Success' } : { Id, Code: 1, Message: 'Failed' }));
        return ok({ Terminals });
      }
      default: {
        const users = channel ? [...channel.users] : [];
        return ok({
          IsChannelExists: channel !== undefined,
          InteractiveUserList: users,
          InteractiveUserNumber: users.length,
          LiveUserList: [],
          LiveUserNumber: 0,
          Timestamp: Math.floor(Date.now() / 1000),
        });
      }
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (stall.on) return;
      const reply = handle({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (reply.status >= 400) refused.push({ status: reply.status, code: String(reply.body.Code) });
      res.writeHead(reply.status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Every request that passed the checks, in order. */
    calls,
    /** Every request answered with an error (signature, parameters, or a missing channel). */
    refused,
    stall,
    /** A client joined the channel with its token: ARTC creates the channel on the first join. */
    simulateJoin(channelId: string, userId: string) {
      const channel = channels.get(channelId) ?? { users: new Set<string>() };
      channels.set(channelId, channel);
      channel.users.add(userId);
    },
    /** A client left. The emptied channel stays, as on ARTC for a few seconds (IsChannelExists, 0 users). */
    simulateLeave(channelId: string, userId: string) {
      channels.get(channelId)?.users.delete(userId);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type ArtcDouble = Awaited<ReturnType<typeof startArtcDouble>>;
