import { randomUUID } from 'node:crypto';
import type { Config } from '../config/env.js';
import { jobLedger, jobQueue } from '../wiring/jobs.js';
import { processWiring } from '../wiring/process.js';
import type { Use } from '../wiring/wiring.js';
import type { Job, JobType } from '../domain/jobs/job.js';
import type { FcContext, FcEventInput, FcHandler } from './fc-types.js';
import { workerJobs, type PoisonPart } from './job-schema.js';
import { rootLogger, type Logger } from './logger.js';
import { queueItems, type QueueItem } from './queue-event.js';

/** What a worker invocation did with its batch (returned to FC, and logged). */
export interface QueueSummary {
  processed: number;
  /** Duplicates of jobs that already ran. */
  skipped: number;
  /** Failed, and re-queued with a back-off. */
  retried: number;
  /** Unreadable, or failed on their last attempt. */
  deadLettered: number;
}

export interface JobContext {
  /** Resolves a wiring slice (`await use(notify)`): a worker builds only the slices it asks for. */
  use: Use;
  config: Config;
  log: Logger;
  requestId: string;
}

export type JobWork<T extends JobType> = (job: Job<T>, context: JobContext) => Promise<void>;

/**
 * Wraps a worker as the handler of an FC function with a RabbitMQ trigger. It accepts one
 * CloudEvent or a batch (an array), and for each job (a new message's event becomes this worker's
 * job, `jobFromEvent`, whose id is per event and worker): claims it in the ledger (a job that already
 * ran is skipped, so duplicates have no effect), runs `work`, and records it as done. A job that
 * fails is released and re-queued by this handler itself through the retry queues (or dead-lettered
 * on its last attempt); an unreadable item is dead-lettered at once. So the invocation succeeds
 * and the trigger acks the whole batch, with only the failed items coming back. Only when
 * re-queueing itself fails does the handler throw, so the trigger delivers the batch again; the
 * jobs that did run are then skipped by the ledger.
 */
export function queueFunction<T extends JobType>(type: T, work: JobWork<T>): FcHandler<QueueSummary> {
  return async (event: FcEventInput, context: FcContext): Promise<QueueSummary> => {
    const requestId = context?.requestId || randomUUID();
    const log = rootLogger().child({ requestId, jobType: type });
    const wiring = processWiring();
    const [jobs, ledger] = await Promise.all([wiring.use(jobQueue), wiring.use(jobLedger)]);
    const summary: QueueSummary = { processed: 0, skipped: 0, retried: 0, deadLettered: 0 };
    const unqueued: unknown[] = [];
    // A queue message may carry several jobs (a batch of message events): each is run, retried or
    // dead-lettered on its own, and only a failure to re-queue one fails the invocation.
    const settle = async (outcome: Promise<keyof QueueSummary>) => {
      try {
        summary[await outcome]++;
      } catch (error) {
        unqueued.push(error);
      }
    };
    for (const item of queueItems(event)) {
      if (item.problem) {
        await settle(poison(item, { body: item.raw, problem: item.problem }));
        continue;
      }
      const parts = workerJobs(type, item.body);
      // A body that is unreadable as a whole is dead-lettered as it arrived, trigger envelope and all.
      for (const part of parts.poison) await settle(poison(item, part.body === item.body ? { ...part, body: item.raw } : part));
      for (const job of parts.jobs) await settle(runJob(job));
    }
    log.info({ ...summary, failedToRequeue: unqueued.length }, 'queue batch finished');
    if (unqueued.length > 0)
      throw new AggregateError(unqueued, `${unqueued.length} failed job(s) could not be re-queued; failing the batch so the trigger retries it`);
    return summary;

    async function poison(item: QueueItem, part: PoisonPart): Promise<keyof QueueSummary> {
      await jobs.deadLetter(type, part.body, part.problem);
      log.error({ eventId: item.eventId, messageId: item.messageId, reason: part.problem }, 'poison message dead-lettered');
      return 'deadLettered';
    }

    async function runJob(job: Job<T>): Promise<keyof QueueSummary> {
      const jobLog = log.child({ jobId: job.id, attempt: job.attempt });
      let claim;
      try {
        claim = await ledger.claim(job, wiring.config.jobs.leaseSeconds * 1000);
      } catch (error) {
        return requeue(job, error, jobLog);
      }
      if (claim === 'done') {
        jobLog.info('duplicate of a job that already ran; skipped');
        return 'skipped';
      }
      // Another instance is running it; if that run fails or dies, this copy takes over later.
      if (claim === 'busy') return requeue(job, new Error('another worker holds this job'), jobLog);
      try {
        await work(job, { use: wiring.use, config: wiring.config, log: jobLog, requestId });
      } catch (error) {
        await ledger.release(job.id).catch((err: unknown) => jobLog.warn({ err }, 'could not release the lease; the retry waits for it to expire'));
        return requeue(job, error, jobLog);
      }
      // The work is done either way; without the record a duplicate may repeat it.
      await ledger.complete(job.id).catch((err: unknown) => jobLog.error({ err }, 'job ran but could not be recorded as done'));
      jobLog.info('job done');
      return 'processed';
    }

    async function requeue(job: Job<T>, error: unknown, jobLog: Logger): Promise<keyof QueueSummary> {
      const outcome = await jobs.retryOrDeadLetter(job, error);
      if (outcome === 'retried') jobLog.warn({ err: error }, 'job failed; retrying after a back-off');
      else jobLog.error({ err: error }, 'job failed on its last attempt; dead-lettered');
      return outcome === 'retried' ? 'retried' : 'deadLettered';
    }
  };
}
