import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import { emailTemplates, organizations } from '../../db/schema/index.js';
import { transaction } from '../../db/transaction.js';
import { newId } from '../../lib/tokens.js';
import type { Principal } from '../auth/auth.service.js';
import { emitOrganiserAction } from '../audit/organiser-action.js';
import { findEvent } from '../events/events.repo.js';
import { DEFAULT_TEXTS } from './defaults/index.js';
import { parseTemplate, renderTemplate } from './template-engine.js';
import { chooseLocale, sampleData } from './template-data.js';
import { DEFAULT_REMINDER_OFFSETS_MINUTES, DEFAULT_SETTINGS, LOCALES, type MailLocale, type TemplateKey } from './template-keys.js';

type Row = typeof emailTemplates.$inferSelect;

export interface EffectiveTemplate {
  key: TemplateKey;
  enabled: boolean;
  copyToOrganizer: boolean;
  offsetsMinutes: number[];
  subject: string;
  body: string;
  locale: MailLocale;
}

export interface TemplatePatch {
  enabled?: boolean | null;
  copyToOrganizer?: boolean | null;
  reminderOffsetsMinutes?: number[] | null;
  locale?: MailLocale;
  subject?: string | null;
  body?: string | null;
  texts?: Partial<Record<MailLocale, { subject?: string | null; body?: string | null }>>;
}

async function rows(db: Db, organizationId: string, eventId: string | null, key: TemplateKey): Promise<{ org?: Row; event?: Row }> {
  const scopes = eventId ? ['', eventId] : [''];
  const list = await db.select().from(emailTemplates).where(and(eq(emailTemplates.organizationId, organizationId), eq(emailTemplates.key, key), inArray(emailTemplates.eventId, scopes)));
  return { org: list.find((r) => r.eventId === ''), event: eventId ? list.find((r) => r.eventId === eventId) : undefined };
}

function pick<T>(...xs: (T | null | undefined)[]): T | undefined {
  return xs.find((x) => x !== null && x !== undefined) as T | undefined;
}

/** Event override → organisation template → built-in default, field by field and per locale. */
export async function effectiveTemplate(db: Db, organizationId: string, eventId: string | null, key: TemplateKey, locale: MailLocale): Promise<EffectiveTemplate> {
  const { org, event } = await rows(db, organizationId, eventId, key);
  const def = DEFAULT_TEXTS[locale][key];
  return {
    key,
    locale,
    enabled: pick(event?.enabled, org?.enabled) ?? DEFAULT_SETTINGS[key].enabled,
    copyToOrganizer: pick(event?.copyToOrganizer, org?.copyToOrganizer) ?? DEFAULT_SETTINGS[key].copyToOrganizer,
    offsetsMinutes: pick(event?.offsetsMinutes, org?.offsetsMinutes) ?? DEFAULT_REMINDER_OFFSETS_MINUTES,
    subject: pick(event?.texts[locale]?.subject, org?.texts[locale]?.subject) ?? def.subject,
    body: pick(event?.texts[locale]?.body, org?.texts[locale]?.body) ?? def.body,
  };
}

/** The editing view: settings at this level, and every locale's text with where it comes from. */
export async function describeTemplate(ctx: AppContext, organizationId: string, eventId: string | null, key: TemplateKey) {
  const { db } = ctx.database;
  if (eventId) await findEvent(db, organizationId, eventId);
  const { org, event } = await rows(db, organizationId, eventId, key);
  const own = eventId ? event : org;
  const texts: Record<string, { subject: string; body: string; source: 'event' | 'organization' | 'default' }> = {};
  for (const l of LOCALES) {
    const eff = await effectiveTemplate(db, organizationId, eventId, key, l);
    const source = (k: 'subject' | 'body') => (event?.texts[l]?.[k] ? 'event' : org?.texts[l]?.[k] ? 'organization' : 'default');
    texts[l] = { subject: eff.subject, body: eff.body, source: source('body') === 'default' ? source('subject') : source('body') };
  }
  const eff = await effectiveTemplate(db, organizationId, eventId, key, 'en');
  return {
    key,
    scope: eventId ? ('event' as const) : ('organization' as const),
    eventId,
    overridden: Boolean(own),
    enabled: eff.enabled,
    copyToOrganizer: eff.copyToOrganizer,
    reminderOffsetsMinutes: key === 'reminder' ? eff.offsetsMinutes : null,
    texts,
  };
}

