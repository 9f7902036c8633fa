import { createHash, createHmac } from 'node:crypto';

/**
 * OSS signature V4, written from the published algorithm (not from ali-oss) so the stand-in can
 * check what the SDK sends: canonical request, string to sign, `aliyun_v4` key derivation.
 */
export interface V4Input {
  method: string;
  bucket: string;
  key: string;
  /** Decoded query pairs, x-oss-signature excluded. */
  query: [string, string][];
  /** Lowercase header names. */
  headers: Record<string, string>;
  additionalHeaders: string[];
}

export const uriEncode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function canonicalRequest(input: V4Input): string {
  const query = input.query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join('&');
  const signed = Object.keys(input.headers)
    .filter((h) => h === 'content-type' || h === 'content-md5' || h.startsWith('x-oss-') || input.additionalHeaders.includes(h))
    .sort();
  const headers = signed.map((h) => `${h}:${input.headers[h]!.trim()}\n`).join('');
  return [
    input.method,
    uriEncode(`/${input.bucket}/${input.key}`).replace(/%2F/g, '/'),
    query,
    headers,
    input.additionalHeaders.join(';'),
    input.headers['x-oss-content-sha256'] ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
}

export function stringToSign(isoTime: string, region: string, canonical: string): string {
  return ['OSS4-HMAC-SHA256', isoTime, `${isoTime.slice(0, 8)}/${region}/oss/aliyun_v4_request`, createHash('sha256').update(canonical).digest('hex')].join(
    '\n',
  );
}

export function signV4(secret: string, isoTime: string, region: string, input: V4Input): string {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`aliyun_v4${secret}`, isoTime.slice(0, 8)), region), 'oss'), 'aliyun_v4_request');
  return createHmac('sha256', signingKey)
    .update(stringToSign(isoTime, region, canonicalRequest(input)))
    .digest('hex');
}

export const isoBasic = (unixSeconds: number) =>
  new Date(unixSeconds * 1000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
