import { z } from 'zod';
import { originList } from './origins.js';

/**
 * Typed configuration, read from the environment once. A bad setup fails at start with one message
 * listing every bad or missing variable, never one at a time.
 */
export interface Config {
  production: boolean;
  logLevel: string;
  dataDir: string;
  database: { url: string | undefined };
  redis: { url: string | undefined };
  /** MongoDB for message history; without it messages live in PostgreSQL (or PGlite). */
  mongodb: { url: string | undefined };
  auth: {
    /** Private JWKs (JSON). The newest (last) signs; all of them verify until removed. */
    signingKeys: SigningKeyConfig[];
    issuer: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    loginLimit: { perAccount: number; perIp: number; windowSeconds: number };
  };
  http: {
    maxBodyBytes: number;
    /** Browser origins allowed by CORS and at the WebSocket upgrade (CORS_ALLOWED_ORIGINS). */
    corsAllowedOrigins: string[];
  };
  /** Background jobs (DESIGN §7). Without AMQP_URL (never in production) they go through the process's memory queue. */
  jobs: {
    amqpUrl: string | undefined;
    /** Name prefix of the exchanges and queues (`<prefix>.jobs.<type>`); s.yaml's triggers use `chat`. */
    queuePrefix: string;
    /** Runs a job gets before it is dead-lettered, the first one included. */
    maxAttempts: number;
    /** Back-off before retry 1, 2, 3…; the last one repeats. */
    retryDelaysMs: number[];
    /** How long a worker holds a job's lease; must exceed one run of a job. */
    leaseSeconds: number;
  };
  push: {
    /** FCM service-account credentials; undefined: the file sink locally, push disabled in production. */
    fcm: { projectId: string; clientEmail: string; privateKey: string } | undefined;
    /** At most one silent sync push per user per this many seconds. */
    syncIntervalSeconds: number;
  };
  /** E-mail notifications. Without SMTP_URL they are written to `$DATA_DIR/outbox/email/*.eml`. */
  email: {
    smtpUrl: string | undefined;
    from: string;
    /** How long a notification waits for the user to read the message first. */
    delaySeconds: number;
    /** Signs unsubscribe links; undefined: derived from the oldest JWT signing key. */
    unsubscribeSecret: string | undefined;
    /** Where links in e-mails point, without a trailing slash. */
    publicBaseUrl: string;
  };
  /** Must equal the gateway's PRESENCE_TTL_MS: both read the same presence entries. */
  presence: { ttlMs: number };
  /** Media (issue 12). Without OSS_* files live under `$DATA_DIR/media`; without CDN_* downloads are OSS-signed. */
  media: {
    maxBytes: number;
    oss:
      | { region: string; bucket: string; endpoint: string | undefined; accessKeyId: string; accessKeySecret: string; securityToken: string | undefined }
      | undefined;
    /** `validitySeconds` must equal the URL-signing validity set on the CDN domain. */
    cdn: { domain: string; authKey: string; validitySeconds: number } | undefined;
  };
}

export interface SigningKeyConfig {
  kid: string;
  alg: 'ES256' | 'EdDSA';
  privateJwk: Record<string, unknown>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), `must be a ${protocols.join(' or ')} URL`)
    .optional();

// s.yaml passes each optional variable to every function as '' when the deployer has none, so for
// optional variables without a default (MONGODB_URL, SMTP_URL, UNSUBSCRIBE_SECRET, FIREBASE_*) empty = unset.
const unsetIfBlank = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const delayList = z
  .string()
  .transform((text) => text.split(',').map((part) => (part.trim() === '' ? NaN : Number(part))))
  .pipe(z.array(z.number().int().min(0)).min(1));

const signingKey = z.object({
  kid: z.string().min(1),
  alg: z.enum(['ES256', 'EdDSA']),
  privateJwk: z.record(z.string(), z.unknown()),
});

