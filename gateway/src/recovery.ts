import type { GatewayContext } from './context.js';

/**
 * After the bus reconnected, events published during the outage never arrive. For each conversation
 * delivered here, read once from the store past the lowest position of its local connections and
 * offer the messages to every local stream (they drop what they have and fetch any further gap).
 */
export async function recoverMissedMessages(ctx: GatewayContext, concurrency = 8): Promise<void> {
  const queue = ctx.hub.conversationIds();
  const worker = async () => {
    for (let conversationId = queue.shift(); conversationId !== undefined; conversationId = queue.shift()) {
      const members = ctx.hub.members(conversationId);
      const streams = members.map((m) => m.stream(conversationId)).filter((s) => s !== undefined);
      if (members.length === 0 || streams.length === 0) continue;
      const afterSeq = Math.min(...streams.map((s) => s.lastSeq));
      try {
        const page = await ctx.chat.history(members[0]!.caller, { conversationId, afterSeq, limit: ctx.limits.historyPageSize });
        for (const message of page.items) for (const stream of streams) stream.push(message);
        // More than a page missed: let each stream read the rest itself.
        if (page.hasMore) for (const stream of streams) void stream.catchUp();
      } catch (err) {
        ctx.log.warn({ err, conversationId }, 'recovering missed messages failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}
