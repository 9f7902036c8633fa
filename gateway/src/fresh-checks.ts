import type { Caller, ChatApi } from '@chat/core/ports/chat-api';

interface Probe {
  epoch: number;
  caller: Caller;
  seq: Promise<number | undefined>;
}

/**
 * A message sent between a connection's memberships read and the node's subscription to that
 * conversation reached nobody here, so a connection that joined a channel subscribed after its read
 * looks at the newest seq again. One read started after the subscription was in place answers for
 * every connection that joined under that same subscription (whatever its own read saw, anything it
 * missed was published before the subscription, so before this read), so a burst of connects to one
 * group reads once per group and node instead of once per connection.
 */
export class FreshChecks {
  private readonly probes = new Map<string, Probe>();

  constructor(private readonly chat: ChatApi) {}

  /** The conversation's newest seq, read after subscription `epoch` (ChannelRefs) was in place. */
  async latest(caller: Caller, conversationId: string, epoch: number): Promise<number | undefined> {
    const probe = this.probes.get(conversationId);
    if (probe?.epoch === epoch) {
      const seq = await probe.seq.catch(() => undefined);
      // Its reader may have left the conversation meanwhile: then read for ourselves.
      if (seq !== undefined || probe.caller.userId === caller.userId) return seq;
      return this.read(caller, conversationId);
    }
    const own: Probe = { epoch, caller, seq: this.read(caller, conversationId) };
    this.probes.set(conversationId, own);
    const done = () => {
      if (this.probes.get(conversationId) === own) this.probes.delete(conversationId);
    };
    own.seq.then(done, done);
    return own.seq;
  }

  private async read(caller: Caller, conversationId: string): Promise<number | undefined> {
    return (await this.chat.memberships(caller)).find((m) => m.conversationId === conversationId)?.lastSeq;
  }
}
