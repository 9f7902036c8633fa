import { Readable } from 'node:stream';
import * as FcSdk from '@alicloud/fc20230330';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { RuntimeOptions } from '@darabonba/typescript';
import type { GatewayCall } from '../../api/gateway-calls.js';
import { AppError } from '../../domain/errors.js';
import type { MessageView } from '../../domain/chat/message.js';
import type { Caller, ChatApi, SendMessageInput } from '../../ports/chat-api.js';
import { invokeFailure, resultOf, type FcInvokeResponse } from './invoke-result.js';

// The SDK is CommonJS with `exports.default = Client`. Node (and esbuild's ESM output) hand an ESM
// importer the whole `module.exports` as the default export, so the class is at `.default.default`;
// vitest's loader unwraps `__esModule` and puts the class at `.default`. Accept both.
type FcClientClass = typeof FcSdk.default.default;
type FcClient = InstanceType<FcClientClass>;
const sdkDefault: unknown = FcSdk.default;
const FcClientClass = (typeof sdkDefault === 'function' ? sdkDefault : (sdkDefault as { default: unknown }).default) as FcClientClass;

export interface FcInvokeChatApiOptions {
  /** The deployed `invoke-gateway-chat` function, e.g. `chat-invoke-gateway-chat`. */
  functionName: string;
  /**
   * FC's invoke endpoint `<accountId>.<region>.fc.aliyuncs.com` (`<region>-internal` from a VPC), or
   * a full URL such as `http://127.0.0.1:9000`, whose scheme then sets the protocol.
   */
  endpoint: string;
  protocol?: 'https' | 'http';
  /** A RAM user's AccessKey, or STS credentials (with `securityToken`; rebuild the client before they expire). */
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string | undefined };
  /** Version or alias to invoke; FC's default (LATEST) when unset. */
  qualifier?: string | undefined;
  /** Budget for one call: connecting, the function's run and reading its answer. Default 10 s. */
  timeoutMs?: number;
}

export function parseEndpoint(endpoint: string, protocol?: 'https' | 'http'): { host: string; protocol: 'https' | 'http' } {
  if (!endpoint.includes('://')) return { host: endpoint, protocol: protocol ?? 'https' };
  const url = new URL(endpoint);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`FC endpoint must be http(s): ${endpoint}`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.username) throw new Error(`FC endpoint must be a bare origin: ${endpoint}`);
  return { host: url.host, protocol: protocol ?? (url.protocol === 'http:' ? 'http' : 'https') };
}

/**
 * ChatApi for the gateway on ECS: every call is one synchronous FC InvokeFunction of
 * `invoke-gateway-chat` with a JSON `GatewayCall`, answered with an `InvokeResult`. Domain errors
 * come back as the same AppErrors; FC and network failures become `dependency_unavailable`
 * (transient) or `internal` (our configuration or the function is broken).
 */
export class FcInvokeChatApi implements ChatApi {
  private readonly client: FcClient;
  private readonly functionName: string;
  private readonly qualifier: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: FcInvokeChatApiOptions) {
    const { host, protocol } = parseEndpoint(options.endpoint, options.protocol);
    this.functionName = options.functionName;
    this.qualifier = options.qualifier;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const { accessKeyId, accessKeySecret, securityToken } = options.credentials;
    this.client = new FcClientClass(
      new $OpenApiUtil.Config({
        endpoint: host,
        protocol,
        accessKeyId,
        accessKeySecret,
        ...(securityToken ? { securityToken } : {}),
        // httpx uses connectTimeout as the socket's idle timeout for the whole exchange, so a lower
        // value would cut off a function that simply runs longer. Both get the full budget.
        readTimeout: this.timeoutMs,
        connectTimeout: this.timeoutMs,
      }),
    );
  }

  async sendMessage(caller: Caller, input: SendMessageInput) {
    return (await this.call({ action: 'sendMessage', caller, input })) as { message: MessageView; created: boolean };
  }

  async markRead(caller: Caller, input: { conversationId: string; seq: number }) {
    return (await this.call({ action: 'markRead', caller, input })) as { conversationId: string; seq: number };
  }

  async history(caller: Caller, input: { conversationId: string; afterSeq: number; limit: number }) {
    return (await this.call({ action: 'history', caller, input })) as { items: MessageView[]; hasMore: boolean };
  }

  async memberships(caller: Caller) {
    return (await this.call({ action: 'memberships', caller })) as { conversationId: string; lastSeq: number }[];
  }

  async relaySignal(caller: Caller, input: { callId: string; toUserId: string; data: unknown }) {
    return (await this.call({ action: 'relaySignal', caller, input } as GatewayCall)) as { relayed: true };
  }

  // The SDK's own read timer is unreliable on reused keep-alive sockets (a finished request's timer
  // clears the next one's), and it cannot be cancelled; this deadline bounds every call regardless.
  private async call(payload: GatewayCall): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AppError('dependency_unavailable', `FC InvokeFunction ${this.functionName} unreachable: no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    const attempt = this.invoke(payload);
    attempt.catch(() => undefined); // if the deadline wins, the late outcome has nobody to tell
    try {
      return resultOf(await Promise.race([attempt, deadline]), this.functionName);
    } finally {
      clearTimeout(timer);
    }
  }

  private async invoke(payload: GatewayCall): Promise<FcInvokeResponse> {
    try {
      const response = await this.client.invokeFunctionWithOptions(
        this.functionName,
        new FcSdk.InvokeFunctionRequest({
          body: Readable.from([Buffer.from(JSON.stringify(payload))]),
          ...(this.qualifier ? { qualifier: this.qualifier } : {}),
        }),
        new FcSdk.InvokeFunctionHeaders({ xFcInvocationType: 'Sync', xFcLogType: 'None' }),
        new RuntimeOptions({}),
      );
      const chunks: Buffer[] = [];
      if (response.body) for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array));
      return { statusCode: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') };
    } catch (error) {
      throw invokeFailure(error, this.functionName);
    }
  }
}
