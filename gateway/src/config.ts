import { z } from 'zod';
import { originList } from '@chat/core/config/origins';

/** The gateway process's settings, read from the environment once (main.ts). */
export interface GatewayConfig {
  port: number;
  host: string;
  /** Unset: in-memory bus, presence and revocation marks (one process, the local cloud). */
  redisUrl: string | undefined;
  /** Where the public keys are (`…/.well-known/jwks.json`), or… */
  jwksUrl: string | undefined;
  /** …the signing keys themselves (JSON, as for the functions); only their public halves are used. */
  signingKeysJson: string | undefined;
  issuer: string;
  chatApi: string;
  logLevel: string;
  presenceTtlMs: number;
  nodeName: string;
  /** Browser origins allowed to open a socket; empty refuses every browser. */
  allowedOrigins: string[];
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8081),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  JWKS_URL: z.url().optional(),
  JWT_SIGNING_KEYS: z.string().min(2).optional(),
  JWT_ISSUER: z.string().min(1).default('fc-chat'),
  CHAT_API: z.string().min(1).default('inprocess'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PRESENCE_TTL_MS: z.coerce.number().int().min(1_000).default(60_000),
  GATEWAY_NODE_NAME: z.string().min(1).default('gateway'),
  CORS_ALLOWED_ORIGINS: originList,
});

/** Throws one error listing every bad variable. */
export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (!env.JWKS_URL && !env.JWT_SIGNING_KEYS) problems.push('JWKS_URL or JWT_SIGNING_KEYS: one is required to verify access tokens');
  if (problems.length > 0 || !parsed.success) throw new Error(`Invalid gateway configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    jwksUrl: e.JWKS_URL,
    signingKeysJson: e.JWT_SIGNING_KEYS,
    issuer: e.JWT_ISSUER,
    chatApi: e.CHAT_API,
    logLevel: e.LOG_LEVEL,
    presenceTtlMs: e.PRESENCE_TTL_MS,
    nodeName: e.GATEWAY_NODE_NAME,
    allowedOrigins: e.CORS_ALLOWED_ORIGINS,
  };
}
