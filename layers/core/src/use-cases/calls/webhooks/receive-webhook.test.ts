import { afterAll, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../../adapters/memory/key-value.js';
import { RedisKeyValueStore } from '../../../adapters/redis/key-value.js';
import { newCall, type Call } from '../../../domain/calls/call.js';
import { foldCallInputs, type CallInput } from '../../../domain/calls/state-machine.js';
import { createLogger } from '../../../runtime/logger.js';
import { receiveProviderEvent, type WebhookDeps } from './receive-webhook.js';

const at = (s: number) => new Date(Date.UTC(2031, 0, 1, 0, 0, s));

/** The call service's contract as far as this use case needs it: fold into the known calls, count the work. */
function service(failures = 0) {
  const calls = new Map<string, Call>([
    ['room-1', newCall({ id: 'c1', conversationId: 'd1', kind: 'audio', provider: 'getstream', providerCallId: 'room-1', createdBy: 'alice', at: at(0) })],
  ]);
  const seen: CallInput[][] = [];
  let failing = failures;
  return {
    seen,
    calls,
    advance: async (_provider: string, id: string, inputs: readonly CallInput[]) => {
      if (failing-- > 0) throw new Error('database briefly down');
      seen.push([...inputs]);
      const call = calls.get(id);
      if (!call) return null;
      calls.set(id, foldCallInputs(call, inputs).call);
      return calls.get(id)!;
    },
  };
}

const deps = (kv: WebhookDeps['kv'], s: ReturnType<typeof service>): WebhookDeps => ({
  kv,
  advance: s.advance,
  dedupeTtlMs: 60_000,
  log: createLogger('silent'),
});
const joined = { providerCallId: 'room-1', inputs: [{ type: 'joined', userId: 'bob', at: at(3) }] as CallInput[] };

describe('receiveProviderEvent', () => {
  const broken = RedisKeyValueStore.connect('redis://127.0.0.1:1');
  afterAll(() => broken.close());

  it('applies a delivery once and skips its redelivery', async () => {
    const s = service();
    const d = deps(new MemoryKeyValueStore(), s);
    expect(await receiveProviderEvent(d, 'getstream', 'wh-1:abc', joined)).toBe('applied');
    expect(await receiveProviderEvent(d, 'getstream', 'wh-1:abc', joined)).toBe('duplicate');
    expect(s.seen).toHaveLength(1);
    expect(s.calls.get('room-1')).toMatchObject({ state: 'active' });
    // The same key from the other provider is another delivery.
    expect(await receiveProviderEvent(d, 'artc', 'wh-1:abc', null)).toBe('ignored');
  });

  it('does not mark a delivery whose work failed, so the provider retry is applied', async () => {
    const s = service(1);
    const d = deps(new MemoryKeyValueStore(), s);
    await expect(receiveProviderEvent(d, 'getstream', 'wh-2:def', joined)).rejects.toThrow('briefly down');
    expect(await receiveProviderEvent(d, 'getstream', 'wh-2:def', joined)).toBe('applied');
    expect(s.seen).toHaveLength(1);
  });

  it('answers unknown calls and events without inputs without touching a call', async () => {
    const s = service();
    const d = deps(new MemoryKeyValueStore(), s);
    expect(await receiveProviderEvent(d, 'artc', 'm1', { providerCallId: 'nobody', inputs: joined.inputs })).toBe('unknown_call');
    expect(await receiveProviderEvent(d, 'artc', 'm2', { providerCallId: 'room-1', inputs: [] })).toBe('ignored');
    expect(await receiveProviderEvent(d, 'artc', 'm3', null)).toBe('ignored');
    expect(s.seen).toHaveLength(1);
  });

  it('still applies deliveries while the dedupe store is down (the state machine is idempotent)', async () => {
    const s = service();
    const d = deps(broken, s);
    expect(await receiveProviderEvent(d, 'getstream', 'wh-3:ghi', joined)).toBe('applied');
    expect(await receiveProviderEvent(d, 'getstream', 'wh-3:ghi', joined)).toBe('applied');
    expect(s.seen).toHaveLength(2);
    expect(s.calls.get('room-1')?.participants).toHaveLength(1);
  });
});
