import type { Collection } from 'mongodb';
import type { OutboxEntry, OutboxStore } from '../../ports/outbox-store.js';
import type { MessageDocument } from './message-document.js';

/**
 * The outbox inside the `messages` collection: a new message's jobs are embedded in its document
 * (`outbox`, `outboxAt`), so storing them is the same single-document insert as the message, with
 * no transaction. Pending documents are found through a sparse index on `outboxAt`, which holds
 * only documents that still have jobs, and are updated by `_id`.
 */
export class MongoOutboxStore implements OutboxStore {
  /** `collection` per operation (the connection may replace its client); `fail` maps driver errors. */
  constructor(
    private readonly collection: () => Collection<MessageDocument>,
    private readonly fail: (error: unknown) => never,
  ) {}

  private get messages(): Collection<MessageDocument> {
    return this.collection();
  }

  async ensureIndexes(): Promise<void> {
    await this.messages.createIndex({ outboxAt: 1 }, { sparse: true, name: 'outbox_pending' });
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const max = Math.max(0, Math.floor(limit));
    if (max === 0) return [];
    // A message has a handful of jobs, so `max` documents always hold at least `max` jobs.
    const docs = await this.messages
      .find({ outboxAt: { $exists: true } }, { projection: { outbox: 1, outboxAt: 1 } })
      .sort({ outboxAt: 1, _id: 1 })
      .limit(max)
      .toArray()
      .catch(this.fail);
    return docs.flatMap((d) => (d.outbox ?? []).map((job) => ({ source: d._id, job }))).slice(0, max);
  }

  async markRelayed(entries: readonly OutboxEntry[]): Promise<void> {
    const bySource = new Map<string, Set<string>>();
    for (const { source, job } of entries) bySource.set(source, (bySource.get(source) ?? new Set()).add(job.id));
    await Promise.all([...bySource].map(([source, ids]) => this.remove(source, ids))).catch(this.fail);
  }

  /**
   * Read, then write back what is left. FerretDB ignores `$pull` with a condition, so the filtering
   * happens here. A concurrent relay's write can only put back jobs this one relayed (never drop
   * one it did not), which costs a duplicate delivery, never a lost job.
   */
  private async remove(source: string, ids: ReadonlySet<string>): Promise<void> {
    const doc = await this.messages.findOne({ _id: source }, { projection: { outbox: 1 } });
    if (!doc?.outbox) return;
    const left = doc.outbox.filter((job) => !ids.has(job.id));
    if (left.length === doc.outbox.length) return;
    const update = left.length === 0 ? { $unset: { outbox: '' as const, outboxAt: '' as const } } : { $set: { outbox: left } };
    await this.messages.updateOne({ _id: source }, update);
  }
}
