import type { JobDefinition } from './job.js';
import { expireHoldJob, sweepHoldsJob } from '../modules/orders/order-jobs.js';
import { conferencingJobs } from '../modules/conferencing/conferencing.jobs.js';
import { cancelProviderPaymentJob, executeRefundJob } from '../modules/payments/payment-jobs.js';
import { attendeeImportJob } from '../modules/exports/import-job.js';
import { notificationJobs } from '../modules/notifications/notifications.jobs.js';

/** Every job the application knows. A job sent without being listed here fails at once. */
export const jobs: JobDefinition[] = [expireHoldJob, sweepHoldsJob, executeRefundJob, cancelProviderPaymentJob, ...notificationJobs] as JobDefinition[];
jobs.push(...(conferencingJobs as JobDefinition[]));
jobs.push(attendeeImportJob as JobDefinition);
