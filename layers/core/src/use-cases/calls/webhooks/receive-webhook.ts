import type { Call, CallProviderName } from '../../../domain/calls/call.js';
import type { CallInput } from '../../../domain/calls/state-machine.js';
import type { KeyValueStore } from '../../../ports/key-value.js';
import type { ProviderEvent } from '../../../ports/call-webhook.js';

export interface WebhookDeps {
  kv: KeyValueStore;
  /** The call service's `advanceCallByProvider`: folds inputs, performs each effect once; null = unknown call. */
  advance(provider: CallProviderName, providerCallId: string, inputs: readonly CallInput[]): Promise<Call | null>;
  /** How long a processed delivery is remembered; well past the providers' (unpublished) retry windows. */
  dedupeTtlMs: number;
  log: { warn(details: object, message: string): void };
}

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored' | 'unknown_call';

/** 72 h: calls-notes §C.2 (48–72 h) — neither vendor states its retry window. */
export const DEFAULT_DEDUPE_TTL_MS = 72 * 3_600_000;

/**
 * Applies one verified delivery. The state machine makes a replay change nothing, so the dedupe
 * mark only saves the work: it is written after the work succeeded (a delivery that failed half way
 * and is retried is applied again, not skipped) and a key-value outage skips it rather than failing
 * the delivery.
 */
export async function receiveProviderEvent(
  deps: WebhookDeps,
  provider: CallProviderName,
  dedupeKey: string,
  event: ProviderEvent | null,
): Promise<WebhookOutcome> {
  const key = `webhook:${provider}:${dedupeKey}`;
  if (await seen(deps, key)) return 'duplicate';
  let outcome: WebhookOutcome = 'ignored';
  if (event && event.inputs.length > 0) {
    const call = await deps.advance(provider, event.providerCallId, event.inputs);
    outcome = call ? 'applied' : 'unknown_call';
  }
  await remember(deps, key);
  return outcome;
}

async function seen(deps: WebhookDeps, key: string): Promise<boolean> {
  try {
    return (await deps.kv.get(key)) !== undefined;
  } catch (err) {
    deps.log.warn({ err }, 'webhook dedupe store unavailable; applying the delivery (idempotent anyway)');
    return false;
  }
}

async function remember(deps: WebhookDeps, key: string): Promise<void> {
  try {
    await deps.kv.setIfAbsent(key, '1', { ttlMs: deps.dedupeTtlMs });
  } catch (err) {
    deps.log.warn({ err }, 'webhook dedupe mark not stored; a redelivery will be applied again (no second effect)');
  }
}
