/** One message as the mail transports take it; built by the notifications module. */
export interface OutgoingMail {
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

/** What the transport learned: the server's acceptance reply (SMTP) or where it was stored. */
export interface MailReceipt {
  transport: 'smtp' | 'mailbox';
  response: string;
  messageId: string;
}

/** A failure with the server's reply; `permanent` for 5xx answers (retrying cannot help). */
export class MailError extends Error {
  constructor(message: string, readonly response: string | null, readonly permanent: boolean) {
    super(message);
    this.name = 'MailError';
  }
}

export interface MailTransport {
  readonly kind: 'smtp' | 'mailbox';
  send(mail: OutgoingMail): Promise<MailReceipt>;
  close(): void;
}
