// Request bodies for creating/updating meetings and webinars, and Zoom's default settings.
// Fields and enums: rivet `MeetingsCreateMeetingRequestBody` / `WebinarsCreateWebinarRequestBody`
// (reference/zoom.md "Meetings", "Webinars"). Unknown fields are kept, as Zoom ignores them.
import { z } from 'zod';
import type { ConferenceKind } from './types.js';

const int = () => z.coerce.number().int();

export const recurrenceSchema = z
  .object({
    type: int().min(1).max(3),
    repeat_interval: int().min(1).optional(),
    weekly_days: z.string().regex(/^[1-7](,[1-7])*$/).optional(),
    monthly_day: int().min(1).max(31).optional(),
    monthly_week: int().refine((v) => v === -1 || (v >= 1 && v <= 4)).optional(),
    monthly_week_day: int().min(1).max(7).optional(),
    end_times: int().min(0).max(60).optional(),
    end_date_time: z.string().refine((v) => !Number.isNaN(Date.parse(v))).optional(),
  })
  // end_times "cannot be used with end_date_time"; intervals: daily ≤ 99, weekly ≤ 50, monthly ≤ 10.
  .refine((r) => r.end_times === undefined || r.end_date_time === undefined, { path: ['end_date_time'] })
  .refine((r) => (r.repeat_interval ?? 1) <= ({ 1: 99, 2: 50, 3: 10 } as Record<number, number>)[r.type], { path: ['repeat_interval'] });

export const settingsSchema = z.looseObject({
  approval_type: int().min(0).max(2).optional(),
  registration_type: int().min(1).max(3).optional(),
  auto_recording: z.enum(['local', 'cloud', 'none']).optional(),
  registrants_restrict_number: int().min(0).optional(),
  alternative_hosts: z.string().optional(),
  jbh_time: int().optional(),
  question_and_answer: z.looseObject({ enable: z.boolean().optional() }).optional(),
  waiting_room: z.boolean().optional(),
  join_before_host: z.boolean().optional(),
  host_video: z.boolean().optional(),
  participant_video: z.boolean().optional(),
  panelists_video: z.boolean().optional(),
  mute_upon_entry: z.boolean().optional(),
  allow_multiple_devices: z.boolean().optional(),
  practice_session: z.boolean().optional(),
  on_demand: z.boolean().optional(),
  hd_video: z.boolean().optional(),
  close_registration: z.boolean().optional(),
  registrants_confirmation_email: z.boolean().optional(),
  registrants_email_notification: z.boolean().optional(),
  meeting_authentication: z.boolean().optional(),
});

export const conferenceBodySchema = z.looseObject({
  topic: z.string().max(200).optional(),
  type: int().optional(),
  start_time: z.string().optional(),
  duration: int().min(0).optional(),
  timezone: z.string().optional(),
  // "Passcode ... maximum of 10 characters" (rivet).
  password: z.string().max(10).optional(),
  agenda: z.string().max(2000).optional(),
  schedule_for: z.string().optional(),
  recurrence: recurrenceSchema.optional(),
  settings: settingsSchema.optional(),
});
export type ConferenceBody = z.infer<typeof conferenceBodySchema>;

/** Meeting types 1 instant, 2 scheduled, 3 recurring no fixed time, 8 recurring fixed time. */
export const TYPES: Record<ConferenceKind, { allowed: number[]; fallback: number; fixedRecurring: number; floatingRecurring: number; batch: number }> = {
  meeting: { allowed: [1, 2, 3, 8], fallback: 2, fixedRecurring: 8, floatingRecurring: 3, batch: 2 },
  // Webinar types 5 webinar, 6 recurring no fixed time, 9 recurring fixed time.
  webinar: { allowed: [5, 6, 9], fallback: 5, fixedRecurring: 9, floatingRecurring: 6, batch: 5 },
};

// `approval_type` defaults to 2 (no registration) — spec, reference "Checked against ...".
export const DEFAULT_SETTINGS: Record<ConferenceKind, Record<string, unknown>> = {
  meeting: {
    host_video: false, participant_video: false, join_before_host: false, jbh_time: 0, mute_upon_entry: false,
    waiting_room: false, approval_type: 2, registration_type: 1, auto_recording: 'none', allow_multiple_devices: false,
    registrants_confirmation_email: true, registrants_email_notification: true, meeting_authentication: false,
    alternative_hosts: '', close_registration: false,
  },
  // Webinars have no waiting room / join before host (reference).
  webinar: {
    host_video: false, panelists_video: false, practice_session: false, hd_video: false, on_demand: false,
    approval_type: 2, registration_type: 1, auto_recording: 'none', allow_multiple_devices: true,
    registrants_restrict_number: 0, close_registration: false, registrants_confirmation_email: true,
    registrants_email_notification: true, question_and_answer: { enable: false }, alternative_hosts: '',
    attendees_and_panelists_reminder_email_notification: { enable: true },
  },
};

export const WEBINAR_IGNORED_SETTINGS = ['waiting_room', 'join_before_host', 'jbh_time'];
