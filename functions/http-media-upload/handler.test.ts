import { describe, expect, it } from 'vitest';
import { mediaKeys } from '@chat/core/domain/media/media';
import { mediaStorage } from '@chat/core/wiring/media';
import { as } from '../../test/support/chat.js';
import { PDF, PNG, upload, useMediaServer } from '../../test/support/media-server.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as completeMedia } from '../http-media-complete/handler.js';
import { handler as getMedia } from '../http-media-get/handler.js';
import { handler as sendMessage } from '../http-messages-send/handler.js';
import { handler } from './handler.js';

// The whole client flow through the handlers and the embedded store's signed URLs: grant → upload
// exactly as granted → complete → attach → signed download; and each way of abusing it.
describe('media: POST /v1/media, …/complete, GET /v1/media/{id}', () => {
  const media = useMediaServer(() => chat.deps);
  const chat = useChat({ users: ['ma', 'mb', 'mx'], group: { members: 2 }, env: () => ({ ...media.env(), MEDIA_MAX_BYTES: '1000000' }) });
  const [alice, bob, outsider] = chat.users;
  const grant = (user = alice, body: Record<string, unknown> = {}) =>
    as(user).call(handler, 'POST', '/v1/media', {
      conversationId: chat.groupId,
      fileName: 'Quarterly report.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      ...body,
    });
  const complete = (user: typeof alice, id: string) => as(user).call(completeMedia, 'POST', `/v1/media/${id}/complete`);
  const get = (user: typeof alice, id: string) => as(user).call(getMedia, 'GET', `/v1/media/${id}`);

  it('grants, accepts exactly the granted upload, verifies it and serves it to members with its name', async () => {
    const granted = await grant();
    expect(granted.status).toBe(201);
    expect(granted.json).toMatchObject({ media: { status: 'pending', fileName: 'Quarterly report.pdf', size: PDF.length }, upload: { method: 'PUT' } });
    const id = granted.json.media.id as string;
    expect((await upload(granted.json.upload, PDF)).status).toBe(200);
    const done = await complete(alice, id);
    expect(done).toMatchObject({ status: 200, json: { media: { id, status: 'ready', contentType: 'application/pdf', kind: 'file' } } });
    expect((await complete(alice, id)).json).toEqual(done.json); // idempotent

    const seen = await get(bob, id);
    expect(seen.status).toBe(200);
    const file = await fetch(seen.json.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="Quarterly report.pdf"/);
    expect((await get(outsider, id)).status).toBe(404);

    const sent = await as(alice).call(sendMessage, 'POST', `/v1/conversations/${chat.groupId}/messages`, {
      clientMsgId: 'with-pdf',
      attachments: [{ mediaId: id }],
    });
    expect(sent.status).toBe(201);
    expect(sent.json.message.attachments).toEqual([
      {
        mediaId: id,
        kind: 'file',
        name: 'Quarterly report.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        width: null,
        height: null,
        durationMs: null,
      },
    ]);
    expect(JSON.stringify(sent.json.message)).not.toContain('http');
  });

  it('holds an image back (status processing, no URL) until its metadata is stripped', async () => {
    const granted = await grant(alice, { fileName: 'dot.png', contentType: 'image/png', size: PNG.length });
    await upload(granted.json.upload, PNG);
    expect((await complete(alice, granted.json.media.id)).json.media.status).toBe('processing');
    const seen = await get(bob, granted.json.media.id);
    expect(seen.json).toEqual({ media: expect.objectContaining({ status: 'processing' }) });
  });

  it('refuses bad grant requests before signing anything', async () => {
    expect((await grant(outsider)).status).toBe(404);
    expect((await grant(alice, { conversationId: 'no-such-conversation' })).status).toBe(404);
    for (const size of [0, -1, 1.5]) expect((await grant(alice, { size })).json.error.code, String(size)).toBe('validation_failed');
    expect((await grant(alice, { size: 1_000_001 })).json.error.code).toBe('media_too_large');
    for (const contentType of ['image/svg+xml', 'text/html', 'application/javascript'])
      expect((await grant(alice, { contentType, fileName: 'x.bin' })).json.error.code, contentType).toBe('media_type_not_allowed');
    for (const fileName of ['../etc/passwd', 'a/b.pdf', 'a\\b.pdf', 'bell\u0007.pdf', 'nul\u0000.pdf', ''])
      expect((await grant(alice, { fileName })).status, JSON.stringify(fileName)).toBe(400);
  });

  it('lets only the uploader complete, only after the upload, and only with exactly the granted bytes', async () => {
    const granted = await grant();
    const id = granted.json.media.id as string;
    expect((await complete(bob, id)).status).toBe(404);
    expect((await complete(alice, id)).json.error.code).toBe('media_not_uploaded');
    expect((await upload(granted.json.upload, Buffer.concat([PDF, Buffer.from('more')]))).status).toBe(403);
    expect((await upload({ ...granted.json.upload, headers: { ...granted.json.upload.headers, 'content-type': 'text/html' } }, PDF)).status).toBe(403);
    expect((await upload(granted.json.upload, PDF)).status).toBe(200);
    expect((await upload(granted.json.upload, PDF)).status).toBe(409); // an upload never replaces verified bytes
    expect((await complete(alice, id)).status).toBe(200);
  });

  it('rejects and deletes a file that is not what was declared (a PNG declared as PDF)', async () => {
    const granted = await grant(alice, { size: PNG.length });
    await upload(granted.json.upload, PNG);
    const refused = await complete(alice, granted.json.media.id);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'media_mismatch', details: [{ field: 'contentType', issue: expect.stringContaining('image/png') }] });
    expect((await get(alice, granted.json.media.id)).status).toBe(404);
    expect((await complete(alice, granted.json.media.id)).status).toBe(409);
    const storage = await chat.deps.wiring.use(mediaStorage);
    expect(await storage.inspect(mediaKeys.pending(granted.json.media.id), 1)).toBeUndefined();
  });

  it("refuses a message carrying another conversation's or another user's media", async () => {
    const theirs = await grant(bob);
    await upload(theirs.json.upload, PDF);
    await complete(bob, theirs.json.media.id);
    const sent = await as(alice).call(sendMessage, 'POST', `/v1/conversations/${chat.groupId}/messages`, {
      clientMsgId: 'steal',
      attachments: [{ mediaId: theirs.json.media.id }],
    });
    expect(sent.status).toBe(400);
    expect(sent.json.error.details).toEqual([{ field: 'attachments.0.mediaId', issue: expect.stringContaining('not a media you uploaded') }]);
  });
});
