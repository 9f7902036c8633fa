import { z } from 'zod';
import { envVar, together, unsetIfBlank, url, type Rule } from '../env-kit.js';
import { countSet } from './runtime.js';

/**
 * Stream Video, the provider of 1:1 audio calls (issue 13). Unset: no getstream provider. The key
 * and secret are one app's (dashboard → app → API keys); `STREAM_BASE_URL` only for tests/doubles.
 */
export const getstream = together(
  {
    apiKey: envVar('STREAM_API_KEY', unsetIfBlank(z.string().trim().min(1))),
    apiSecret: envVar('STREAM_API_SECRET', unsetIfBlank(z.string().trim().min(1))),
    baseUrl: envVar('STREAM_BASE_URL', unsetIfBlank(url(['http', 'https']))),
  },
  ['apiKey', 'apiSecret'],
);

export const getstreamGroups: Rule = (env) =>
  countSet(env, 'STREAM_API_KEY', 'STREAM_API_SECRET') === 1 ? ['STREAM_API_KEY, STREAM_API_SECRET: set both or neither'] : [];
