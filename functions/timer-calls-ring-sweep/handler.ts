import { timerFunction } from '@chat/core/runtime/timer-function';
import { sweepRingingCalls } from '@chat/core/use-cases/calls/calls';
import { calls } from '@chat/core/wiring/calls';

/**
 * Every minute (every LOCAL_TIMER_SECONDS under npm start): calls still ringing CALL_RING_SECONDS
 * after they started end as missed, each with call.ended, its timeline message and analytics.
 */
export const handler = timerFunction('calls-ring-sweep', async ({ use }) => sweepRingingCalls(await use(calls)));
