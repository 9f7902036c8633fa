import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../domain/auth/password-policy.js';
import { CLOCK_TIME, isKnownTimeZone } from '../domain/notify/do-not-disturb.js';
import { id, line } from './text.js';

// Request schemas are strict: an unknown field is a client bug worth reporting, not ignoring.
export const RegisterBody = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9_]{3,32}$/, '3-32 letters, digits or underscores'),
  email: z.email().max(254),
  password: z.string().max(PASSWORD_MAX_LENGTH * 4),
  displayName: line().trim().min(1).max(64).optional(),
});

export const LoginBody = z.strictObject({
  login: line().min(1).max(254).describe('username or e-mail'),
  password: z
    .string()
    .min(1)
    .max(PASSWORD_MAX_LENGTH * 4),
});

export const RefreshBody = z.strictObject({ refreshToken: line().min(16).max(512) });

export const DoNotDisturb = z
  .strictObject({
    start: z.string().regex(CLOCK_TIME, 'HH:MM, 24-hour'),
    end: z.string().regex(CLOCK_TIME, 'HH:MM, 24-hour'),
    timeZone: line().max(64).refine(isKnownTimeZone, 'an IANA time zone such as Europe/Berlin'),
  })
  .refine((v) => v.start !== v.end, { message: 'start and end must differ', path: ['end'] })
  .describe('quiet hours: no push notifications from start (inclusive) to end (exclusive), wall clock in timeZone; may span midnight');

export const UpdateMeBody = z
  .strictObject({
    displayName: line().trim().min(1).max(64),
    emailNotifications: z.enum(['off', 'mentions', 'all']),
    pushEnabled: z.boolean(),
    doNotDisturb: DoNotDisturb.nullable().describe('null switches quiet hours off'),
    directCallsThroughDnd: z.boolean().describe('true: direct (1:1) calls still ring during do-not-disturb'),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');

export const MAX_USER_IDS = 50;

/** By username prefix (`q`), or by id (`ids`, comma-separated): how a client names the members it sees. */
export const SearchUsersQuery = z
  .object({
    q: line().trim().min(1, 'q is required').max(32).optional(),
    ids: z
      .string()
      .max(MAX_USER_IDS * 129)
      .transform((v) => v.split(','))
      .pipe(z.array(id()).min(1).max(MAX_USER_IDS))
      .optional()
      .describe(`up to ${MAX_USER_IDS} user ids, comma-separated`),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .refine((v) => v.q !== undefined || v.ids !== undefined, { message: 'q or ids is required', path: ['q'] });

export const DeviceParams = z.object({ deviceId: id() });

export const PutDeviceBody = z.strictObject({
  platform: z.enum(['android', 'ios', 'web']),
  pushToken: line().min(1).max(4096),
});

export const Tokens = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds until the access token expires'),
});

export const OwnUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string(),
  emailNotifications: z.enum(['off', 'mentions', 'all']),
  pushEnabled: z.boolean(),
  doNotDisturb: DoNotDisturb.nullable(),
  directCallsThroughDnd: z.boolean(),
  createdAt: z.iso.datetime(),
});

export const PublicUser = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

export const Device = z.object({ deviceId: z.string(), platform: z.enum(['android', 'ios', 'web']), pushToken: z.string(), updatedAt: z.iso.datetime() });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('stable snake_case code'),
    message: z.string(),
    details: z.array(z.object({ field: z.string().optional(), issue: z.string() })),
  }),
  requestId: z.string(),
});
