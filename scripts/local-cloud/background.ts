import { randomUUID } from 'node:crypto';
import { JOB_TYPES, type JobType } from '@chat/core/domain/jobs/job';
import type { Consumer, JobQueue } from '@chat/core/ports/job-queue';
import { workQueueName } from '@chat/core/adapters/rabbitmq/topology';
import type { FcContext } from '@chat/core/runtime/fc-types';
import type { SYaml } from '../lib/s-yaml.js';
import type { LoadedFunction } from './function-host.js';
import { toRabbitMqCloudEvent } from './queue-event.js';

type Log = (line: string) => void;

/** `queue-<type>-<action>` → the job type whose queue the function's trigger reads. */
export function workerType(functionName: string): JobType | undefined {
  const type = /^queue-([a-z]+)-/.exec(functionName)?.[1];
  return JOB_TYPES.find((t) => t === type);
}

const contextFor = (fn: LoadedFunction): FcContext => ({
  requestId: randomUUID(),
  credentials: { accessKeyId: '', accessKeySecret: '', securityToken: '' },
  function: { name: fn.name, handler: 'index.handler', memory: fn.memory, timeout: fn.timeout },
  region: 'local',
  accountId: 'local',
});

/**
 * Stands in for the FC RabbitMQ triggers: consumes each worker's queue and invokes its handler
 * with a batch of CloudEvents, as event-streaming mode does. A handler that throws gets the
 * batch again after a pause, like the trigger's retry.
 */
export async function startQueueWorkers(
  jobs: JobQueue,
  functions: Map<string, LoadedFunction>,
  log: Log,
  batchWindowMs = 100,
): Promise<{ stop(): Promise<void> }> {
  const consumers: Consumer[] = [];
  for (const fn of functions.values()) {
    const type = workerType(fn.name);
    if (!type) continue;
    const queue = workQueueName(type);
    const consumer = await jobs.consume(
      type,
      async (batch) => {
        const events = batch.map((m) => toRabbitMqCloudEvent(m, queue));
        try {
          const summary = await fn.handler(Buffer.from(JSON.stringify(events)), contextFor(fn));
          log(`QUEUE ${fn.name} ${batch.length} message(s) ${JSON.stringify(summary)}`);
        } catch (error) {
          log(`QUEUE ${fn.name} ${batch.length} message(s) failed, will be delivered again: ${String(error)}`);
          throw error;
        }
      },
      // As many broker messages as the function's trigger hands over (s.yaml).
      { batchSize: fn.batchSize ?? 50, batchWindowMs },
    );
    consumers.push(consumer);
  }
  return { stop: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
}

/** Stands in for FC timer triggers: runs every `timer-*` function each `intervalMs`, never overlapping itself. */
export function startTimers(spec: SYaml, functions: Map<string, LoadedFunction>, log: Log, intervalMs: number): { stop(): void } {
  const timers: NodeJS.Timeout[] = [];
  for (const fn of functions.values()) {
    if (!fn.name.startsWith('timer-')) continue;
    const trigger = spec.functions.get(fn.name)?.props.triggers?.find((t) => t.triggerType === 'timer');
    let running = false;
    timers.push(
      setInterval(() => {
        if (running) return;
        running = true;
        const event = { triggerTime: new Date().toISOString(), triggerName: trigger?.triggerName ?? 'timer', payload: trigger?.triggerConfig.payload ?? '' };
        fn.handler(Buffer.from(JSON.stringify(event)), contextFor(fn))
          .catch((error: unknown) => log(`TIMER ${fn.name} failed: ${String(error)}`))
          .finally(() => (running = false));
      }, intervalMs),
    );
  }
  return { stop: () => timers.forEach((t) => clearInterval(t)) };
}
