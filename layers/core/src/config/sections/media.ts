import { z } from 'zod';
import { envVar, int, together, unsetIfBlank, url, type Rule } from '../env-kit.js';
import { accessKeyId, accessKeySecret, securityToken } from './alibaba-cloud.js';
import { countSet } from './runtime.js';

/** Media (issue 12). Without OSS_* files live under `$DATA_DIR/media`; without CDN_* downloads are OSS-signed. */
export const media = z.object({
  maxBytes: envVar('MEDIA_MAX_BYTES', int(100 * 1024 * 1024)),
  grantsPerHour: envVar('MEDIA_GRANTS_PER_HOUR', int(200)),
  uploadTtlSeconds: envVar('MEDIA_UPLOAD_TTL_SECONDS', int(900, 60)),
  downloadTtlSeconds: envVar('MEDIA_DOWNLOAD_TTL_SECONDS', int(300, 30)),
  oss: together(
    {
      region: envVar('OSS_REGION', unsetIfBlank(z.string().regex(/^(oss-)?[a-z]+-[a-z0-9-]+$/, 'must be a region id like cn-hangzhou'))),
      bucket: envVar('OSS_BUCKET', unsetIfBlank(z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'must be an OSS bucket name'))),
      endpoint: envVar('OSS_ENDPOINT', unsetIfBlank(url(['http', 'https']))),
      accessKeyId,
      accessKeySecret,
      securityToken,
    },
    ['region', 'bucket', 'accessKeyId', 'accessKeySecret'],
  ),
  /** `validitySeconds` must equal the URL-signing validity set on the CDN domain. */
  cdn: together(
    {
      domain: envVar(
        'CDN_DOMAIN',
        unsetIfBlank(
          z
            .string()
            .trim()
            .regex(/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?$/, 'must be a host name like media.example.com'),
        ),
      ),
      authKey: envVar('CDN_AUTH_KEY', unsetIfBlank(z.string().min(16, 'must be at least 16 characters'))),
      validitySeconds: envVar('CDN_AUTH_VALIDITY_SECONDS', int(1800)),
    },
    ['domain', 'authKey'],
  ),
});

export const mediaGroups: Rule = (env) => {
  const problems: string[] = [];
  const oss = countSet(env, 'OSS_REGION', 'OSS_BUCKET');
  if (oss === 1) problems.push('OSS_REGION, OSS_BUCKET: set both or neither');
  if (oss === 2 && countSet(env, 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET') < 2)
    problems.push('ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: required with OSS_BUCKET');
  if (countSet(env, 'CDN_DOMAIN', 'CDN_AUTH_KEY') === 1) problems.push('CDN_DOMAIN, CDN_AUTH_KEY: set both or neither');
  return problems;
};
