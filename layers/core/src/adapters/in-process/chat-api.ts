import { UnauthorizedError } from '../../domain/errors.js';
import type { Caller, ChatApi, SendMessageInput } from '../../ports/chat-api.js';
import type { AuthDeps } from '../../use-cases/auth/auth-deps.js';
import { authenticate } from '../../use-cases/auth/authenticate.js';
import type { ChatDeps } from '../../use-cases/chat/chat-deps.js';
import type { CallDeps } from '../../use-cases/calls/call-deps.js';
import { relaySignal } from '../../use-cases/calls/signal.js';
import { markRead, messageHistory } from '../../use-cases/chat/read-history.js';
import { sendMessage } from '../../use-cases/chat/send-message.js';
import { VerifiedTokenCache } from '../verified-token-cache.js';

/**
 * ChatApi that runs the use cases in this process: the local cloud's gateway nodes, and the
 * `invoke-gateway-chat` function behind the FC adapter in the cloud.
 */
export class InProcessChatApi implements ChatApi {
  private tokens: VerifiedTokenCache | undefined;

  constructor(
    private readonly deps: () => Promise<{ auth: Pick<AuthDeps, 'tokens' | 'kv'>; chat: ChatDeps }>,
    /** The call use cases, built on the first signal only. */
    private readonly calls?: () => Promise<CallDeps>,
  ) {}

  // The gateway verified the token already; verifying again means a compromised or buggy gateway
  // cannot act as someone else. The signature is checked once per token (VerifiedTokenCache); the
  // revocation mark on every call.
  private async verified(caller: Caller) {
    const deps = await this.deps();
    this.tokens ??= new VerifiedTokenCache(deps.auth.tokens);
    const claims = await authenticate({ kv: deps.auth.kv, tokens: this.tokens }, `Bearer ${caller.accessToken}`);
    if (claims.userId !== caller.userId) throw new UnauthorizedError('invalid_token', 'Token does not belong to the caller');
    return deps.chat;
  }

  async sendMessage(caller: Caller, input: SendMessageInput) {
    return sendMessage(await this.verified(caller), caller.userId, input);
  }

  async markRead(caller: Caller, input: { conversationId: string; seq: number }) {
    return markRead(await this.verified(caller), caller.userId, input.conversationId, input.seq);
  }

  async history(caller: Caller, input: { conversationId: string; afterSeq: number; limit: number }) {
    return messageHistory(await this.verified(caller), caller.userId, input.conversationId, { afterSeq: input.afterSeq, limit: input.limit });
  }

  async memberships(caller: Caller) {
    const chat = await this.verified(caller);
    const ids = await chat.conversations.conversationIdsForUser(caller.userId);
    const latest = await chat.messages.latest(ids);
    return ids.map((conversationId) => ({ conversationId, lastSeq: latest.get(conversationId)?.seq ?? 0 }));
  }

  async relaySignal(caller: Caller, input: { callId: string; toUserId: string; data: unknown }) {
    await this.verified(caller);
    if (!this.calls) throw new Error('This ChatApi has no call use cases');
    await relaySignal(await this.calls(), caller.userId, input);
    return { relayed: true as const };
  }
}
