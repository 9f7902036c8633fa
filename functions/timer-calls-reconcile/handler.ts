import { timerFunction } from '@chat/core/runtime/timer-function';
import { reconcileCalls } from '@chat/core/use-cases/calls/reconcile-calls';
import { callReconcile } from '@chat/core/wiring/call-webhooks';

/**
 * Every five minutes: calls still `active` after CALL_RECONCILE_AFTER_SECONDS are checked with their
 * provider; those it no longer has are ended, participants it no longer has have left.
 */
export const handler = timerFunction('calls-reconcile', async ({ use }) => reconcileCalls(await use(callReconcile)));
