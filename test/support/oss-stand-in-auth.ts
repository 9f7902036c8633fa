import { timingSafeEqual } from 'node:crypto';
import { canonicalRequest, signV4, stringToSign, type V4Input } from './oss-v4.js';

/** What the stand-in needs to check a request: the one bucket it serves and the keys it knows. */
export interface OssCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface OssStandInOptions {
  bucket: string;
  /** The signing region, without the `oss-` prefix: `cn-hangzhou`. */
  region: string;
  credentials: OssCredentials[];
}

export type Failure = { status: number; code: string; message: string; extra?: Record<string, string> };

export const fail = (status: number, code: string, message: string, extra?: Record<string, string>): Failure => ({ status, code, message, extra });

/** Header-signed requests may be this far off the server clock; so may a presigned URL's x-oss-date. */
const MAX_SKEW_MS = 15 * 60_000;

/**
 * Checks an OSS V4 request, header (`Authorization: OSS4-HMAC-SHA256 …`) or presigned
 * (`x-oss-signature` query) form, the way OSS does: credential scope, STS token, signature over
 * the canonical request, then the request time and expiry against `now` (ms).
 */
export function verifyV4(options: OssStandInOptions, now: number, method: string, key: string, url: URL, headers: Record<string, string>): Failure | undefined {
  const query = [...url.searchParams];
  const q = (name: string) => url.searchParams.get(name) ?? undefined;
  let credential: string | undefined, date: string | undefined, signature: string | undefined, additional: string | undefined, token: string | undefined;
  let expires: number | undefined;
  const authorization = headers.authorization;
  if (authorization) {
    const m = /^OSS4-HMAC-SHA256 Credential=([^,]+),(?:AdditionalHeaders=([^,]+),)?Signature=([0-9a-f]{64})$/.exec(authorization);
    if (!m) return fail(400, 'InvalidArgument', 'Authorization header is not an OSS4-HMAC-SHA256 signature.');
    [credential, additional, signature] = [m[1], m[2], m[3]];
    date = headers['x-oss-date'];
    token = headers['x-oss-security-token'];
  } else if (q('x-oss-signature')) {
    if (q('x-oss-signature-version') !== 'OSS4-HMAC-SHA256') return fail(400, 'InvalidArgument', 'x-oss-signature-version must be OSS4-HMAC-SHA256.');
    [credential, date, signature, additional, token] = [
      q('x-oss-credential'),
      q('x-oss-date'),
      q('x-oss-signature'),
      q('x-oss-additional-headers'),
      q('x-oss-security-token'),
    ];
    expires = Number(q('x-oss-expires'));
    if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) return fail(400, 'InvalidArgument', 'x-oss-expires must be 1..604800 seconds.');
  } else {
    return fail(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.');
  }

  if (!date || !/^\d{8}T\d{6}Z$/.test(date)) return fail(403, 'AccessDenied', 'x-oss-date is missing or malformed.');
  const [accessKeyId, day, region, service, terminal, ...rest] = (credential ?? '').split('/');
  const creds = options.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!creds) return fail(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.');
  if (day !== date.slice(0, 8) || region !== options.region || service !== 'oss' || terminal !== 'aliyun_v4_request' || rest.length)
    return fail(403, 'SignatureDoesNotMatch', `Invalid credential scope: ${credential}`);
  if (creds.securityToken !== token) return fail(403, 'InvalidSecurityToken', 'The security token you provided is invalid.');

  const additionalHeaders = additional ? additional.split(';') : [];
  const input: V4Input = {
    method,
    bucket: options.bucket,
    key,
    query: query.filter(([k]) => k !== 'x-oss-signature'),
    headers,
    additionalHeaders,
  };
  const expected = signV4(creds.accessKeySecret, date, region, input);
  if (!signature || !/^[0-9a-f]{64}$/.test(signature) || !timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signature, 'hex')))
    return fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', {
      StringToSign: stringToSign(date, region, canonicalRequest(input)),
    });

  const signedAt = Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  if (expires === undefined && Math.abs(now - signedAt) > MAX_SKEW_MS)
    return fail(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  if (expires !== undefined && (now > signedAt + expires * 1000 || signedAt - now > MAX_SKEW_MS)) return fail(403, 'AccessDenied', 'Request has expired.');
  return undefined;
}
