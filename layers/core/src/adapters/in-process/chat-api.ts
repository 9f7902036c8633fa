import { UnauthorizedError } from '../../domain/errors.js';
import type { Caller, ChatApi, SendMessageInput } from '../../ports/chat-api.js';
import type { AuthDeps } from '../../use-cases/auth/auth-deps.js';
import type { ChatDeps } from '../../use-cases/chat/chat-deps.js';
import type { CallDeps } from '../../use-cases/calls/call-deps.js';
import { relaySignal } from '../../use-cases/calls/signal.js';
import { markRead, messageHistory } from '../../use-cases/chat/read-history.js';
import { sendMessage } from '../../use-cases/chat/send-message.js';
import { MembershipReads } from './membership-reads.js';
import { VerifiedTokens } from './verified-tokens.js';

/**
 * ChatApi that runs the use cases in this process: the local cloud's gateway nodes, and the
 * `invoke-gateway-chat` function behind the FC adapter in the cloud.
 */
export class InProcessChatApi implements ChatApi {
  private readonly tokens = VerifiedTokens.shared;
  private readonly membershipReads = new MembershipReads(async (userIds) => {
    const { chat } = await this.deps();
    const idsByUser = await chat.conversations.conversationIdsForUsers(userIds);
    const latest = await chat.messages.latest([...new Set([...idsByUser.values()].flat())]);
    return new Map(
      [...idsByUser].map(([userId, ids]) => [userId, ids.map((conversationId) => ({ conversationId, lastSeq: latest.get(conversationId)?.seq ?? 0 }))]),
    );
  });

  constructor(
    private readonly deps: () => Promise<{ auth: Pick<AuthDeps, 'tokens' | 'kv'>; chat: ChatDeps }>,
    /** The call use cases, built on the first signal only. */
    private readonly calls?: () => Promise<CallDeps>,
  ) {}

  // The gateway verified the token already; verifying again (once per token, see VerifiedTokens)
  // means a compromised or buggy gateway cannot act as someone else.
  private async verified(caller: Caller) {
    const deps = await this.deps();
    const claims = await this.tokens.verify(deps.auth, caller.accessToken);
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
    await this.verified(caller);
    return this.membershipReads.of(caller.userId);
  }

  async relaySignal(caller: Caller, input: { callId: string; toUserId: string; data: unknown }) {
    await this.verified(caller);
    if (!this.calls) throw new Error('This ChatApi has no call use cases');
    await relaySignal(await this.calls(), caller.userId, input);
    return { relayed: true as const };
  }
}
