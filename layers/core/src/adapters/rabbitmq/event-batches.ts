import { randomUUID } from 'node:crypto';
import { eventBatches, MAX_EVENTS_PER_MESSAGE, type MessageEvent, type MessageEventBatch } from '../../domain/jobs/job.js';
import { GroupCommit } from '../../runtime/group-commit.js';

/**
 * Gathers the message events of concurrent `publish` calls into shared broker messages. With a
 * confirm outstanding on every slot, the events of the calls that arrive meanwhile leave together
 * once one frees (GroupCommit), so under load a publish, its confirm and the fan-out's five queue
 * copies carry many sends' events (issue 15); a lone call goes at once, alone. Each call resolves
 * once the broker confirmed the message holding its events, and fails with it.
 */
export class EventCoalescer {
  private readonly calls: GroupCommit<readonly MessageEvent[], void>;
  private next = 0;

  constructor(publish: (batches: MessageEventBatch[]) => Promise<void>, inFlight = 2) {
    this.calls = new GroupCommit<readonly MessageEvent[], void>(
      async (calls) => {
        try {
          await publish(eventBatches(calls.flat(), randomUUID));
          return calls.map(() => ({ ok: true as const, value: undefined }));
        } catch (error) {
          return calls.map(() => ({ ok: false as const, error }));
        }
      },
      // Every call its own key: the calls are independent, so none waits for another's batch.
      { maxInFlight: inFlight, maxBatch: MAX_EVENTS_PER_MESSAGE },
    );
  }

  publish(events: readonly MessageEvent[]): Promise<void> {
    return events.length === 0 ? Promise.resolve() : this.calls.submit(String(this.next++), events);
  }
}
