import { describe, expect, it } from 'vitest';
import { describeCallProviderContract } from '../../ports/call-provider.contract.js';
import { LocalCallProvider } from './call-provider.js';

describeCallProviderContract('local (embedded WebRTC signalling over the gateway)', async () => {
  const provider = new LocalCallProvider();
  return {
    provider,
    simulateJoin: (id, userId) => provider.joined(id, userId),
    simulateLeave: (id, userId) => provider.left(id, userId),
    close: async () => undefined,
  };
});

describe('LocalCallProvider', () => {
  it('hands out {provider, callId, iceServers} and nothing else (no token: the gateway checks membership)', async () => {
    const p = new LocalCallProvider();
    await p.createRoom({ providerCallId: 'c1', kind: 'audio', createdBy: 'a', memberIds: ['a', 'b'] });
    expect(await p.credentials({ providerCallId: 'c1', userId: 'a', ttlSeconds: 60 })).toEqual({ provider: 'local', callId: 'c1', iceServers: [] });
    const withTurn = new LocalCallProvider([{ urls: ['turn:127.0.0.1:3478'] }]);
    expect((await withTurn.credentials({ providerCallId: 'c1', userId: 'a', ttlSeconds: 60 })).provider).toBe('local');
  });

  it('does not let a join reopen an ended room', async () => {
    const p = new LocalCallProvider();
    await p.createRoom({ providerCallId: 'c2', kind: 'video', createdBy: 'a', memberIds: ['a', 'b'] });
    await p.end('c2');
    p.joined('c2', 'a');
    expect(await p.report('c2')).toEqual({ live: false, participants: [] });
  });
});
