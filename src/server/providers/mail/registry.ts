import { MailboxTransport } from './mailbox.js';
import type { MailTransport } from './port.js';
import { SmtpTransport } from './smtp.js';

const cache = new Map<string, MailTransport>();

/** One pooled transport per SMTP URL for the process (pools are reused across jobs). */
export function mailTransport(smtpUrl: string | undefined): MailTransport {
  const key = smtpUrl ?? '';
  let t = cache.get(key);
  if (!t) {
    t = smtpUrl ? new SmtpTransport(smtpUrl) : new MailboxTransport();
    cache.set(key, t);
  }
  return t;
}

export function closeMailTransports(): void {
  for (const t of cache.values()) t.close();
  cache.clear();
}
