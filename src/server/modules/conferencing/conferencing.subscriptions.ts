import type { Outbox } from '../outbox/outbox.service.js';
import { registerCheckoutGuard } from '../orders/checkout-guards.js';
import { conferencingCheckoutGuard } from './checkout-guard.js';
import { cancelAttendeeJob, cancelEventJob, cancelOrderJob, newSessionJob, registerOrderJob, updateConferencesJob } from './conferencing.jobs.js';

/** Which domain events drive the registration sync (SPEC 3.4). */
export function registerConferencingSubscriptions(outbox: Outbox): void {
  outbox.subscribe('order.completed', registerOrderJob.name);
  for (const type of ['order.cancelled', 'order.refunded']) outbox.subscribe(type, cancelOrderJob.name);
  outbox.subscribe('attendee.cancelled', cancelAttendeeJob.name);
  for (const type of ['event.changed', 'session.changed']) outbox.subscribe(type, updateConferencesJob.name);
  outbox.subscribe('session.added', newSessionJob.name);
  for (const type of ['event.cancelled', 'session.removed']) outbox.subscribe(type, cancelEventJob.name);
  registerCheckoutGuard('conferencing', conferencingCheckoutGuard);
}
