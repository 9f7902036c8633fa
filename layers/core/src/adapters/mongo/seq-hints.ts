/**
 * Conversation → the seq this instance expects to append next, least recently used first, at
 * most `max` of them. Only a hint (the predecessor is checked before it is used), so forgetting
 * one costs a newest-seq query, never a wrong seq.
 */
export class SeqHints {
  private readonly next = new Map<string, number>();

  constructor(private readonly max = 10_000) {}

  get(conversationId: string): number | undefined {
    return this.next.get(conversationId);
  }

  remember(conversationId: string, nextSeq: number): void {
    this.next.delete(conversationId);
    this.next.set(conversationId, nextSeq);
    if (this.next.size > this.max) this.next.delete(this.next.keys().next().value!);
  }
}
