import type { Outbox } from './modules/outbox/outbox.service.js';
import { registerConferencingSubscriptions } from './modules/conferencing/conferencing.subscriptions.js';
import { CANCEL_PROVIDER_PAYMENT_JOB } from './modules/payments/payments.service.js';
import { recordAuditEntry } from './modules/audit/audit.service.js';
import { NOTIFY_EVENT_TYPES, NOTIFY_JOB } from './modules/notifications/notifications.jobs.js';

/**
 * Which jobs react to which domain events. Each capability adds its lines here; the code that
 * emits an event never knows who listens (docs/DEVELOPING.md).
 */
export function registerSubscriptions(outbox: Outbox): void {
  void outbox;
  // Conferencing: registrations follow orders and attendees; conferences follow the event.
  registerConferencingSubscriptions(outbox);
  // An unpaid order that ended: close its provider checkout (Stripe: expire the session).
  for (const type of ['order.expired', 'order.failed', 'order.cancelled']) outbox.subscribe(type, CANCEL_PROVIDER_PAYMENT_JOB);
  // Audit trail: every domain event becomes an audit_log entry (organiser actions and external
  // changes), written in the same transaction as the change.
  outbox.record(recordAuditEntry);
  // Notices (e-mails, calendars, reminders); registration.registered comes from conferencing.
  for (const type of NOTIFY_EVENT_TYPES) outbox.subscribe(type, NOTIFY_JOB);
}
