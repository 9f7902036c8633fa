import { z } from 'zod';
import { envVar, int } from '../env-kit.js';

/** Provider webhooks and the reconcile timer (issue 13 §5), for both providers. */
export const callWebhooks = z.object({
  /**
   * Largest webhook body, after gunzip. Stream's `call.session_ended` carries the whole call
   * (settings included) and its stats report one entry per session, so well above HTTP_MAX_BODY_BYTES.
   */
  maxBodyBytes: envVar('CALL_WEBHOOK_MAX_BODY_BYTES', int(1024 * 1024, 1024)),
  /** A call `active` for longer than this is checked with its provider by timer-calls-reconcile. */
  reconcileAfterSeconds: envVar('CALL_RECONCILE_AFTER_SECONDS', int(900, 60)),
});
