import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { errorStatus } from '../../runtime/error-status.js';
import { contentDisposition, encodeRfc5987 } from './content-disposition.js';
import { isAllowedContentType, mediaKind, normalizeContentType } from './content-types.js';
import { checkFileName } from './file-name.js';
import { mediaKeys } from './media.js';
import { checkUploadRequest, DEFAULT_MEDIA_MAX_BYTES } from './upload-request.js';

const limits = { maxBytes: DEFAULT_MEDIA_MAX_BYTES };
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, status: errorStatus[error.code], details: error.details };
    throw error;
  }
  throw new Error('expected an AppError');
};

describe('file names', () => {
  it.each(['photo.jpg', 'Résumé 2026.pdf', '写真.png', 'a'.repeat(255), "o'brien (1).txt"])('accepts %j', (name) => {
    expect(checkFileName(name)).toEqual({ ok: true, fileName: name.normalize('NFC') });
  });

  it('normalises to NFC', () => {
    expect(checkFileName('Cafe\u0301.txt')).toEqual({ ok: true, fileName: 'Café.txt' });
  });

  it.each([
    ['../../etc/passwd', 'path separators'],
    ['dir\\file.txt', 'path separators'],
    ['bad\nname.txt', 'control'],
    ['nul\u0000.txt', 'control'],
    ['del\u007f.txt', 'control'],
    ['c1\u0085.txt', 'control'],
    ['photo\u202Egpj.exe', 'bidirectional'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['..', 'file name'],
    [' padded.txt', 'spaces'],
    ['a'.repeat(256), 'at most 255'],
  ])('rejects %j (%s)', (name, issue) => {
    const result = checkFileName(name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details.map((d) => d.issue).join('; ')).toContain(issue);
  });
});

describe('content types', () => {
  it.each([
    'image/jpeg',
    'image/png',
    'audio/mpeg',
    'video/mp4',
    'application/pdf',
    'text/plain',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ])('allows %s', (type) => {
    expect(isAllowedContentType(type)).toBe(true);
  });

  it.each(['image/svg+xml', 'text/html', 'application/xhtml+xml', 'text/javascript', 'application/xml', 'application/octet-stream'])('refuses %s', (type) => {
    expect(isAllowedContentType(type)).toBe(false);
  });

  it('compares the bare type, case-insensitively', () => {
    expect(normalizeContentType(' Image/JPEG; charset=binary')).toBe('image/jpeg');
    expect(isAllowedContentType('TEXT/HTML; charset=utf-8')).toBe(false);
  });

  it('classifies kinds', () => {
    expect([mediaKind('image/png'), mediaKind('audio/ogg'), mediaKind('video/webm'), mediaKind('application/pdf')]).toEqual([
      'image',
      'audio',
      'video',
      'file',
    ]);
  });
});

describe('upload requests', () => {
  it('returns the normalised request', () => {
    expect(checkUploadRequest({ fileName: 'a.jpg', contentType: 'Image/JPEG', size: 10 }, limits)).toEqual({
      fileName: 'a.jpg',
      contentType: 'image/jpeg',
      size: 10,
    });
  });

  it('lists every malformed field in one 400', () => {
    expect(failure(() => checkUploadRequest({ fileName: 'a/b', contentType: 'nonsense', size: 0 }, limits))).toEqual({
      code: 'validation_failed',
      status: 400,
      details: [
        { field: 'fileName', issue: 'must not contain path separators (/ or \\)' },
        { field: 'size', issue: 'must be a positive whole number of bytes' },
        { field: 'contentType', issue: 'must be a MIME type like image/jpeg' },
      ],
    });
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 60])('refuses size %s as malformed', (size) => {
    expect(failure(() => checkUploadRequest({ fileName: 'a.pdf', contentType: 'application/pdf', size }, limits)).code).toBe('validation_failed');
  });

  it('refuses a disallowed type with 415', () => {
    expect(failure(() => checkUploadRequest({ fileName: 'x.svg', contentType: 'image/svg+xml', size: 10 }, limits))).toMatchObject({
      code: 'media_type_not_allowed',
      status: 415,
    });
  });

  it('accepts exactly the limit and refuses one byte more with 413', () => {
    expect(checkUploadRequest({ fileName: 'v.mp4', contentType: 'video/mp4', size: DEFAULT_MEDIA_MAX_BYTES }, limits).size).toBe(104_857_600);
    expect(failure(() => checkUploadRequest({ fileName: 'v.mp4', contentType: 'video/mp4', size: DEFAULT_MEDIA_MAX_BYTES + 1 }, limits))).toMatchObject({
      code: 'media_too_large',
      status: 413,
    });
  });
});

describe('object keys', () => {
  it('are built from ids only', () => {
    expect(mediaKeys.pending('m_1')).toBe('pending/m_1');
    expect(mediaKeys.final('c-9', 'm_1')).toBe('media/c-9/m_1');
    expect(mediaKeys.thumbnail('c-9', 'm_1')).toBe('thumbs/c-9/m_1');
    expect(mediaKeys.pending('m_1').startsWith(mediaKeys.pendingPrefix)).toBe(true);
  });

  it.each(['../x', 'a/b', '', 'a b', 'é'])('refuse id %j', (id) => {
    expect(() => mediaKeys.pending(id)).toThrow(TypeError);
    expect(() => mediaKeys.final(id, 'm')).toThrow(TypeError);
  });
});

describe('Content-Disposition', () => {
  it('lets images, audio and video open inline and downloads the rest', () => {
    expect(contentDisposition('image/png', 'a.png')).toBe(`inline; filename="a.png"; filename*=UTF-8''a.png`);
    expect(contentDisposition('audio/ogg', 'v.ogg')).toMatch(/^inline;/);
    expect(contentDisposition('video/mp4', 'v.mp4')).toMatch(/^inline;/);
    expect(contentDisposition('application/pdf', 'a.pdf')).toMatch(/^attachment;/);
    expect(contentDisposition('text/plain', 'a.txt')).toMatch(/^attachment;/);
  });

  it('encodes the UTF-8 name per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('application/pdf', 'Résumé "final" 100%.pdf')).toBe(
      `attachment; filename="R_sum_ _final_ 100_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%20100%25.pdf`,
    );
    expect(encodeRfc5987("€ rates;(a)'*.txt")).toBe('%E2%82%AC%20rates%3B%28a%29%27%2A.txt');
    expect(decodeURIComponent(encodeRfc5987('写真 😀.png'))).toBe('写真 😀.png');
  });
});