/** Validates every given text (422 with line and column) and stores it at this level. */
export async function saveTemplate(ctx: AppContext, p: Principal, eventId: string | null, key: TemplateKey, patch: TemplatePatch) {
  const { db } = ctx.database;
  const organizationId = p.organizationId;
  if (eventId) await findEvent(db, organizationId, eventId);
  const changes: Partial<Record<MailLocale, { subject?: string | null; body?: string | null }>> = { ...patch.texts };
  if (patch.subject !== undefined || patch.body !== undefined) {
    const [org] = await db.select({ locale: organizations.locale }).from(organizations).where(eq(organizations.id, organizationId));
    const l = patch.locale ?? chooseLocale(org?.locale);
    changes[l] = { ...changes[l], ...(patch.subject !== undefined ? { subject: patch.subject } : {}), ...(patch.body !== undefined ? { body: patch.body } : {}) };
  }
  for (const [l, t] of Object.entries(changes)) {
    const prefix = patch.texts?.[l as MailLocale] ? `texts.${l}.` : '';
    if (t?.subject) parseTemplate(`${prefix}subject`, t.subject);
    if (t?.body) parseTemplate(`${prefix}body`, t.body);
  }
  const { org, event } = await rows(db, organizationId, eventId, key);
  const existing = eventId ? event : org;
  const texts = { ...(existing?.texts ?? {}) };
  for (const [l, t] of Object.entries(changes)) {
    const cur = { ...(texts[l] ?? {}) };
    if (t?.subject !== undefined) t.subject === null || t.subject === '' ? delete cur.subject : (cur.subject = t.subject);
    if (t?.body !== undefined) t.body === null || t.body === '' ? delete cur.body : (cur.body = t.body);
    texts[l] = cur;
  }
  const values = {
    enabled: patch.enabled === undefined ? (existing?.enabled ?? null) : patch.enabled,
    copyToOrganizer: patch.copyToOrganizer === undefined ? (existing?.copyToOrganizer ?? null) : patch.copyToOrganizer,
    offsetsMinutes: patch.reminderOffsetsMinutes === undefined ? (existing?.offsetsMinutes ?? null) : patch.reminderOffsetsMinutes,
    texts,
    updatedAt: new Date(),
  };
  await transaction(ctx.database.pool, async (tx) => {
    const [saved] = await tx.db
      .insert(emailTemplates)
      .values({ id: newId('etp'), organizationId, eventId: eventId ?? '', key, ...values })
      .onConflictDoUpdate({ target: [emailTemplates.organizationId, emailTemplates.eventId, emailTemplates.key], set: values })
      .returning({ id: emailTemplates.id });
    const { updatedAt: _u, ...after } = values;
    const before = existing ? { enabled: existing.enabled, copyToOrganizer: existing.copyToOrganizer, offsetsMinutes: existing.offsetsMinutes, texts: existing.texts } : null;
    await emitOrganiserAction(ctx, tx, p, { type: 'email_template.saved', aggregateType: 'email_template', aggregateId: saved!.id, eventId, before, after, details: { key, level: eventId ? 'event' : 'organization' } });
  });
  return describeTemplate(ctx, organizationId, eventId, key);
}

export async function deleteOverride(ctx: AppContext, p: Principal, eventId: string, key: TemplateKey) {
  const { db } = ctx.database;
  await findEvent(db, p.organizationId, eventId);
  await transaction(ctx.database.pool, async (tx) => {
    const gone = await tx.db.delete(emailTemplates).where(and(eq(emailTemplates.organizationId, p.organizationId), eq(emailTemplates.eventId, eventId), eq(emailTemplates.key, key))).returning();
    for (const t of gone) {
      await emitOrganiserAction(ctx, tx, p, { type: 'email_template.removed', aggregateType: 'email_template', aggregateId: t.id, eventId, before: { enabled: t.enabled, copyToOrganizer: t.copyToOrganizer, offsetsMinutes: t.offsetsMinutes, texts: t.texts }, details: { key, level: 'event' } });
    }
  });
}

/** Renders given (or the stored) subject and body with sample data; syntax errors are 422. */
export async function previewTemplate(ctx: AppContext, organizationId: string, input: { key: TemplateKey; locale?: MailLocale; eventId?: string; subject?: string; body?: string }) {
  const locale = input.locale ?? 'en';
  if (input.eventId) await findEvent(ctx.database.db, organizationId, input.eventId);
  const eff = await effectiveTemplate(ctx.database.db, organizationId, input.eventId ?? null, input.key, locale);
  const data = sampleData(ctx, locale);
  const subject = await renderTemplate('subject', input.subject ?? eff.subject, data);
  const body = await renderTemplate('body', input.body ?? eff.body, data);
  return { key: input.key, locale, subject: oneLine(subject), body };
}

export const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim().slice(0, 300);
