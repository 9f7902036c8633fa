import type { CallInput } from '../domain/calls/state-machine.js';

/** What one provider delivery means for one call: the facts to fold into it, in the order given. */
export interface ProviderEvent {
  providerCallId: string;
  /** Empty for events we recognise but that change nothing (a session start, a Publish). */
  inputs: CallInput[];
}

/** A delivery that passed the provider's checks. */
export interface WebhookDelivery {
  /** Recognises a redelivery of the same message (Stream: id + body hash; ARTC: SubscribeId + MsgId). */
  dedupeKey: string;
  /** Null: nothing in it is about a call of ours (an unknown event type); answered 2xx all the same. */
  event: ProviderEvent | null;
}

/**
 * Reads one provider's webhook requests (adapters/getstream/webhook.ts, adapters/artc/callback.ts).
 * Throws `unauthorized` when the request is not provably the provider's (signature, key, path
 * secret, app id), `malformed_json`/`validation_failed` for a body that is not an event it sends,
 * `payload_too_large` past the size limit: all answered 4xx, so a provider never retries them.
 */
export interface CallWebhookReader {
  read(req: { headers: Readonly<Record<string, string>>; body: Buffer; params: Readonly<Record<string, string>> }): WebhookDelivery;
}
