import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Mailer, OutgoingEmail } from '../../ports/mailer.js';
import { mailOptions } from '../smtp/mailer.js';

const safe = (s: string) => s.replace(/[^\w.-]/g, '_').slice(0, 80);
const stamp = (at: Date) => at.toISOString().replace(/[-:.]/g, '');

/**
 * The e-mail sink of the local cloud (no SMTP_URL): each e-mail is written, exactly as it would
 * have gone over SMTP (a full RFC 822 message built by nodemailer), to `<dir>/<timestamp>-<id>.eml`.
 */
export class FileEmailSink implements Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const info = (await this.transport.sendMail(mailOptions(this.from, email))) as { messageId: string; message: Buffer };
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(path.join(this.dir, `${stamp(this.now())}-${safe(info.messageId.replace(/[<>]/g, ''))}.eml`), info.message);
    return { messageId: info.messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
