import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { UndecodableImageError } from '../../ports/image-processor.js';
import { SharpImageProcessor } from './image-processor.js';

const processor = new SharpImageProcessor();
const picture = () => sharp({ create: { width: 600, height: 300, channels: 4, background: '#3a6' } });
const frames = () =>
  Promise.all(
    ['#f00', '#0f0', '#00f'].map((background) =>
      sharp({ create: { width: 60, height: 40, channels: 4, background } })
        .png()
        .toBuffer(),
    ),
  );
const withCamera = { IFD0: { Make: 'AcmeCam', Model: 'Z1' } };

describe('SharpImageProcessor', () => {
  it.each([
    ['image/png', () => picture().png().withExif(withCamera).toBuffer(), 'png'],
    ['image/webp', () => picture().webp().withExif(withCamera).toBuffer(), 'webp'],
    ['image/avif', () => picture().avif().toBuffer(), 'heif'],
    ['image/heif', () => picture().heif({ compression: 'av1' }).toBuffer(), 'heif'],
  ] as const)('rewrites %s in its own format without metadata, with a WebP thumbnail', async (type, make, format) => {
    const out = await processor.sanitize(await make(), type, { thumbnailSize: 480 });
    const meta = await sharp(out.original).metadata();
    expect(meta).toMatchObject({ format, width: 600, height: 300 });
    expect(meta.exif).toBeUndefined();
    expect(await sharp(out.thumbnail).metadata()).toMatchObject({ format: 'webp', width: 480, height: 240 });
    expect([out.width, out.height]).toEqual([600, 300]);
  });

  it('keeps every frame of an animated GIF or WebP, thumbnails the first, and never enlarges', async () => {
    for (const [type, encode] of [
      ['image/gif', (s: sharp.Sharp) => s.gif()],
      ['image/webp', (s: sharp.Sharp) => s.webp()],
    ] as const) {
      const animation = await encode(sharp(await frames(), { join: { animated: true } })).toBuffer();
      const out = await processor.sanitize(animation, type, { thumbnailSize: 480 });
      expect(await sharp(out.original, { animated: true }).metadata(), type).toMatchObject({ pages: 3, width: 60, pageHeight: 40 });
      expect(await sharp(out.thumbnail).metadata(), type).toMatchObject({ format: 'webp', width: 60, height: 40 });
      expect([out.width, out.height]).toEqual([60, 40]);
    }
  });

  it('refuses what it cannot decode: garbage after a JPEG signature, a truncated file, a type it does not rewrite', async () => {
    const jpeg = await picture().jpeg().toBuffer();
    const garbage = Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(2000, 7)]);
    await expect(processor.sanitize(garbage, 'image/jpeg', { thumbnailSize: 480 })).rejects.toBeInstanceOf(UndecodableImageError);
    await expect(processor.sanitize(jpeg.subarray(0, jpeg.length / 2), 'image/jpeg', { thumbnailSize: 480 })).rejects.toBeInstanceOf(UndecodableImageError);
    await expect(processor.sanitize(jpeg, 'image/svg+xml', { thumbnailSize: 480 })).rejects.toBeInstanceOf(UndecodableImageError);
  });
});
