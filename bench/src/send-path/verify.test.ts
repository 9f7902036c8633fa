import { describe, expect, it } from 'vitest';
import { jobsForMessage, MESSAGE_JOB_TYPES } from '@chat/core/domain/jobs/job';
import { checkJobs, type Drained, type StoredRef } from './verify.js';

const stored: StoredRef[] = [
  { conversationId: 'c1', seq: 1, messageId: 'm1', senderId: 'u1' },
  { conversationId: 'c1', seq: 2, messageId: 'm2', senderId: 'u2' },
];
let n = 0;
const jobsOf = (r: StoredRef) => jobsForMessage({ ...r, createdAt: '2031-01-01T00:00:00.000Z' }, () => `j${n++}`, '2031-01-01T00:00:00.000Z');
/** What the work queues would hold: the fan-out exchange copies each message's event to every message worker's queue. */
function queues(refs: readonly StoredRef[]): Drained {
  const events = refs.flatMap(jobsOf).map((event) => JSON.stringify(event));
  return new Map(MESSAGE_JOB_TYPES.map((type) => [type, [...events]]));
}

describe('checkJobs', () => {
  it('finds every message in every message-job queue when the jobs are right', () => {
    expect(checkJobs(queues(stored), stored, MESSAGE_JOB_TYPES)).toEqual({ complete: 2, missing: 0, wrong: 0, duplicates: 0 });
  });

  it('reads a batch of events as the workers do, one job per event', () => {
    const batch = JSON.stringify({ id: 'b1', type: 'message.batch', events: stored.flatMap(jobsOf) });
    const drained: Drained = new Map(MESSAGE_JOB_TYPES.map((t) => [t, [batch]]));
    expect(checkJobs(drained, stored, MESSAGE_JOB_TYPES)).toEqual({ complete: 2, missing: 0, wrong: 0, duplicates: 0 });
  });

  it('counts what a worker could not read as wrong', () => {
    const drained = queues(stored);
    drained.get('email')!.push(JSON.stringify({ type: 'message.created', message: stored[0] }));
    expect(checkJobs(drained, stored, MESSAGE_JOB_TYPES)).toEqual({ complete: 2, missing: 0, wrong: 1, duplicates: 0 });
  });

  it('reports a job with the wrong seq, a repeat and a queue left without its job', () => {
    const drained = queues([stored[0]!, { ...stored[1]!, seq: 3 }]);
    drained.get('push')!.push(drained.get('push')![0]!);
    drained.delete('sync');
    expect(checkJobs(drained, stored, MESSAGE_JOB_TYPES)).toEqual({ complete: 0, missing: 2 + 4, wrong: 4, duplicates: 1 });
  });
});
