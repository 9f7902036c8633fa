import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Mailer, OutgoingEmail } from '../../ports/mailer.js';

export function mailOptions(from: string, email: OutgoingEmail): SendMailOptions {
  return { from, to: email.to, subject: email.subject, text: email.text, html: email.html, headers: email.headers };
}

/**
 * Mailer over SMTP (nodemailer), from `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…:465`).
 * Alibaba DirectMail is an SMTP server, so this is the production adapter.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const info = (await this.transport.sendMail(mailOptions(this.from, email))) as { messageId: string };
    return { messageId: info.messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
