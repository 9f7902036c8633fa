import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exifTags, phonePhoto } from './support/media.js';
import { startLocalCloud, type RunningCloud } from './support/local-cloud.js';
import { WsClient } from './support/ws-client.js';

/**
 * A photo shared the way a client shares it, against a real `npm start` (embedded defaults):
 * grant, PUT to the signed URL, complete, then the local cloud's queue consumer runs
 * queue-media-process; what a member downloads has no EXIF, and a thumbnail exists.
 */
describe('media flow on the local cloud', () => {
  let cloud: RunningCloud;
  beforeAll(async () => {
    cloud = await startLocalCloud();
  }, 90_000);
  afterAll(async () => {
    if (cloud && cloud.process.exitCode === null) await cloud.stop();
  });

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(cloud.url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const register = async (name: string) => {
    const suffix = `${name}_${Date.now().toString(36)}`;
    const res = await call('POST', '/v1/auth/register', undefined, { username: suffix, email: `${suffix}@example.com`, password: 'correct horse battery' });
    expect(res.status).toBe(201);
    return { id: res.json.user.id as string, token: res.json.tokens.accessToken as string };
  };

  it('uploads a phone photo, shares it in a message, and serves it to members only: oriented, without EXIF, with a WebP thumbnail', async () => {
    const [ann, ben, cat] = [await register('ann'), await register('ben'), await register('cat')];
    // Ben listens through the local cloud's /ws, which spreads sockets over its two gateway nodes.
    const benWs = await WsClient.connect(`ws://127.0.0.1:${cloud.port}/ws`, ben.token, 'ben');
    const conv = await call('POST', '/v1/conversations', ann.token, { type: 'group', title: 'Trip', memberIds: [ben.id] });
    expect(conv.status).toBe(201);
    const conversationId = conv.json.conversation.id as string;

    const photo = await phonePhoto();
    expect(exifTags((await sharp(photo).metadata()).exif!).gps.length).toBeGreaterThan(0);
    const grant = await call('POST', '/v1/media', ann.token, { conversationId, fileName: 'beach.jpg', contentType: 'image/jpeg', size: photo.length });
    expect(grant.status).toBe(201);
    const put = await fetch(grant.json.upload.url, { method: 'PUT', headers: grant.json.upload.headers, body: photo });
    expect(put.status).toBe(200);
    const mediaId = grant.json.media.id as string;
    const completed = await call('POST', `/v1/media/${mediaId}/complete`, ann.token);
    expect(completed.status).toBe(200);
    expect(['processing', 'ready']).toContain(completed.json.media.status);

    let got = await call('GET', `/v1/media/${mediaId}`, ben.token);
    for (let i = 0; i < 100 && got.json.media.status !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      got = await call('GET', `/v1/media/${mediaId}`, ben.token);
    }
    expect(got.json.media).toMatchObject({ status: 'ready', width: 800, height: 1200 });

    const sent = await call('POST', `/v1/conversations/${conversationId}/messages`, ann.token, { clientMsgId: 'beach-1', attachments: [{ mediaId }] });
    expect(sent.status).toBe(201);
    const seen = await benWs.waitFor((f) => f.type === 'message.new' && f.message.conversationId === conversationId, 10_000, 'the photo message');
    expect(seen.frame.message.attachments).toEqual([
      { mediaId, kind: 'image', name: 'beach.jpg', contentType: 'image/jpeg', size: photo.length, width: 800, height: 1200, durationMs: null },
    ]);
    expect(benWs.frames.some((r) => r.frame.type === 'media.updated' && r.frame.media.id === mediaId && r.frame.media.status === 'ready')).toBe(true);
    expect((await call('GET', `/v1/media/${mediaId}`, cat.token)).status).toBe(404);
    benWs.ws.close();

    const original = Buffer.from(await (await fetch(got.json.url)).arrayBuffer());
    const meta = await sharp(original).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 800, height: 1200 });
    expect(meta.exif).toBeUndefined();
    expect(original.includes('SN-0042-7777')).toBe(false);
    const thumbnail = await fetch(got.json.thumbnailUrl);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).toMatchObject({ format: 'webp', width: 320, height: 480 });
  });
});
