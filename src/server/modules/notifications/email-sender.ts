import type { AppContext } from '../../context.js';
import { mailTransport } from '../../providers/mail/registry.js';
import { MailError, type MailReceipt } from '../../providers/mail/port.js';

/** Attempts per e-mail before it is marked failed (the job's own retries drive them). */
export const MAX_ATTEMPTS = 5;

interface EmailRow {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  from_name: string | null;
  reply_to: string | null;
  attachments: { filename: string; contentType: string; content: string }[];
  attempts: number;
}

export function fromAddress(ctx: AppContext, name: string | null): string {
  const address = ctx.config.MAIL_FROM ?? `no-reply@${new URL(ctx.config.appUrl).hostname || 'localhost'}`;
  if (/</.test(address)) return address;
  return name ? `"${name.replace(/["\\\r\n]/g, '')}" <${address}>` : address;
}

const UNKNOWN =
  'delivery outcome unknown: the sender stopped after handing the message over; not sent again to avoid a duplicate (resend if needed)';

/**
 * Sends e-mails through their status machine: queued → sending → sent | failed.
 *
 * Delivery is AT MOST ONCE. Rows are moved to `sending` (committed) before the SMTP
 * conversation, and only rows in `queued` are ever claimed. If the process dies after the
 * server accepted a message but before `sent` was committed, the row stays `sending`; the
 * retried job finds it there and marks it `failed` with "delivery outcome unknown" instead of
 * sending again — a possibly-lost notice is visible in the log and the organiser can resend it,
 * whereas a duplicate join-link e-mail could not be taken back. Refusals before acceptance
 * (4xx, connection errors) put the row back to `queued` and the job retries; 5xx replies or
 * the last attempt mark it `failed` with the server's reply.
 *
 * A batch is claimed with one UPDATE and its acceptances recorded with one UPDATE (the
 * embedded database is single-threaded: per-message round trips would cap throughput).
 * Returns how many rows wait for a retry.
 */
export async function sendBatch(ctx: AppContext, ids: string[], parallel = 10): Promise<{ sent: number; retry: number; failed: number }> {
  const { pool } = ctx.database;
  // Rows left in `sending` by a previous attempt: outcome unknown, never re-sent.
  await pool.query(`UPDATE emails SET status = 'failed', last_error = $2 WHERE id = ANY($1) AND status = 'sending'`, [ids, UNKNOWN]);
  const claimed = await pool.query<EmailRow>(
    `UPDATE emails SET status = 'sending', attempts = attempts + 1 WHERE id = ANY($1) AND status = 'queued'
     RETURNING id, to_address, subject, body_text, from_name, reply_to, attachments, attempts`,
    [ids],
  );
  const transport = mailTransport(ctx.config.SMTP_URL);
  const sent: { id: string; r: MailReceipt }[] = [];
  let retry = 0;
  let failed = 0;
  let next = 0;
  const rows = claimed.rows;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      try {
        const r = await transport.send({
          from: fromAddress(ctx, row.from_name),
          replyTo: row.reply_to ?? undefined,
          to: row.to_address,
          subject: row.subject,
          text: row.body_text,
          messageId: `<${row.id}@foyer>`,
          attachments: row.attachments,
        });
        sent.push({ id: row.id, r });
      } catch (e) {
        const err = e instanceof MailError ? e : new MailError((e as Error).message, null, false);
        const final = err.permanent || row.attempts >= MAX_ATTEMPTS;
        final ? failed++ : retry++;
        await pool.query(`UPDATE emails SET status = $2, transport = $3, server_response = $4, last_error = $5 WHERE id = $1`, [
          row.id,
          final ? 'failed' : 'queued',
          transport.kind,
          err.response?.slice(0, 1000) ?? null,
          err.message.slice(0, 1000),
        ]);
        ctx.log.warn({ emailId: row.id, attempt: row.attempts, permanent: err.permanent, response: err.response }, 'e-mail not accepted');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, rows.length) }, worker));
  if (sent.length) {
    await pool.query(
      `UPDATE emails e SET status = 'sent', transport = $2, server_response = x.resp, message_id = x.mid, sent_at = now(), last_error = NULL
       FROM unnest($1::text[], $3::text[], $4::text[]) AS x(id, resp, mid) WHERE e.id = x.id`,
      [sent.map((s) => s.id), transport.kind, sent.map((s) => s.r.response.slice(0, 1000)), sent.map((s) => s.r.messageId)],
    );
  }
  return { sent: sent.length, retry, failed };
}
