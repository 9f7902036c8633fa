import { randomUUID } from 'node:crypto';
import { getDeps, type Deps } from '../composition.js';
import { decodeEvent } from './http-request.js';
import type { FcContext, FcEventInput, FcHandler } from './fc-types.js';
import { rootLogger, type Logger } from './logger.js';

/** What an FC timer trigger passes (`payload` is the trigger's configured string). */
export interface TimerEvent {
  triggerTime?: string;
  triggerName?: string;
  payload?: string;
}

// The task does not depend on the event, so an odd one is no reason to skip a tick.
function readTimerEvent(event: FcEventInput): TimerEvent {
  try {
    const decoded = decodeEvent(event);
    return typeof decoded === 'object' && decoded !== null ? (decoded as TimerEvent) : {};
  } catch {
    return {};
  }
}

/**
 * Wraps a periodic task as the handler of an FC function with a timer trigger. A failure is
 * logged and thrown (FC records a failed invocation); the next tick simply runs again.
 */
export function timerFunction<R>(task: string, run: (deps: Deps, log: Logger, event: TimerEvent) => Promise<R>): FcHandler<R> {
  return async (event: FcEventInput, context: FcContext): Promise<R> => {
    const log = rootLogger().child({ requestId: context?.requestId || randomUUID(), task });
    const timerEvent = readTimerEvent(event);
    try {
      const result = await run(await getDeps(), log, timerEvent);
      log.debug({ result }, 'timer task finished');
      return result;
    } catch (error) {
      log.error({ err: error }, 'timer task failed');
      throw error;
    }
  };
}
