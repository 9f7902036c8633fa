import { StreamClient, type CallResponse } from '@stream-io/node-sdk';
import type { CallKind } from '../../domain/calls/call.js';
import type { CallCredentials, CallProvider, ProviderCallReport } from '../../ports/call-provider.js';

export interface GetStreamConfig {
  apiKey: string;
  apiSecret: string;
  /** Replaces Stream's chat and video base URLs (tests point it at a local double). */
  baseUrl?: string | undefined;
  /** Per-request timeout in ms. The SDK's 3 s default is tight from some regions. */
  timeoutMs?: number;
}

export type GetStreamCredentials = Extract<CallCredentials, { provider: 'getstream' }>;

/** The built-in type meant for 1:1 and small group calls; audio is `video: false` on it. */
export const CALL_TYPE = 'default';

/** Stream's HTTP status on a failed request; the SDK's `StreamError` is not exported, so duck-typed. */
const httpStatus = (e: unknown): number | undefined => (e as { metadata?: { responseCode?: number } } | null)?.metadata?.responseCode;
/** Stream declining the request itself (400/409/412), as opposed to auth, rate limits or outages. */
const refusal = (e: unknown) => [400, 409, 412].includes(httpStatus(e) ?? 0);

/**
 * CallProvider on Stream Video. Our server owns the call's state and ringing (over our own realtime
 * channel and push), so Stream only hosts the room: calls are created with `ring: false` and
 * `notify: false`, and the client joins with a token scoped to that one call.
 */
export class GetStreamCallProvider implements CallProvider {
  readonly name = 'getstream' as const;
  private readonly client: StreamClient;

  constructor(private readonly config: GetStreamConfig) {
    this.client = new StreamClient(config.apiKey, config.apiSecret, {
      timeout: config.timeoutMs ?? 10_000,
      ...(config.baseUrl ? { basePath: config.baseUrl.replace(/\/+$/, '') } : {}),
    });
  }

  async createRoom(input: { providerCallId: string; kind: CallKind; createdBy: string; memberIds: string[] }): Promise<void> {
    const ids = [...new Set([input.createdBy, ...input.memberIds])];
    // Stream refuses call members it has no user for. Only the id is sent: we keep names and
    // avatars ourselves, and upsert replaces the whole user, so sending more would need a read first.
    await this.client.upsertUsers(ids.map((id) => ({ id })));
    const video = input.kind === 'video';
    // getOrCreate is an upsert on the id, which is what makes a retried start reuse the room.
    await this.call(input.providerCallId).getOrCreate({
      ring: false,
      notify: false,
      video,
      data: {
        created_by_id: input.createdBy,
        members: ids.map((user_id) => ({ user_id })),
        video,
        // `video: false` only picks the client's incoming-call UI; switching video off in the call's
        // settings is what keeps an audio call audio (no camera capability, camera off by default).
        ...(video ? {} : { settings_override: { video: { enabled: false, camera_default_on: false } } }),
      },
    });
  }

  credentials(input: { providerCallId: string; userId: string; ttlSeconds: number }): Promise<GetStreamCredentials> {
    const iat = Math.floor(Date.now() / 1000) - 1; // backdated like the SDK's own default (clock skew)
    const exp = iat + 1 + input.ttlSeconds;
    // A call token (user token + call_cids) rather than a plain user token: it only lets the client
    // into this call, so a leaked one cannot create calls or read others as that user.
    const token = this.client.generateCallToken({ user_id: input.userId, call_cids: [`${CALL_TYPE}:${input.providerCallId}`], iat, exp });
    return Promise.resolve({
      provider: 'getstream',
      apiKey: this.config.apiKey,
      token,
      userId: input.userId,
      callType: CALL_TYPE,
      callId: input.providerCallId,
      expiresAt: new Date(exp * 1000).toISOString(),
    });
  }

  async end(providerCallId: string): Promise<void> {
    // 404: Stream never had the room (creation failed before it). Whether ending an ended call is
    // refused is not documented, so a refusal counts as done when the call reads as ended.
    await this.settled(
      providerCallId,
      () => this.call(providerCallId).end(),
      (call) => !!call.ended_at,
    );
  }

  async removeParticipant(providerCallId: string, userId: string): Promise<void> {
    const call = this.call(providerCallId);
    // kick disconnects a live session; block keeps the client from rejoining with the token it still
    // holds. If kick refuses someone not in the call (undocumented), blocking alone does the rest.
    await this.settled(
      providerCallId,
      () => call.kickUser({ user_id: userId, block: true }).catch(async (e: unknown) => (refusal(e) ? call.blockUser({ user_id: userId }) : Promise.reject(e))),
      (c) => !!c.ended_at || (c.blocked_user_ids.includes(userId) && !c.session?.participants.some((p) => p.user.id === userId)),
    );
  }

  async report(providerCallId: string): Promise<ProviderCallReport> {
    let res;
    try {
      res = await this.call(providerCallId).get();
    } catch (e) {
      if (httpStatus(e) === 404) return { live: false, participants: [] };
      throw e;
    }
    const { session, ended_at } = res.call;
    const participants = [...new Set((session?.participants ?? []).map((p) => p.user.id))];
    // A session starts with the first join and ends when the last one leaves (or on end()).
    const live = !ended_at && !!session?.started_at && !session.ended_at;
    return { live, participants: live ? participants : [] };
  }

  private call(providerCallId: string) {
    return this.client.video.call(CALL_TYPE, providerCallId);
  }

  /** Runs `op`; a 404 is success, and so is a refusal when the call then reads as `done`. */
  private async settled(providerCallId: string, op: () => Promise<unknown>, done: (call: CallResponse) => boolean): Promise<void> {
    try {
      await op();
    } catch (e) {
      if (httpStatus(e) === 404) return;
      if (!refusal(e)) throw e;
      const call = await this.call(providerCallId)
        .get()
        .then((r) => r.call)
        .catch(() => undefined);
      if (!call || !done(call)) throw e;
    }
  }
}
