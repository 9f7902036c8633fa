import { z } from 'zod';
import { originList } from '../origins.js';
import { envVar, int } from '../env-kit.js';

const signingKey = z.object({
  kid: z.string().min(1),
  alg: z.enum(['ES256', 'EdDSA']),
  privateJwk: z.record(z.string(), z.unknown()),
});
export type SigningKeyConfig = z.infer<typeof signingKey>;

/** Private JWKs (JSON). The newest (last) signs; all of them verify until removed. */
export const signingKeys = envVar(
  'JWT_SIGNING_KEYS',
  z
    .string({ error: (issue) => (issue.input === undefined ? 'required (run `npm run keys -- new` to make one)' : undefined) })
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {kid, alg, privateJwk}' });
        return z.NEVER;
      }
    })
    .pipe(z.array(signingKey).min(1)),
);
export const issuer = envVar('JWT_ISSUER', z.string().min(1).default('fc-chat'));

export const auth = z.object({
  signingKeys,
  issuer,
  accessTokenTtlSeconds: envVar('ACCESS_TOKEN_TTL_SECONDS', int(900, 60)),
  refreshTokenTtlSeconds: envVar('REFRESH_TOKEN_TTL_SECONDS', int(30 * 24 * 3600, 300)),
  loginLimit: z.object({
    perAccount: envVar('LOGIN_LIMIT_PER_ACCOUNT', int(5)),
    perIp: envVar('LOGIN_LIMIT_PER_IP', int(50)),
    windowSeconds: envVar('LOGIN_LIMIT_WINDOW_SECONDS', int(900)),
  }),
});

/** Shared with the gateway's slice, so both read CORS_ALLOWED_ORIGINS the same way. */
export const corsAllowedOrigins = envVar('CORS_ALLOWED_ORIGINS', originList);

export const http = z.object({
  maxBodyBytes: envVar('HTTP_MAX_BODY_BYTES', int(64 * 1024, 1024)),
  /** Browser origins allowed by CORS and at the WebSocket upgrade; the gateway reads the same variable. */
  corsAllowedOrigins,
});
