import { z } from 'zod';
import { envVar, int } from '../env-kit.js';
import { DEFAULT_MAX_PARTICIPANTS, DEFAULT_RING_SECONDS } from '../../domain/calls/call.js';
import { accessKeyId, accessKeySecret, securityToken } from './alibaba-cloud.js';

/**
 * Calls (issue 13), whatever the provider. The providers' own sections are calls-stream.ts and
 * calls-artc.ts; a kind whose provider is unset uses the embedded `local` provider under the local
 * cloud, and is a configuration error in a deployed function (wiring/calls.ts).
 */
export const calls = z.object({
  /** A conversation with more members than this cannot hold a call. */
  maxParticipants: envVar('CALL_MAX_PARTICIPANTS', int(DEFAULT_MAX_PARTICIPANTS, 2)),
  /** An unanswered call ends as missed after this long (timer-calls-ring-sweep). */
  ringSeconds: envVar('CALL_RING_SECONDS', int(DEFAULT_RING_SECONDS, 1)),
  /** How long a join's provider token stays valid (Stream user token, ARTC token; at most 24 h for ARTC). */
  credentialTtlSeconds: envVar('CALL_CREDENTIAL_TTL_SECONDS', int(3600, 60).pipe(z.number().max(86_400))),
  /** ARTC's server API is signed with the process's AccessKey (the same one OSS uses). */
  accessKeyId,
  accessKeySecret,
  securityToken,
});
