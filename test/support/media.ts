import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { mediaKeys, pendingMedia, type Media } from '@chat/core/domain/media/media';
import type { MediaStorage } from '@chat/core/ports/media-storage';
import type { MediaStore } from '@chat/core/ports/media-store';

/**
 * A 1200×800 JPEG as a phone writes it: camera make and serial number, a GPS position, and
 * orientation 6 (shown rotated a quarter turn, 800×1200).
 */
export function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c33' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'AcmeCam', Model: 'Z1' },
      IFD2: { BodySerialNumber: 'SN-0042-7777' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4000/100' },
    })
    .toBuffer();
}

/** Tag ids of IFD0 and of the Exif and GPS IFDs it points to (a minimal TIFF reader for assertions). */
export function exifTags(exif: Buffer): { ifd0: number[]; exif: number[]; gps: number[] } {
  const tiff = exif.subarray(exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = (offset: number) => Array.from({ length: u16(offset) }, (_, i) => ({ tag: u16(offset + 2 + i * 12), value: u32(offset + 2 + i * 12 + 8) }));
  const ifd0 = ifd(u32(4));
  const pointer = (tag: number) => ifd0.find((e) => e.tag === tag)?.value;
  const sub = (tag: number) => (pointer(tag) === undefined ? [] : ifd(pointer(tag)!).map((e) => e.tag));
  return { ifd0: ifd0.map((e) => e.tag), exif: sub(0x8769), gps: sub(0x8825) };
}

/** A verified, not yet processed image of `ownerId` in `conversationId`, its bytes at the final key (as completeUpload leaves it). */
export async function readyImage(
  store: MediaStore,
  storage: MediaStorage,
  input: { ownerId: string; conversationId: string; bytes: Buffer; at?: Date },
): Promise<Media> {
  const id = randomUUID();
  const at = input.at ?? new Date();
  const media = pendingMedia({
    id,
    ownerId: input.ownerId,
    conversationId: input.conversationId,
    fileName: 'beach.jpg',
    declaredType: 'image/jpeg',
    declaredSize: input.bytes.length,
    at,
  });
  await store.create(media);
  const finalKey = mediaKeys.final(input.conversationId, id);
  await storage.put({ key: finalKey, body: input.bytes, contentType: 'image/jpeg', contentDisposition: 'inline; filename="beach.jpg"' });
  return (await store.markReady(id, { contentType: 'image/jpeg', size: input.bytes.length, objectKey: finalKey, processedAt: null }, at))!;
}

/**
 * A completed (ready, processed) upload of `ownerId` in a conversation, written straight to the
 * store: for tests about messages that carry attachments, not about the upload flow itself.
 */
export async function readyMedia(
  store: MediaStore,
  ownerId: string,
  conversationId: string,
  contentType = 'image/jpeg',
  fileName = 'photo.jpg',
): Promise<Media> {
  const id = randomUUID();
  const at = new Date();
  const media: Media = {
    ...pendingMedia({ id, ownerId, conversationId, fileName, declaredType: contentType, declaredSize: 2048, at }),
    contentType,
    size: 2048,
    state: 'ready',
    objectKey: mediaKeys.final(conversationId, id),
    width: 640,
    height: 480,
    processedAt: at,
  };
  await store.create(media);
  return media;
}
