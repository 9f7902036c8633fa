import { isInCall, type Call, type CallProviderName } from '../../domain/calls/call.js';
import type { CallInput } from '../../domain/calls/state-machine.js';
import type { CallProvider } from '../../ports/call-provider.js';
import type { CallStore } from '../../ports/call-store.js';
import type { Clock } from '../../ports/system.js';

export interface ReconcileDeps {
  store: CallStore;
  /** The configured provider of that name; undefined when it is not configured here. */
  provider(name: CallProviderName): CallProvider | undefined;
  /** The call service's `advanceCall` (effects once: timeline message, analytics, call.* frames). */
  advance(callId: string, inputs: readonly CallInput[]): Promise<Call | null>;
  clock: Clock;
  /** Calls active for longer than this are checked. */
  afterSeconds: number;
  log: { warn(details: object, message: string): void };
}

export interface ReconcileResult {
  checked: number;
  ended: number;
  /** Participants our record had in the call whom the provider no longer has. */
  left: number;
  failed: number;
}

const PAGE = 100;
/** A tick checks at most this many calls; the next tick (and the newest-first order) covers the rest. */
const MAX_PER_TICK = 500;

/**
 * Closes what webhooks left open (calls-notes §C.5): for each call `active` past the limit, asks
 * its provider. Not live there → ended here; live but without someone our record has in it → that
 * person left. The times are the check's own (the real ones were in the lost webhooks), so these
 * durations are upper bounds. A provider failing for one call does not stop the others.
 */
export async function reconcileCalls(deps: ReconcileDeps): Promise<ReconcileResult> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - deps.afterSeconds * 1000);
  const result: ReconcileResult = { checked: 0, ended: 0, left: 0, failed: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.store.activeStartedBefore(before, { cursor, limit: PAGE });
    for (const call of page.items) await reconcileOne(deps, call, now, result);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && result.checked < MAX_PER_TICK);
  return result;
}

async function reconcileOne(deps: ReconcileDeps, call: Call, at: Date, result: ReconcileResult): Promise<void> {
  const provider = deps.provider(call.provider);
  if (!provider) return;
  result.checked++;
  try {
    const report = await provider.report(call.providerCallId);
    if (!report.live) {
      const after = await deps.advance(call.id, [{ type: 'end', at }]);
      if (after?.state === 'ended') result.ended++;
      return;
    }
    const present = new Set(report.participants);
    const gone = call.participants.filter((p) => isInCall(p) && !present.has(p.userId));
    if (gone.length === 0) return;
    await deps.advance(
      call.id,
      gone.map((p) => ({ type: 'left', userId: p.userId, at })),
    );
    result.left += gone.length;
  } catch (err) {
    result.failed++;
    deps.log.warn({ err, callId: call.id, provider: call.provider }, 'call reconcile failed; the next tick retries');
  }
}