const keyList = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {kid, alg, privateJwk}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(signingKey).min(1));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: url(['postgres', 'postgresql']),
  REDIS_URL: url(['redis', 'rediss']),
  MONGODB_URL: unsetIfBlank(url(['mongodb', 'mongodb+srv'])),
  JWT_SIGNING_KEYS: keyList.optional(),
  JWT_ISSUER: z.string().min(1).default('fc-chat'),
  ACCESS_TOKEN_TTL_SECONDS: int(900, 60),
  REFRESH_TOKEN_TTL_SECONDS: int(30 * 24 * 3600, 300),
  LOGIN_LIMIT_PER_ACCOUNT: int(5),
  LOGIN_LIMIT_PER_IP: int(50),
  LOGIN_LIMIT_WINDOW_SECONDS: int(900),
  HTTP_MAX_BODY_BYTES: int(64 * 1024, 1024),
  CORS_ALLOWED_ORIGINS: originList,
  AMQP_URL: url(['amqp', 'amqps']),
  JOB_MAX_ATTEMPTS: int(5),
  JOB_RETRY_DELAYS_MS: delayList.default([1_000, 5_000, 30_000, 120_000]),
  JOB_LEASE_SECONDS: int(120),
  JOB_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, - and _ only')
    .default('chat'),
  FIREBASE_PROJECT_ID: unsetIfBlank(z.string().trim().min(1)),
  FIREBASE_CLIENT_EMAIL: unsetIfBlank(z.email()),
  // Environments often keep the PEM on one line with literal "\n"; turn them back into newlines.
  FIREBASE_PRIVATE_KEY: unsetIfBlank(
    z
      .string()
      .transform((v) => v.replace(/\\n/g, '\n'))
      .refine((v) => v.includes('-----BEGIN PRIVATE KEY-----'), 'must be the PEM private_key of a service account'),
  ),
  SYNC_PUSH_INTERVAL_SECONDS: int(30),
  PRESENCE_TTL_MS: int(60_000, 1_000),
  SMTP_URL: unsetIfBlank(url(['smtp', 'smtps'])),
  MAIL_FROM: z.string().trim().min(3).default('fc-chat <no-reply@localhost>'),
  EMAIL_DELAY_SECONDS: int(120, 0),
  UNSUBSCRIBE_SECRET: unsetIfBlank(z.string().min(32, 'must be at least 32 characters')),
  PUBLIC_BASE_URL: url(['http', 'https']).default('http://127.0.0.1:8080'),
  MEDIA_MAX_BYTES: int(100 * 1024 * 1024),
  OSS_REGION: unsetIfBlank(z.string().regex(/^(oss-)?[a-z]+-[a-z0-9-]+$/, 'must be a region id like cn-hangzhou')),
  OSS_BUCKET: unsetIfBlank(z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'must be an OSS bucket name')),
  OSS_ENDPOINT: unsetIfBlank(url(['http', 'https'])),
  ALIBABA_CLOUD_ACCESS_KEY_ID: unsetIfBlank(z.string().trim().min(1)),
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: unsetIfBlank(z.string().trim().min(1)),
  ALIBABA_CLOUD_SECURITY_TOKEN: unsetIfBlank(z.string().trim().min(1)),
  CDN_DOMAIN: unsetIfBlank(
    z
      .string()
      .trim()
      .regex(/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?$/, 'must be a host name like media.example.com'),
  ),
  CDN_AUTH_KEY: unsetIfBlank(z.string().min(16, 'must be at least 16 characters')),
  CDN_AUTH_VALIDITY_SECONDS: int(1800),
});

export interface LoadOptions {
  /** Signing keys to use when JWT_SIGNING_KEYS is unset (the local cloud's generated dev keys). */
  devSigningKeys?: SigningKeyConfig[];
}

