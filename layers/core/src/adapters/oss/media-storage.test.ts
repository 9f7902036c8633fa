import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OssStandIn } from '../../../../../test/support/oss-stand-in.js';
import { describeMediaStorageContract } from '../../ports/media-storage.contract.js';
import { OssMediaStorage } from './media-storage.js';

// The STS form (key, secret and token), as a Function Compute role hands it out.
const credentials = { accessKeyId: 'STS.test-ak', accessKeySecret: 'test-secret', securityToken: 'test-sts-token' };
const open = async () => {
  const standIn = await OssStandIn.start({ bucket: 'chat-media', region: 'cn-hangzhou', credentials: [credentials] });
  const storage = new OssMediaStorage({ region: 'cn-hangzhou', bucket: 'chat-media', endpoint: standIn.endpoint, ...credentials });
  return { standIn, storage };
};

describeMediaStorageContract('OSS (ali-oss V4) against the signature-checking stand-in', async () => {
  const { standIn, storage } = await open();
  return { storage, advanceClock: (seconds) => standIn.advanceClock(seconds), close: () => standIn.close() };
});

describe('OssMediaStorage specifics', () => {
  let env: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    env = await open();
  });
  afterAll(() => env.standIn.close());

  it('refuses grants beyond the V4 maximum of 7 days, and sizes that are not byte counts', async () => {
    const grant = (expiresInSeconds: number, size = 1) => env.storage.grantUpload({ key: 'pending/a', contentType: 'image/png', size, expiresInSeconds });
    await expect(grant(604_801)).rejects.toThrow(RangeError);
    await expect(grant(0)).rejects.toThrow(RangeError);
    await expect(grant(60, 1.5)).rejects.toThrow(RangeError);
    const week = await grant(604_800);
    expect(new URL(week.url).searchParams.get('x-oss-expires')).toBe('604800');
  });

  it('copies with the new metadata only, not the uploader-set headers', async () => {
    env.standIn.objects.set('pending/b', {
      body: Buffer.from('x'),
      headers: { 'content-type': 'text/html', 'content-disposition': 'inline', 'x-oss-meta-evil': '1' },
    });
    await env.storage.copy({ from: 'pending/b', to: 'media/c/b', contentType: 'text/plain', contentDisposition: 'attachment' });
    const copied = env.standIn.objects.get('media/c/b')!.headers;
    expect(copied).toMatchObject({ 'content-type': 'text/plain', 'content-disposition': 'attachment' });
    expect(copied['x-oss-meta-evil']).toBeUndefined();
    await expect(
      env.storage.copy({ from: 'pending/none', to: 'media/c/n', contentType: 'text/plain', contentDisposition: 'attachment' }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
