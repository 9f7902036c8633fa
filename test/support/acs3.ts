import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/** One request as a test double received it (the body already read). */
export interface SignedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Why a signature was refused; each double maps these onto its own service's error codes. */
export type Acs3Failure =
  | { reason: 'malformed' | 'unknown_key' | 'signed_headers' | 'body_hash' | 'expired' | 'mismatch'; accessKeyId?: string; message: string }
  | undefined;

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
// RFC 3986 unreserved characters stay; everything else is percent-encoded (ACS3 canonical query).
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Recomputes the ACS3-HMAC-SHA256 signature the way Alibaba Cloud's gateway does (openapi-core /
 * openapi-client `getAuthorization` is the client half): canonical request = method, URI, sorted
 * encoded query, `name:value\n` for each signed header, the signed-header list, hex SHA-256 of the
 * body. Every `x-acs-*`, `host` and `content-type` header must be signed. Returns undefined when
 * the request is genuine, otherwise why not.
 */
export function verifyAcs3(req: SignedRequest, secrets: Record<string, string>): Acs3Failure {
  const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization));
  if (!auth) return { reason: 'malformed', message: 'malformed Authorization header' };
  const [, keyId = '', signedList = '', signature = ''] = auth;
  const secret = secrets[keyId];
  if (secret === undefined) return { reason: 'unknown_key', accessKeyId: keyId, message: `invalid access key ID '${keyId}'` };
  const signed = signedList.split(';');
  const mustSign = Object.keys(req.headers).filter((h) => h.startsWith('x-acs-') || h === 'host' || h === 'content-type');
  if (mustSign.some((h) => !signed.includes(h)) || [...signed].sort().join(';') !== signedList)
    return { reason: 'signed_headers', message: 'signed headers incomplete or unsorted' };
  if (req.headers['x-acs-content-sha256'] !== sha256(req.body)) return { reason: 'body_hash', message: 'body hash mismatch' };
  if (Math.abs(Date.parse(String(req.headers['x-acs-date'])) - Date.now()) > 15 * 60_000) return { reason: 'expired', message: 'x-acs-date too far off' };
  const url = new URL(req.url, 'http://double');
  const query = [...url.searchParams]
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const headers = signed.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  const canonicalRequest = [req.method, url.pathname, query, headers, signedList, req.headers['x-acs-content-sha256']].join('\n');
  const expected = createHmac('sha256', secret)
    .update(`ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`)
    .digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
    return {
      reason: 'mismatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your access key and signing method',
    };
  return undefined;
}
