import { z } from 'zod';
import { defineSlice, envVar, int, loadSlice, together, unsetIfBlank, type Env, type Rule } from '@chat/core/config/env-kit';
import { accessKeyId, accessKeySecret, securityToken } from '@chat/core/config/sections/alibaba-cloud';
import { corsAllowedOrigins, issuer, signingKeys } from '@chat/core/config/sections/auth';
import { listenPort, logLevel, presenceTtlMs, redisUrl } from '@chat/core/config/sections/runtime';
import { DEFAULT_LIMITS } from './limits.js';

const fcRequired = ['CHAT_FUNCTION_NAME', 'FC_ENDPOINT', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'];

/**
 * The gateway process's slice, read from the environment once (main.ts). It holds none of the
 * functions' variables: with CHAT_API=inprocess the use cases load the functions' slice themselves.
 */
export const gatewayConfig = defineSlice(
  'gateway configuration',
  {
    port: listenPort(8081),
    host: envVar('HOST', z.string().min(1).default('0.0.0.0')),
    /** Unset: in-memory bus, presence and revocation marks (one process, the local cloud). */
    redisUrl,
    /** Where the public keys are (`…/.well-known/jwks.json`), or… */
    jwksUrl: envVar('JWKS_URL', z.url().optional()),
    /** …the signing keys themselves (as for the functions); only their public halves are used. */
    signingKeys: signingKeys.optional(),
    issuer,
    chatApi: z.object({
      /** `inprocess` (the use cases in this process) or `fc` (FC InvokeFunction of `invoke-gateway-chat`). */
      mode: envVar('CHAT_API', z.enum(['inprocess', 'fc']).default('inprocess')),
      fc: together(
        {
          functionName: envVar('CHAT_FUNCTION_NAME', unsetIfBlank(z.string().trim().min(1))),
          endpoint: envVar('FC_ENDPOINT', unsetIfBlank(z.string().trim().min(1))),
          // On ECS these come from the instance's RAM role via the metadata service, exported by the unit file.
          accessKeyId,
          accessKeySecret,
          securityToken,
          qualifier: envVar('CHAT_FUNCTION_QUALIFIER', unsetIfBlank(z.string().trim().min(1))),
        },
        ['functionName', 'endpoint', 'accessKeyId', 'accessKeySecret'],
      ),
    }),
    logLevel,
    presenceTtlMs,
    nodeName: envVar('GATEWAY_NODE_NAME', z.string().min(1).default('gateway')),
    /** Frames a client may send per second, sustained, and at once (a token bucket per connection). */
    clientFrames: z.object({
      perSecond: envVar('GATEWAY_CLIENT_FRAMES_PER_SECOND', int(DEFAULT_LIMITS.framesPerSecond)),
      burst: envVar('GATEWAY_CLIENT_FRAME_BURST', int(DEFAULT_LIMITS.frameBurst)),
    }),
    /** Browser origins allowed to open a socket; empty refuses every browser. */
    allowedOrigins: corsAllowedOrigins,
  },
  [
    (env) => (env.JWKS_URL || env.JWT_SIGNING_KEYS ? [] : ['JWKS_URL or JWT_SIGNING_KEYS: one is required to verify access tokens']),
    ((env) =>
      env.CHAT_API === 'fc' ? fcRequired.filter((name) => !env[name]?.trim()).map((name) => `${name}: required with CHAT_API=fc`) : []) satisfies Rule,
  ],
);

export type GatewayConfig = z.output<typeof gatewayConfig.schema>;

/** Throws one ConfigError listing every bad variable. */
export function loadGatewayConfig(env: Env): GatewayConfig {
  return loadSlice(gatewayConfig, env);
}
