import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { emails } from '../../db/schema/index.js';
import { invalid } from '../../lib/errors.js';
import type { EmailsQuery } from './notifications.schema.js';

/** The organisation's outgoing log, newest first; with SMTP unset this is the mailbox. */
export async function listEmails(ctx: AppContext, organizationId: string, q: z.infer<typeof EmailsQuery>) {
  const where: SQL[] = [eq(emails.organizationId, organizationId)];
  if (q.status) where.push(eq(emails.status, q.status));
  if (q.eventId) where.push(eq(emails.eventId, q.eventId));
  if (q.attendeeId) where.push(eq(emails.attendeeId, q.attendeeId));
  if (q.to) where.push(eq(emails.toAddress, q.to.toLowerCase()));
  if (q.templateKey) where.push(eq(emails.templateKey, q.templateKey));
  if (q.before) {
    // A cursor is `nextCursor` of the previous page (instant~id: rows of one fan-out share
    // their creation instant, so the id breaks the tie) or a plain ISO instant.
    // The instant keeps the database's microseconds (a JS Date would round them away).
    const [iso, id] = q.before.split('~');
    if (!iso || Number.isNaN(new Date(iso).getTime())) throw invalid('before', 'must be a nextCursor value or an ISO 8601 instant');
    where.push(id ? sql`(${emails.createdAt}, ${emails.id}) < (${iso}::timestamptz, ${id})` : sql`${emails.createdAt} < ${iso}::timestamptz`);
  }
  const rows = await ctx.database.db
    .select({ e: emails, at: sql<string>`to_char(${emails.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(emails)
    .where(and(...where))
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(q.limit);
  const withBody = q.includeBody === 'true';
  const last = rows.length === q.limit ? rows[rows.length - 1] : undefined;
  const nextCursor = last ? `${last.at}~${last.e.id}` : null;
  return { nextCursor, data: rows.map(({ e: r }) => ({
    id: r.id,
    templateKey: r.templateKey,
    eventId: r.eventId,
    orderId: r.orderId,
    attendeeId: r.attendeeId,
    to: r.toAddress,
    subject: r.subject,
    locale: r.locale,
    status: r.status,
    transport: r.transport,
    attempts: r.attempts,
    serverResponse: r.serverResponse,
    error: r.lastError,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    ...(withBody ? { body: r.bodyText, attachments: r.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })) } : {}),
  })) };
}
