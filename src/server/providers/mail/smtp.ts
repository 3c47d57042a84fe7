import nodemailer, { type Transporter } from 'nodemailer';
import { MailError, type MailReceipt, type MailTransport, type OutgoingMail } from './port.js';

/**
 * SMTP through nodemailer's pooled transport (connections reused across messages), for
 * `SMTP_URL` such as `smtp://user:pass@mail.example.com:587` or `smtps://...:465`.
 * https://nodemailer.com/smtp/pooled/
 */
export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(url: string, opts: { maxConnections?: number } = {}) {
    const u = new URL(url);
    // Query parameters (e.g. ?tls.rejectUnauthorized=false) are nodemailer options too.
    this.transporter = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: opts.maxConnections ?? 5,
      maxMessages: Infinity,
      // Local test/dev servers on plain SMTP: do not insist on STARTTLS when not offered.
      ignoreTLS: u.searchParams.get('ignoreTLS') === 'true',
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<MailReceipt> {
    try {
      const info = await this.transporter.sendMail({
        from: mail.from,
        replyTo: mail.replyTo,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      });
      return { transport: 'smtp', response: String(info.response ?? ''), messageId: String(info.messageId ?? mail.messageId) };
    } catch (e) {
      const err = e as Error & { response?: string; responseCode?: number };
      const code = err.responseCode ?? 0;
      throw new MailError(err.message, err.response ?? null, code >= 500 && code < 600);
    }
  }

  close(): void {
    this.transporter.close();
  }
}