export function loadConfig(env: Record<string, string | undefined>, options: LoadOptions = {}): Config {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
  // Cross-variable rules are checked on the raw values too, so one run reports everything.
  if (env.NODE_ENV === 'production') {
    if (!env.DATABASE_URL) problems.push('DATABASE_URL: required in production (the embedded PGlite is for local runs)');
    if (!env.REDIS_URL) problems.push('REDIS_URL: required in production (memory adapters are per instance)');
    // The memory queue is per instance: jobs enqueued there would never reach a worker function.
    if (!env.AMQP_URL) problems.push('AMQP_URL: required in production (the in-process job queue is per instance)');
  }
  const firebase = [env.FIREBASE_PROJECT_ID, env.FIREBASE_CLIENT_EMAIL, env.FIREBASE_PRIVATE_KEY].filter((v) => v?.trim()).length;
  if (firebase > 0 && firebase < 3) problems.push('FIREBASE_PROJECT_ID, FIREBASE_CLIENT_EMAIL, FIREBASE_PRIVATE_KEY: set all three or none');
  const set = (...names: string[]) => names.filter((n) => env[n]?.trim()).length;
  if (set('OSS_REGION', 'OSS_BUCKET') === 1) problems.push('OSS_REGION, OSS_BUCKET: set both or neither');
  if (set('OSS_REGION', 'OSS_BUCKET') === 2 && set('ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET') < 2)
    problems.push('ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: required with OSS_BUCKET');
  if (set('CDN_DOMAIN', 'CDN_AUTH_KEY') === 1) problems.push('CDN_DOMAIN, CDN_AUTH_KEY: set both or neither');
  if (!env.JWT_SIGNING_KEYS && !options.devSigningKeys) problems.push('JWT_SIGNING_KEYS: required (run `npm run keys -- new` to make one)');
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  const signingKeys = structuredClone(e.JWT_SIGNING_KEYS ?? options.devSigningKeys ?? []);

  return deepFreeze({
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    database: { url: e.DATABASE_URL },
    redis: { url: e.REDIS_URL },
    mongodb: { url: e.MONGODB_URL },
    auth: {
      signingKeys,
      issuer: e.JWT_ISSUER,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      loginLimit: { perAccount: e.LOGIN_LIMIT_PER_ACCOUNT, perIp: e.LOGIN_LIMIT_PER_IP, windowSeconds: e.LOGIN_LIMIT_WINDOW_SECONDS },
    },
    http: { maxBodyBytes: e.HTTP_MAX_BODY_BYTES, corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS },
    jobs: {
      amqpUrl: e.AMQP_URL,
      queuePrefix: e.JOB_QUEUE_PREFIX,
      maxAttempts: e.JOB_MAX_ATTEMPTS,
      retryDelaysMs: e.JOB_RETRY_DELAYS_MS,
      leaseSeconds: e.JOB_LEASE_SECONDS,
    },
    push: {
      fcm:
        e.FIREBASE_PROJECT_ID && e.FIREBASE_CLIENT_EMAIL && e.FIREBASE_PRIVATE_KEY
          ? { projectId: e.FIREBASE_PROJECT_ID, clientEmail: e.FIREBASE_CLIENT_EMAIL, privateKey: e.FIREBASE_PRIVATE_KEY }
          : undefined,
      syncIntervalSeconds: e.SYNC_PUSH_INTERVAL_SECONDS,
    },
    email: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      delaySeconds: e.EMAIL_DELAY_SECONDS,
      unsubscribeSecret: e.UNSUBSCRIBE_SECRET,
      publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    },
    presence: { ttlMs: e.PRESENCE_TTL_MS },
    media: {
      maxBytes: e.MEDIA_MAX_BYTES,
      oss:
        e.OSS_REGION && e.OSS_BUCKET && e.ALIBABA_CLOUD_ACCESS_KEY_ID && e.ALIBABA_CLOUD_ACCESS_KEY_SECRET
          ? {
              region: e.OSS_REGION,
              bucket: e.OSS_BUCKET,
              endpoint: e.OSS_ENDPOINT,
              accessKeyId: e.ALIBABA_CLOUD_ACCESS_KEY_ID,
              accessKeySecret: e.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
              securityToken: e.ALIBABA_CLOUD_SECURITY_TOKEN,
            }
          : undefined,
      cdn: e.CDN_DOMAIN && e.CDN_AUTH_KEY ? { domain: e.CDN_DOMAIN, authKey: e.CDN_AUTH_KEY, validitySeconds: e.CDN_AUTH_VALIDITY_SECONDS } : undefined,
    },
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
