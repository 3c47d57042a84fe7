import type { MailReceipt, MailTransport, OutgoingMail } from './port.js';

/**
 * The embedded mailbox used when `SMTP_URL` is unset: the e-mail row already holds the
 * whole message, so "delivering" it means marking it stored; the UI and `GET /api/v1/emails`
 * read it from there.
 */
export class MailboxTransport implements MailTransport {
  readonly kind = 'mailbox' as const;

  async send(mail: OutgoingMail): Promise<MailReceipt> {
    return { transport: 'mailbox', response: 'stored in the local mailbox', messageId: mail.messageId };
  }

  close(): void {}
}
