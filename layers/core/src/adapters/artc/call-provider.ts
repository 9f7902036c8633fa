import * as OpenApiSdk from '@alicloud/openapi-client';
import { AppError, ValidationError } from '../../domain/errors.js';
import type { CallCredentials, CallProvider, ProviderCallReport } from '../../ports/call-provider.js';
import { ARTC_ID, artcJoinToken, artcToken } from './token.js';

// CommonJS with `exports.default = Client`: Node hands ESM importers all of `module.exports` as the
// default (class at `.default.default`), vitest unwraps `__esModule` (class at `.default`). Accept both.
type OpenApiClass = typeof OpenApiSdk.default.default;
type OpenApiClient = InstanceType<OpenApiClass>;
type RuntimeOptions = Parameters<OpenApiClient['callApi']>[2];
const sdkDefault: unknown = OpenApiSdk.default;
const OpenApi = (typeof sdkDefault === 'function' ? sdkDefault : (sdkDefault as { default: unknown }).default) as OpenApiClass;

/** ARTC's server API is the ApsaraVideo Live OpenAPI, one host for every region (calls-notes §B0). */
export const ARTC_DEFAULT_ENDPOINT = 'live.aliyuncs.com';
const API_VERSION = '2016-11-01';
// The code the API answers for a channel that is not (or no longer) there. UNVERIFIED against the
// real service: any `…Channel…NotFound/NotExist` code counts, so a renamed code still reads as gone.
const CHANNEL_GONE = /channel.*(not.?found|not.?exist)/i;

export interface ArtcCallProviderOptions {
  /** The ARTC application, from ApsaraVideo Live → ApsaraVideo Real-time Communication. */
  appId: string;
  /** The application's AppKey (console only; there is no API for it). Signs join tokens. */
  appKey: string;
  /** A RAM user's AccessKey (or STS credentials with `securityToken`) allowed `live:*` on the app. */
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
  /** `live.aliyuncs.com` by default; a full URL (`http://127.0.0.1:PORT`) sets the scheme too. */
  endpoint?: string | undefined;
  timeoutMs?: number;
  /** Clock for token expiry (tests). */
  now?: () => Date;
}

/**
 * CallProvider for multi-party video on Alibaba ARTC (`live` 2016-11-01, RPC style). The SDK signs
 * with ACS3-HMAC-SHA256 (its `callApi` default), not the legacy HMAC-SHA1 `Signature` parameter.
 * ARTC has no CreateChannel: a channel exists from its first join until it is deleted or empties,
 * so `createRoom` only checks the id. Users join with a token hashed from the AppKey (§B4).
 */
export class ArtcCallProvider implements CallProvider {
  readonly name = 'artc' as const;
  private readonly client: OpenApiClient;
  private readonly runtime: RuntimeOptions;
  private readonly now: () => Date;

  constructor(private readonly options: ArtcCallProviderOptions) {
    const endpoint = options.endpoint ?? ARTC_DEFAULT_ENDPOINT;
    const url = endpoint.includes('://') ? new URL(endpoint) : undefined;
    const timeoutMs = options.timeoutMs ?? 5_000;
    this.client = new OpenApi(
      new OpenApiSdk.Config({
        accessKeyId: options.accessKeyId,
        accessKeySecret: options.accessKeySecret,
        ...(options.securityToken ? { securityToken: options.securityToken } : {}),
        endpoint: url ? url.host : endpoint,
        protocol: url?.protocol === 'http:' ? 'http' : 'https',
        readTimeout: timeoutMs,
        connectTimeout: timeoutMs,
      }),
    );
    // A plain object is what callApi reads (tea-util's RuntimeOptions is only a typed bag, and not
    // one of our dependencies). No SDK retries: callers retry whole use cases, and end/remove are idempotent.
    this.runtime = { autoretry: false, readTimeout: timeoutMs, connectTimeout: timeoutMs } as RuntimeOptions;
    this.now = options.now ?? (() => new Date());
  }

  // async so a bad id rejects like every other failure rather than throwing synchronously
  async createRoom(input: Parameters<CallProvider['createRoom']>[0]): Promise<void> {
    channelId(input.providerCallId);
  }

  async credentials(input: { providerCallId: string; userId: string; ttlSeconds: number }): Promise<CallCredentials> {
    const userId = artcId(input.userId, 'userId');
    // Alibaba caps a token at 24 h ahead; a longer ttl would be refused at join.
    const ttl = Math.min(Math.max(1, Math.floor(input.ttlSeconds)), 86_400);
    const base = {
      appId: this.options.appId,
      channelId: channelId(input.providerCallId),
      userId,
      nonce: '',
      timestamp: Math.floor(this.now().getTime() / 1000) + ttl,
    };
    const secret = { ...base, appKey: this.options.appKey };
    return { provider: 'artc', ...base, token: artcToken(secret), joinToken: artcJoinToken(secret) };
  }

  async end(providerCallId: string): Promise<void> {
    await this.call('DeleteChannel', { ChannelId: channelId(providerCallId) });
  }

  async removeParticipant(providerCallId: string, userId: string): Promise<void> {
    // Per-terminal `Code` ≠ 0 means that user was not in the channel: already removed, which is fine.
    await this.call('RemoveTerminals', { ChannelId: channelId(providerCallId), 'TerminalIds.1': artcId(userId, 'userId') });
  }

  async report(providerCallId: string): Promise<ProviderCallReport> {
    const body = await this.call('DescribeChannelUsers', { ChannelId: channelId(providerCallId) });
    const participants = [...new Set([...strings(body?.InteractiveUserList), ...strings(body?.LiveUserList)])];
    // IsChannelExists stays true for a few seconds after the last leave, with nobody in it.
    return { live: body?.IsChannelExists === true && participants.length > 0, participants };
  }

  /**
   * One RPC action. A missing channel answers undefined: every action here treats it as done (ended,
   * nobody to remove, nobody in it), which is what keeps end and removeParticipant idempotent.
   */
  private async call(action: string, params: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    const request = new OpenApiSdk.OpenApiRequest({ query: { AppId: this.options.appId, ...params } });
    const rpc = new OpenApiSdk.Params({
      action,
      version: API_VERSION,
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    try {
      const response = await this.client.callApi(rpc, request, this.runtime);
      return response.body as Record<string, unknown>;
    } catch (error) {
      const { code, statusCode } = sdkError(error);
      if (CHANNEL_GONE.test(code)) return undefined;
      // 5xx, throttling and network failures are transient; other 4xx mean our setup is wrong.
      const transient = statusCode === undefined || statusCode >= 500 || /throttl/i.test(code);
      throw new AppError(
        transient ? 'dependency_unavailable' : 'internal',
        `ARTC ${action} failed: ${code || 'no answer'}${statusCode ? ` (HTTP ${statusCode})` : ''}`,
        { cause: error },
      );
    }
  }
}

function sdkError(error: unknown): { code: string; statusCode: number | undefined } {
  const e = error as { code?: unknown; statusCode?: unknown; data?: { statusCode?: unknown } };
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : typeof e.data?.statusCode === 'number' ? e.data.statusCode : undefined;
  return { code: typeof e.code === 'string' ? e.code : '', statusCode };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function artcId(value: string, field: string): string {
  if (!ARTC_ID.test(value)) throw new ValidationError('Not a valid ARTC id', [{ field, issue: 'letters, digits, - and _, at most 64 characters' }]);
  return value;
}
const channelId = (providerCallId: string) => artcId(providerCallId, 'providerCallId');
