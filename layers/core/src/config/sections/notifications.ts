import { z } from 'zod';
import { envVar, int, together, unsetIfBlank, url, type Rule } from '../env-kit.js';
import { countSet } from './runtime.js';

export const push = z.object({
  /** FCM service-account credentials; undefined: the file sink locally, push disabled in production. */
  fcm: together(
    {
      projectId: envVar('FIREBASE_PROJECT_ID', unsetIfBlank(z.string().trim().min(1))),
      clientEmail: envVar('FIREBASE_CLIENT_EMAIL', unsetIfBlank(z.email())),
      // Environments often keep the PEM on one line with literal "\n"; turn them back into newlines.
      privateKey: envVar(
        'FIREBASE_PRIVATE_KEY',
        unsetIfBlank(
          z
            .string()
            .transform((v) => v.replace(/\\n/g, '\n'))
            .refine((v) => v.includes('-----BEGIN PRIVATE KEY-----'), 'must be the PEM private_key of a service account'),
        ),
      ),
    },
    ['projectId', 'clientEmail', 'privateKey'],
  ),
  /** At most one silent sync push per user per this many seconds. */
  syncIntervalSeconds: envVar('SYNC_PUSH_INTERVAL_SECONDS', int(30)),
});

export const fcmAllOrNone: Rule = (env) => {
  const set = countSet(env, 'FIREBASE_PROJECT_ID', 'FIREBASE_CLIENT_EMAIL', 'FIREBASE_PRIVATE_KEY');
  return set > 0 && set < 3 ? ['FIREBASE_PROJECT_ID, FIREBASE_CLIENT_EMAIL, FIREBASE_PRIVATE_KEY: set all three or none'] : [];
};

/** E-mail notifications. Without SMTP_URL they are written to `$DATA_DIR/outbox/email/*.eml`. */
export const email = z.object({
  smtpUrl: envVar('SMTP_URL', unsetIfBlank(url(['smtp', 'smtps']))),
  from: envVar('MAIL_FROM', z.string().trim().min(3).default('fc-chat <no-reply@localhost>')),
  /** How long a notification waits for the user to read the message first. */
  delaySeconds: envVar('EMAIL_DELAY_SECONDS', int(120, 0)),
  /** Signs unsubscribe links; undefined: derived from the oldest JWT signing key. */
  unsubscribeSecret: envVar('UNSUBSCRIBE_SECRET', unsetIfBlank(z.string().min(32, 'must be at least 32 characters'))),
  /** Where links in e-mails point, without a trailing slash. */
  publicBaseUrl: envVar(
    'PUBLIC_BASE_URL',
    url(['http', 'https'])
      .default('http://127.0.0.1:8080')
      .transform((v) => v.replace(/\/+$/, '')),
  ),
});
