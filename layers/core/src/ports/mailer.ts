/** One e-mail to one recipient; the sender address is the mailer's (MAIL_FROM). */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted…). */
  headers: Record<string, string>;
}

/**
 * Sends e-mail. Adapters: SMTP (nodemailer; Alibaba DirectMail speaks SMTP) and a file sink that
 * writes each message as an RFC 822 `.eml` file under `$DATA_DIR/outbox/email/` (the local default).
 *
 * Invariant: `send` resolves only once the server accepted the message (or the file is written),
 * and rejects otherwise, so the caller keeps what was not sent and tries again later.
 */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): Promise<void>;
}
