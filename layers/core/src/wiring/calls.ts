import { cryptoIds, systemClock } from '../adapters/node-crypto/system.js';
import { SqlCallStore } from '../adapters/sql/call-store.js';
import type { CallKind, CallProviderName } from '../domain/calls/call.js';
import type { CallProvider } from '../ports/call-provider.js';
import type { CallStore } from '../ports/call-store.js';
import { rootLogger } from '../runtime/logger.js';
import type { CallDeps, CallProviders } from '../use-cases/calls/call-deps.js';
import { notConfigured } from './embedded-only.js';
import { jobQueue } from './jobs.js';
import { keyValue } from './key-value.js';
import { messageStorage } from './messages.js';
import { realtimeBus } from './realtime.js';
import { sqlDatabase } from './sql.js';
import { conversationStore } from './stores.js';
import { feature } from './wiring.js';

export const callStore = feature<CallStore>('call-store', async ({ use }) => new SqlCallStore(await use(sqlDatabase)));

/**
 * The embedded `local` provider (WebRTC between browsers, signalled over our gateway). Only the local
 * cloud and the test harness provide one (wiring/embedded.ts); a deployed function has none, so a
 * kind without its cloud provider configured is a clear error there rather than a silent fallback.
 */
export const localCallProvider = feature<CallProvider | null>('local-call-provider', () => null);

const NEEDS: Record<Exclude<CallProviderName, 'local'>, { variable: string; what: string }> = {
  getstream: { variable: 'STREAM_API_KEY', what: 'getstream call provider (1:1 audio calls)' },
  artc: { variable: 'ARTC_APP_ID', what: 'ARTC call provider (video calls)' },
};

/**
 * Audio → getstream when STREAM_API_KEY/SECRET are set, video → artc when ARTC_* are; otherwise the
 * local provider where one was provided. The SDK adapters load only when configured.
 */
export const callProviders = feature<CallProviders>('call-providers', async ({ config, use }) => {
  const local = await use(localCallProvider);
  let stream: CallProvider | undefined;
  let artc: CallProvider | undefined;
  if (config.getstream) {
    const { GetStreamCallProvider } = await import('../adapters/getstream/call-provider.js');
    stream = new GetStreamCallProvider({ apiKey: config.getstream.apiKey, apiSecret: config.getstream.apiSecret, baseUrl: config.getstream.baseUrl });
  }
  if (config.artc) {
    const { accessKeyId, accessKeySecret, securityToken } = config.calls;
    // The config rules (artcGroup) refuse ARTC_* without the AccessKey; this only narrows the types.
    if (!accessKeyId || !accessKeySecret) throw notConfigured('ALIBABA_CLOUD_ACCESS_KEY_ID', 'AccessKey for the ARTC server API');
    const { ArtcCallProvider } = await import('../adapters/artc/call-provider.js');
    artc = new ArtcCallProvider({
      appId: config.artc.appId,
      appKey: config.artc.appKey,
      endpoint: config.artc.endpoint,
      accessKeyId,
      accessKeySecret,
      securityToken,
    });
  }
  const get = (name: CallProviderName): CallProvider => {
    const provider = name === 'getstream' ? stream : name === 'artc' ? artc : local;
    if (provider) return provider;
    if (name === 'local') throw new Error('The local call provider exists only under the local cloud (npm start): this call cannot be served here');
    throw notConfigured(NEEDS[name].variable, NEEDS[name].what);
  };
  const forKind = (kind: CallKind): CallProvider => {
    const cloud = kind === 'audio' ? stream : artc;
    if (cloud) return cloud;
    if (local) return local;
    return get(kind === 'audio' ? 'getstream' : 'artc');
  };
  return { forKind, get };
});

/** The call use cases' dependencies (REST handlers, the ring sweep, the provider webhooks). */
export const calls = feature<CallDeps>('calls', async ({ use, config }) => {
  const [store, providers, conversations, messages, jobs, bus, kv] = await Promise.all([
    use(callStore),
    use(callProviders),
    use(conversationStore),
    use(messageStorage),
    use(jobQueue),
    use(realtimeBus),
    use(keyValue),
  ]);
  const log = rootLogger();
  return {
    store,
    providers,
    conversations,
    messages: messages.store,
    outbox: messages.outbox,
    jobs,
    kv,
    publish: async (channel, event) => {
      await bus
        .publish(channel, event)
        .catch((err: unknown) => log.warn({ err, channel, type: event.type }, 'publish failed; clients will catch up through the call endpoints'));
    },
    limits: { maxParticipants: config.calls.maxParticipants, ringSeconds: config.calls.ringSeconds, credentialTtlSeconds: config.calls.credentialTtlSeconds },
    clock: systemClock,
    ids: cryptoIds,
    log,
  };
});
