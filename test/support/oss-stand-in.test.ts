import { createHash } from 'node:crypto';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OssStandIn } from './oss-stand-in.js';
import { isoBasic, signV4 } from './oss-v4.js';

const creds = { accessKeyId: 'ak-test', accessKeySecret: 'sk-test' };
const sts = { accessKeyId: 'STS.ak', accessKeySecret: 'sts-secret', securityToken: 'token-1' };

let standIn: OssStandIn;
const client = (overrides: Partial<OSS.Options> = {}) =>
  new OSS({ region: 'oss-cn-hangzhou', bucket: 'chat-b1', endpoint: standIn.endpoint, cname: true, authorizationV4: true, ...creds, ...overrides });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => ({ status: 0, code: 'none' }),
    (e: { status: number; code: string }) => ({ status: e.status, code: e.code }),
  );
const codeOf = async (res: Response) => /<Code>(\w+)<\/Code>/.exec(await res.text())?.[1];

beforeAll(async () => {
  standIn = await OssStandIn.start({ bucket: 'chat-b1', region: 'cn-hangzhou', credentials: [creds, sts] });
});
afterAll(() => standIn.close());

describe('OSS stand-in: what ali-oss sends (V4) is accepted', () => {
  it('puts, heads, gets a range, copies with REPLACE and deletes through the SDK', async () => {
    const oss = client();
    await oss.put('dir/a.txt', Buffer.from('hello world'), { headers: { 'Content-Type': 'text/plain' }, meta: { owner: 'u1' } as never });
    const head = await oss.head('dir/a.txt');
    expect(head.meta).toEqual({ owner: 'u1' });
    expect((head.res.headers as Record<string, string>)['content-length']).toBe('11');
    const part = await oss.get('dir/a.txt', { headers: { Range: 'bytes=0-4' } });
    expect(part.res.status).toBe(206);
    expect(String(part.content)).toBe('hello');
    await oss.copy('dir/b.txt', 'dir/a.txt', { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment' } });
    expect(standIn.objects.get('dir/b.txt')?.headers).toMatchObject({ 'content-type': 'text/csv', 'content-disposition': 'attachment' });
    expect(standIn.objects.get('dir/b.txt')?.headers['x-oss-meta-owner']).toBeUndefined();
    await oss.delete('dir/a.txt');
    await oss.delete('dir/a.txt');
    expect(await errorOf(oss.head('dir/a.txt'))).toEqual({ status: 404, code: 'NoSuchKey' });
    expect(await errorOf(oss.get('dir/a.txt'))).toEqual({ status: 404, code: 'NoSuchKey' });
  });

  it('accepts STS credentials and a presigned GET with response overrides', async () => {
    const oss = client({ ...sts, stsToken: sts.securityToken });
    await oss.put('s.bin', Buffer.from([1, 2, 3]));
    const url = await oss.signatureUrlV4('GET', 60, { queries: { 'response-content-disposition': 'attachment; filename="x y.bin"' } }, 's.bin');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="x y.bin"');
    expect(await errorOf(client({ ...sts }).head('s.bin'))).toEqual({ status: 403, code: 'InvalidSecurityToken' });
  });
});

describe('OSS stand-in: each tampering is refused like OSS refuses it', () => {
  const signedPut = (key = 'up/1', size = 3, extra: Record<string, string> = {}) =>
    client().signatureUrlV4(
      'PUT',
      60,
      { headers: { 'Content-Type': 'image/png', 'x-oss-forbid-overwrite': 'true', 'Content-Length': String(size), ...extra } },
      key,
      ['Content-Length'],
    );
  const headers = { 'Content-Type': 'image/png', 'x-oss-forbid-overwrite': 'true' };
  const put = (url: string | URL, body: Uint8Array, h: Record<string, string> = headers) => fetch(url, { method: 'PUT', headers: h, body });

  it('answers a signature mismatch in the OSS XML error format, with the StringToSign', async () => {
    const res = await put(await signedPut(), Uint8Array.from([1, 2, 3]), { ...headers, 'Content-Type': 'text/html' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-oss-request-id')).toBeTruthy();
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>\n {2}<Code>SignatureDoesNotMatch<\/Code>\n {2}<Message>/);
    expect(xml).toMatch(
      /<RequestId>[\w-]+<\/RequestId>[\s\S]*<StringToSign>OSS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/cn-hangzhou\/oss\/aliyun_v4_request\n[0-9a-f]{64}<\/StringToSign>/,
    );
  });

  it('refuses another key, method, length, a dropped signed header or a changed signature', async () => {
    const url = await signedPut();
    const body = Uint8Array.from([1, 2, 3]);
    expect(await codeOf(await put(url.replace('/up/1?', '/up/2?'), body))).toBe('SignatureDoesNotMatch');
    expect(await codeOf(await fetch(url, { method: 'POST', headers, body }))).toBe('SignatureDoesNotMatch');
    expect(await codeOf(await put(url, Uint8Array.from([1, 2, 3, 4])))).toBe('SignatureDoesNotMatch');
    expect(await codeOf(await put(url, Uint8Array.from([1, 2])))).toBe('SignatureDoesNotMatch');
    expect(await codeOf(await put(url, body, { 'Content-Type': 'image/png' }))).toBe('SignatureDoesNotMatch');
    expect(await codeOf(await put(url, body, { ...headers, 'x-oss-meta-extra': '1' }))).toBe('SignatureDoesNotMatch');
    const forged = new URL(url);
    forged.searchParams.set('x-oss-expires', '600');
    expect(await codeOf(await put(forged, body))).toBe('SignatureDoesNotMatch');
    forged.searchParams.set('x-oss-expires', '60');
    forged.searchParams.set('x-oss-signature', '0'.repeat(64));
    expect(await codeOf(await put(forged, body))).toBe('SignatureDoesNotMatch');
    expect(standIn.objects.has('up/1')).toBe(false);
    expect((await put(url, body)).status).toBe(200);
  });

  it('refuses a second upload to the same key with 409 FileAlreadyExists', async () => {
    const url = await signedPut('up/once');
    expect((await put(url, Uint8Array.from([1, 2, 3]))).status).toBe(200);
    const again = await put(url, Uint8Array.from([9, 9, 9]));
    expect([again.status, await codeOf(again)]).toEqual([409, 'FileAlreadyExists']);
    expect([...standIn.objects.get('up/once')!.body]).toEqual([1, 2, 3]);
  });

  it('lets any length through when Content-Length is not signed (why the adapter signs it)', async () => {
    const url = await client().signatureUrlV4('PUT', 60, { headers: { 'Content-Type': 'image/png' } }, 'up/loose');
    expect((await put(url, new Uint8Array(1000), { 'Content-Type': 'image/png' })).status).toBe(200);
  });

  it('refuses an expired URL with AccessDenied and a skewed header-signed request', async () => {
    const url = await signedPut('up/late');
    standIn.advanceClock(61);
    try {
      const res = await put(url, Uint8Array.from([1, 2, 3]));
      expect([res.status, await codeOf(res)]).toEqual([403, 'AccessDenied']);
      standIn.advanceClock(15 * 60);
      expect(await errorOf(client().head('up/1'))).toEqual({ status: 403, code: 'RequestTimeTooSkewed' });
    } finally {
      standIn.offsetMs = 0;
    }
  });

  it('refuses unknown keys, a wrong secret or region, and anonymous requests', async () => {
    expect(await errorOf(client({ accessKeyId: 'nobody' }).head('up/1'))).toEqual({ status: 403, code: 'InvalidAccessKeyId' });
    expect(await errorOf(client({ accessKeySecret: 'wrong' }).head('up/1'))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await errorOf(client({ region: 'oss-cn-beijing' }).put('up/r', Buffer.from('x')))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await codeOf(await fetch(`${standIn.endpoint}/up/1`))).toBe('AccessDenied');
  });

  it('checks a signed x-oss-content-sha256 against the body', async () => {
    const date = isoBasic(Math.floor(Date.now() / 1000));
    const headers = { 'x-oss-date': date, 'x-oss-content-sha256': createHash('sha256').update('abc').digest('hex') };
    const sig = signV4(creds.accessKeySecret, date, 'cn-hangzhou', { method: 'PUT', bucket: 'chat-b1', key: 'h/1', query: [], headers, additionalHeaders: [] });
    const authorization = `OSS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${date.slice(0, 8)}/cn-hangzhou/oss/aliyun_v4_request,Signature=${sig}`;
    const send = (body: string) =>
      fetch(`${standIn.endpoint}/h/1`, { method: 'PUT', headers: { ...headers, authorization }, body: new TextEncoder().encode(body) });
    const wrong = await send('abd');
    expect([wrong.status, await codeOf(wrong)]).toEqual([400, 'InvalidDigest']);
    expect((await send('abc')).status).toBe(200);
  });
});
