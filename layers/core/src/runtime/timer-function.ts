import { randomUUID } from 'node:crypto';
import type { Config } from '../config/env.js';
import { processWiring } from '../wiring/process.js';
import type { Use } from '../wiring/wiring.js';
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
export interface TimerContext {
  use: Use;
  config: Config;
  log: Logger;
  event: TimerEvent;
}

export function timerFunction<R>(task: string, run: (context: TimerContext) => Promise<R>): FcHandler<R> {
  return async (event: FcEventInput, context: FcContext): Promise<R> => {
    const log = rootLogger().child({ requestId: context?.requestId || randomUUID(), task });
    const timerEvent = readTimerEvent(event);
    try {
      const wiring = processWiring();
      const result = await run({ use: wiring.use, config: wiring.config, log, event: timerEvent });
      log.debug({ result }, 'timer task finished');
      return result;
    } catch (error) {
      log.error({ err: error }, 'timer task failed');
      throw error;
    }
  };
}
