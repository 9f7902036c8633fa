import { createHash, randomUUID } from 'node:crypto';

export interface TypeAUrlInput {
  /** CDN domain, e.g. `media.example.com`, or a base URL with scheme. */
  domain: string;
  /** Object path starting with `/`, already URL-encoded exactly as it appears in the URL. */
  path: string;
  key: string;
  /** Unix seconds put in the URL; the CDN accepts it until timestamp + the validity set in its console. */
  timestamp: number;
  rand?: string;
  uid?: string;
}

/**
 * Alibaba CDN URL signing, type A: `auth_key={ts}-{rand}-{uid}-md5("{path}-{ts}-{rand}-{uid}-{key}")`.
 * The hash covers the path without the query, so response overrides cannot ride on the query.
 */
export function signTypeAUrl(input: TypeAUrlInput): string {
  const rand = input.rand ?? randomUUID().replace(/-/g, '');
  const uid = input.uid ?? '0';
  const ts = Math.floor(input.timestamp);
  const hash = createHash('md5').update(`${input.path}-${ts}-${rand}-${uid}-${input.key}`).digest('hex');
  const base = /^https?:\/\//.test(input.domain) ? input.domain.replace(/\/+$/, '') : `https://${input.domain}`;
  return `${base}${input.path}?auth_key=${ts}-${rand}-${uid}-${hash}`;
}

/** The timestamp to sign so a URL expires at `expiresAt` under a console validity of `validitySeconds`. */
export const typeATimestampFor = (expiresAt: Date, validitySeconds: number) => Math.floor(expiresAt.getTime() / 1000) - validitySeconds;
