import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { startLocalCloud, type RunningCloud } from './support/local-cloud.js';
import { registerViaRest, rest } from './support/rest.js';
import { WsClient } from './support/ws-client.js';

interface SinkFile {
  name: string;
  record: { jobId: string; userId: string; deviceId: string; platform: string; fcm: { message: Record<string, unknown> & { token: string } } };
}

// Acceptance: `npm start` with embedded defaults (no FIREBASE_*): a message to an offline member
// becomes files in $DATA_DIR/outbox/push, while a member connected over /ws gets none.
describe('local cloud push sink', () => {
  let cloud: RunningCloud;
  beforeAll(async () => {
    cloud = await startLocalCloud({ GATEWAY_NODES: '1' });
  }, 90_000);
  afterAll(async () => {
    await cloud?.stop();
  });

  const sinkFiles = async (): Promise<SinkFile[]> => {
    const dir = path.join(cloud.dataDir, 'outbox', 'push');
    const names = await readdir(dir).catch(() => [] as string[]);
    return Promise.all(names.filter((n) => n.endsWith('.json')).map(async (name) => ({ name, record: JSON.parse(await readFile(path.join(dir, name), 'utf8')) })));
  };
  const until = async <T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('timed out waiting for push sink files');
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('writes an alert and a silent sync file for the offline member, nothing for the connected one', async () => {
    const [alice, bob, carol] = [await registerViaRest(cloud.url, 'po_a'), await registerViaRest(cloud.url, 'po_b'), await registerViaRest(cloud.url, 'po_c')];
    await rest(cloud.url, 'PATCH', '/v1/me', { token: alice.token, body: { displayName: 'Alice' } });
    for (const [user, device] of [[bob, 'bob-phone'], [carol, 'carol-phone']] as const) {
      expect((await rest(cloud.url, 'PUT', `/v1/me/devices/${device}`, { token: user.token, body: { platform: 'android', pushToken: `token-${device}-${user.id}` } })).status).toBe(200);
    }
    const group = await rest(cloud.url, 'POST', '/v1/conversations', { token: alice.token, body: { type: 'group', title: 'Trip', memberIds: [bob.id, carol.id] } });
    const conversationId = group.json.conversation.id as string;
    const carolSocket = await WsClient.connect(`ws://127.0.0.1:${cloud.port}/ws`, carol.token, 'carol');
    try {
      const sent = await rest(cloud.url, 'POST', `/v1/conversations/${conversationId}/messages`, { token: alice.token, body: { clientMsgId: 'po-1', text: 'Tickets are booked' } });
      expect(sent.status).toBe(201);

      const files = await until(async () => {
        const all = await sinkFiles();
        return all.length >= 2 ? all : undefined;
      });
      // Both jobs have run by now; give a stray third file a moment to show up before asserting.
      await new Promise((r) => setTimeout(r, 1_000));
      const final = await sinkFiles();
      expect(final.map((f) => f.record.userId)).toEqual([bob.id, bob.id]);
      for (const f of files) expect(f.name).toMatch(new RegExp(`^\\d{8}T\\d{9}Z-${f.record.jobId}-bob-phone\\.json$`));
      const alert = final.find((f) => 'notification' in f.record.fcm.message)!;
      expect(alert.record.fcm.message).toMatchObject({
        token: `token-bob-phone-${bob.id}`,
        notification: { title: 'Trip', body: 'Alice: Tickets are booked' },
        data: { type: 'message', conversationId, seq: String(sent.json.message.seq), messageId: sent.json.message.id },
        android: { priority: 'high', collapseKey: conversationId },
      });
      const sync = final.find((f) => f !== alert)!;
      expect(sync.record.fcm.message).toMatchObject({ data: { type: 'sync' }, apns: { payload: { aps: { contentAvailable: true } } } });
    } finally {
      await carolSocket.close();
    }
  });
});
