import type { Connection } from './connection.js';
import type { GatewayContext } from './context.js';
import { frameError } from './frame-errors.js';

/**
 * `resume {positions}`: for each conversation, replay the messages after the client's position from
 * the store as `message.new` frames in seq order, merge the live ones that arrived meanwhile
 * (de-duplicated by seq), then send `resumed {conversationId, fromSeq, toSeq}`: the replay covered
 * seqs in (fromSeq, toSeq]. Conversations that are not the user's get one `error` frame.
 */
export async function resume(ctx: GatewayContext, conn: Connection, positions: Record<string, number>, ref: string | undefined): Promise<void> {
  const entries = Object.entries(positions);
  const foreign = entries.filter(([id]) => !conn.hasConversation(id));
  if (foreign.length > 0) {
    conn.send({
      type: 'error',
      ref,
      error: { code: 'not_found', message: 'Conversation not found', details: foreign.map(([id]) => ({ field: `positions.${id}`, issue: 'not a member' })) },
    });
  }
  const queue = entries.filter(([id]) => conn.hasConversation(id));
  const worker = async () => {
    for (let next = queue.shift(); next && conn.transport.isOpen(); next = queue.shift()) {
      const [conversationId, position] = next;
      const stream = conn.stream(conversationId);
      if (!stream) continue;
      try {
        await stream.resume(position);
        // The user may have been removed during the replay: then there is nothing to confirm.
        if (conn.stream(conversationId) === stream)
          conn.send({ type: 'resumed', conversationId, fromSeq: position, toSeq: Math.max(position, stream.lastSeq) });
      } catch (error) {
        conn.send({ type: 'error', ref, error: frameError(error, ctx.log, { conversationId, connectionId: conn.id }) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.limits.resumeConcurrency, queue.length) }, worker));
}
