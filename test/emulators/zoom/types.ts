// Shared types of the Zoom API emulator: the in-memory model (what a test can inspect through
// `emulator.state`). The options a test passes to `startZoomEmulator` are in options.ts.
// Field names follow Zoom's Meetings OpenAPI spec / the @zoom/rivet types (see
// /work/shared/reference/zoom.md), so serialisers can copy them through unchanged.

export type ConferenceKind = 'meeting' | 'webinar';
/** `cancelled` is kept apart from `denied` in the model; how it is listed is an option. */
export type RegistrantStatus = 'approved' | 'pending' | 'denied' | 'cancelled';
/** Zoom's rate-limit labels (https://developers.zoom.us/docs/api/rate-limits/). */
export type RateCategory = 'Light' | 'Medium' | 'Heavy';
export type Plan = 'pro' | 'business';

export interface UserRecord {
  id: string;
  accountId: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  type: number;
  status: 'active' | 'inactive' | 'pending';
  timezone: string;
  pmi: number;
  created_at: string;
  webinarCapacity?: number;
  /** Resolved user ids allowed to schedule for this user. */
  schedulers: string[];
  hostingDisabled: boolean;
}

export interface AccountRecord {
  accountId: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  plan: Plan;
  ownerId: string;
  requireSchedulePrivilege: boolean;
  meSupported: boolean;
  meetingRegistrantLimit: number;
}

export interface Recurrence {
  /** 1 daily, 2 weekly, 3 monthly. */
  type: number;
  repeat_interval?: number;
  weekly_days?: string;
  monthly_day?: number;
  monthly_week?: number;
  monthly_week_day?: number;
  end_times?: number;
  end_date_time?: string;
}

export interface Occurrence {
  occurrence_id: string;
  start_time: string;
  duration: number;
  status: 'available' | 'deleted';
}

/** A meeting or a webinar (they share almost every field; `kind` tells them apart). */
export interface ConferenceRecord {
  kind: ConferenceKind;
  id: number;
  uuid: string;
  accountId: string;
  hostId: string;
  topic: string;
  type: number;
  /** UTC `yyyy-MM-ddTHH:mm:ssZ`; absent for "recurring, no fixed time" types 3 and 6. */
  start_time?: string;
  duration: number;
  timezone: string;
  agenda: string;
  password: string;
  created_at: string;
  recurrence?: Recurrence;
  occurrences: Occurrence[];
  settings: Record<string, unknown>;
  /** Random part of join/registration URLs. */
  urlToken: string;
}

export interface RegistrantRecord {
  id: string;
  kind: ConferenceKind;
  conferenceId: number;
  email: string;
  first_name: string;
  last_name: string;
  /** Optional form fields as sent (address, org, custom_questions, ...). */
  fields: Record<string, unknown>;
  status: RegistrantStatus;
  create_time: string;
  joinToken: string;
  occurrenceIds: string[];
  participant_pin_code: number;
}

export interface TokenRecord {
  token: string;
  accountId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  query: string;
  /** Route template, e.g. `POST /meetings/{meetingId}/registrants`; null when unmatched. */
  endpoint: string | null;
  status: number | null;
  accountId?: string;
  fault?: string;
  requestBody?: unknown;
  responseBody?: unknown;
}

export interface WebhookDelivery {
  id: string;
  at: number;
  url: string;
  event: string;
  body: string;
  timestamp: string;
  signature: string;
  status?: number;
  responseBody?: string;
  error?: string;
}

export type * from './options.js';
