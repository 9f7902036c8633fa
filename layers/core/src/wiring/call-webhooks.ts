import { systemClock } from '../adapters/node-crypto/system.js';
import { AppError } from '../domain/errors.js';
import type { CallWebhookReader } from '../ports/call-webhook.js';
import { rootLogger } from '../runtime/logger.js';
import { advanceCall, advanceCallByProvider } from '../use-cases/calls/advance-call.js';
import type { ReconcileDeps } from '../use-cases/calls/reconcile-calls.js';
import { DEFAULT_DEDUPE_TTL_MS, type WebhookDeps } from '../use-cases/calls/webhooks/receive-webhook.js';
import { calls } from './calls.js';
import { keyValue } from './key-value.js';
import { feature, type Wiring } from './wiring.js';

/** One provider's webhook function: how to read its requests, and what applies them. */
export interface WebhookEndpoint {
  reader: CallWebhookReader;
  deps: WebhookDeps;
}

// A provider that is not configured has no webhook here: 404, before anything is read.
const notHere = (what: string) => new AppError('route_not_found', `${what} webhooks are not configured here`);

async function webhookDeps({ use }: Wiring): Promise<WebhookDeps> {
  const [kv, callDeps] = await Promise.all([use(keyValue), use(calls)]);
  return {
    kv,
    advance: (provider, providerCallId, inputs) => advanceCallByProvider(callDeps, provider, providerCallId, inputs),
    dedupeTtlMs: DEFAULT_DEDUPE_TTL_MS,
    log: rootLogger(),
  };
}

export const getstreamWebhooks = feature<WebhookEndpoint>('getstream-webhooks', async (wiring) => {
  const { getstream, callWebhooks } = wiring.config;
  if (!getstream) throw notHere('Stream');
  // Loaded only when configured: the reader shares the adapter module that pulls in Stream's SDK.
  const { GetStreamWebhookReader } = await import('../adapters/getstream/webhook.js');
  return { reader: new GetStreamWebhookReader(getstream, callWebhooks.maxBodyBytes), deps: await webhookDeps(wiring) };
});

export const artcWebhooks = feature<WebhookEndpoint>('artc-webhooks', async (wiring) => {
  const { artc, callWebhooks } = wiring.config;
  if (!artc) throw notHere('ARTC');
  const { ArtcCallbackReader } = await import('../adapters/artc/callback.js');
  return { reader: new ArtcCallbackReader(artc, callWebhooks.maxBodyBytes), deps: await webhookDeps(wiring) };
});

/** timer-calls-reconcile: the call service's store, providers and advanceCall. */
export const callReconcile = feature<ReconcileDeps>('call-reconcile', async ({ use, config }) => {
  const callDeps = await use(calls);
  return {
    store: callDeps.store,
    // A provider not configured here cannot be asked; its calls wait for a deployment that has it.
    provider: (name) => {
      try {
        return callDeps.providers.get(name);
      } catch {
        return undefined;
      }
    },
    advance: (callId, inputs) => advanceCall(callDeps, callId, inputs),
    clock: systemClock,
    afterSeconds: config.callWebhooks.reconcileAfterSeconds,
    log: rootLogger(),
  };
});
