import { z } from 'zod';
import { envVar, together, unsetIfBlank, url, type Rule } from '../env-kit.js';
import { countSet } from './runtime.js';

// ARTC (multi-party video, issue 13). The server API is signed with the process's Alibaba AccessKey
// (ALIBABA_CLOUD_ACCESS_KEY_*, declared once in alibaba-cloud.ts); these are the app's own values.
const ARTC_VARS = ['ARTC_APP_ID', 'ARTC_APP_KEY', 'ARTC_CALLBACK_SECRET'] as const;

/** The ARTC application, or undefined (no video calls) when none of it is set. */
export const artc = together(
  {
    appId: envVar('ARTC_APP_ID', unsetIfBlank(z.string().trim().min(1))),
    // Hashes every join token; only in the console (there is no API that returns it).
    appKey: envVar('ARTC_APP_KEY', unsetIfBlank(z.string().trim().min(1))),
    // `live.aliyuncs.com` when unset; a full URL for a local double.
    endpoint: envVar('ARTC_ENDPOINT', unsetIfBlank(url(['http', 'https']))),
    // ARTC event callbacks carry no signature, so the callback URL carries this secret instead.
    callbackSecret: envVar('ARTC_CALLBACK_SECRET', unsetIfBlank(z.string().min(16, 'must be at least 16 characters'))),
  },
  ['appId', 'appKey', 'callbackSecret'],
);

export const artcGroup: Rule = (env) => {
  const set = countSet(env, ...ARTC_VARS);
  if (set > 0 && set < ARTC_VARS.length) return [`${ARTC_VARS.join(', ')}: set all or none`];
  if (set === ARTC_VARS.length && countSet(env, 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET') < 2)
    return ['ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: required with ARTC_APP_ID'];
  return [];
};
