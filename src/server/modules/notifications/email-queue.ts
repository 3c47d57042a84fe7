import type pg from 'pg';
import type { AppContext } from '../../context.js';
import { newId } from '../../lib/tokens.js';

export const SEND_JOB = 'notifications.send-emails';
/** E-mails per send job: big fan-outs become few jobs, one notice stays one job. */
export const SEND_BATCH = 200;

export interface NewEmail {
  organizationId: string;
  eventId: string | null;
  orderId: string | null;
  attendeeId: string | null;
  templateKey: string;
  /** (template, recipient, version): unique per organisation, so a notice exists at most once. */
  dedupeKey: string;
  locale: string;
  fromName: string | null;
  replyTo: string | null;
  to: string;
  subject: string;
  bodyText: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

/**
 * Writes e-mails as `queued` rows and their send jobs in the caller's transaction. A row whose
 * dedupe key exists is skipped (ON CONFLICT DO NOTHING), so replaying a domain event or a
 * retried fan-out never creates — and therefore never sends — the same notice twice.
 * Returns the ids actually created.
 */
export async function queueEmails(ctx: AppContext, client: pg.PoolClient, list: NewEmail[]): Promise<string[]> {
  const created: string[] = [];
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const values: unknown[] = [];
    const tuples = chunk.map((m) => {
      const base = values.length;
      values.push(newId('eml'), m.organizationId, m.eventId, m.orderId, m.attendeeId, m.templateKey, m.dedupeKey, m.locale, m.fromName, m.replyTo, m.to, m.subject, m.bodyText, JSON.stringify(m.attachments));
      return `(${Array.from({ length: 14 }, (_, k) => `$${base + k + 1}`).join(',')})`;
    });
    const r = await client.query<{ id: string }>(
      `INSERT INTO emails (id, organization_id, event_id, order_id, attendee_id, template_key, dedupe_key, locale, from_name, reply_to, to_address, subject, body_text, attachments)
       VALUES ${tuples.join(',')} ON CONFLICT (organization_id, dedupe_key) DO NOTHING RETURNING id`,
      values,
    );
    created.push(...r.rows.map((x) => x.id));
  }
  await enqueueSends(ctx, client, created);
  return created;
}

/** How long a small notice's job waits before it backs up the immediate send (sendNow). */
export const FALLBACK_DELAY_MS = 10_000;

/**
 * One job per batch of e-mail ids, inserted in bulk in the same transaction. A single batch
 * is sent right after commit by the caller (`sendNow`); its job then only waits as the
 * fallback for a crash or a refusal, so a join e-mail does not pay a second queue hop.
 */
export async function enqueueSends(ctx: AppContext, client: pg.PoolClient, ids: string[]): Promise<void> {
  if (!ids.length) return;
  if (ids.length <= SEND_BATCH) {
    await ctx.queue.send(SEND_JOB, { emailIds: ids }, { singletonKey: `email:${ids[0]}`, client, startAfter: new Date(Date.now() + FALLBACK_DELAY_MS) });
    return;
  }
  const jobs = [];
  for (let i = 0; i < ids.length; i += SEND_BATCH) {
    const batch = ids.slice(i, i + SEND_BATCH);
    jobs.push({ name: SEND_JOB, data: { emailIds: batch }, singletonKey: `email:${batch[0]}` });
  }
  await ctx.queue.boss.insert(jobs, { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } } as never);
}
