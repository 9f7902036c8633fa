import { hkdfSync } from 'node:crypto';
import type { Config } from '../config/env.js';
import { HmacUnsubscribeTokens } from '../adapters/node-crypto/unsubscribe-tokens.js';
import { SqlEmailPendingStore } from '../adapters/sql/email-pending-store.js';
import type { Mailer } from '../ports/mailer.js';
import type { EmailDeps } from '../use-cases/email/email-deps.js';
import { notConfigured } from './embedded-only.js';
import { sqlDatabase } from './sql.js';
import { feature, type Feature } from './wiring.js';

/**
 * The unsubscribe-link key: UNSUBSCRIBE_SECRET, or else derived (HKDF) from the oldest JWT signing
 * key, so no extra secret is needed; removing that key from JWT_SIGNING_KEYS then voids old links.
 */
export function unsubscribeKey(config: Config): Uint8Array {
  if (config.email.unsubscribeSecret) return Buffer.from(config.email.unsubscribeSecret, 'utf8');
  const oldest = config.auth.signingKeys[0];
  const material = typeof oldest?.privateJwk.d === 'string' ? oldest.privateJwk.d : undefined;
  if (!material) throw new Error('UNSUBSCRIBE_SECRET is not set and there is no private signing key to derive it from');
  return new Uint8Array(hkdfSync('sha256', Buffer.from(material, 'base64url'), 'fc-chat', 'email-unsubscribe', 32));
}

/** SMTP (nodemailer, loaded on the first e-mail); the local cloud provides the `.eml` file sink. */
export const mailer: Feature<Mailer> = feature<Mailer>(
  'mailer',
  async ({ config }) => {
    const { smtpUrl, from } = config.email;
    if (!smtpUrl) throw notConfigured('SMTP_URL', 'mailer');
    const { SmtpMailer } = await import('../adapters/smtp/mailer.js');
    return new SmtpMailer(smtpUrl, from);
  },
  (m) => m.close(),
);

export const email = feature<EmailDeps>('email', async ({ config, use }) => ({
  pending: new SqlEmailPendingStore(await use(sqlDatabase)),
  mailer: () => use(mailer),
  tokens: new HmacUnsubscribeTokens(unsubscribeKey(config)),
  delaySeconds: config.email.delaySeconds,
  publicBaseUrl: config.email.publicBaseUrl,
}));
