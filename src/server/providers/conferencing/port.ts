/**
 * The conferencing provider interface (ARCHITECTURE 4). Ticketing code and the sync engine only
 * ever talk to this; adding Google Meet or Teams means a new folder and a registry line.
 * Adapters never touch the database: everything they need is passed in.
 */
export type ConferenceKind = 'meeting' | 'webinar';

export interface ConferenceSpec {
  topic: string;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  kind: ConferenceKind;
  agenda?: string;
  /** Provider host (Zoom user id or e-mail); default the credentials' owner. */
  hostId?: string;
  /** Provider-specific settings chosen by the organiser (SPEC 3.3). */
  settings?: Record<string, unknown>;
  /** Recurrence as explicit occurrences (multi-day / series as one recurring conference). */
  occurrences?: { startsAt: Date; durationMinutes: number }[];
}

/** What the sync engine stores about a conference. */
export interface ConferenceInfo {
  externalId: string;
  kind: ConferenceKind;
  joinUrl: string;
  /** Host-only link; never shown to attendees. */
  startUrl?: string | null;
  passcode?: string | null;
  hostId?: string | null;
  hostEmail?: string | null;
  topic?: string;
  startsAt?: string | null;
  durationMinutes?: number | null;
  recurring?: boolean;
  /** True when attendees can be registered individually (approval automatic). */
  registrationEnabled: boolean;
  /** True when the provider accepts batch registration for this conference. */
  batchAllowed?: boolean;
  registrantLimit?: number | null;
}

export interface ConferenceRef {
  externalId: string;
  kind: ConferenceKind;
  /** Link-only providers return the stored link as every attendee's join URL. */
  joinUrl?: string | null;
}

export interface RegistrantIn {
  email: string;
  firstName: string;
  lastName: string;
}

export interface RegistrantOut {
  email: string;
  registrantId: string | null;
  joinUrl: string;
}

export interface ProviderRegistrant {
  email: string;
  registrantId: string;
  status: 'approved' | 'pending' | 'denied';
}

export interface ProviderCapabilities {
  /** Individual registration with a personal join link (false: everyone shares the link). */
  registration: boolean;
  batchRegistration: boolean;
  webinars: boolean;
  recurrence: boolean;
  /** Existing conferences can be listed and linked. */
  listExisting: boolean;
  maxBatch: number;
}

export interface ConferencingProvider {
  readonly id: string;
  readonly capabilities: ProviderCapabilities;
  createConference(spec: ConferenceSpec): Promise<ConferenceInfo>;
  updateConference(ref: ConferenceRef, spec: Partial<ConferenceSpec>): Promise<void>;
  /** Deleting something already gone is success. */
  deleteConference(ref: ConferenceRef): Promise<void>;
  getConference(ref: ConferenceRef): Promise<ConferenceInfo | null>;
  /** Idempotent per e-mail: registering an already-registered e-mail returns that registrant. */
  registerAttendee(ref: ConferenceRef, r: RegistrantIn, opts?: { sendProviderEmail?: boolean }): Promise<RegistrantOut>;
  registerBatch?(ref: ConferenceRef, rs: RegistrantIn[], opts?: { sendProviderEmail?: boolean }): Promise<RegistrantOut[]>;
  /** Cancelling an unknown/cancelled registrant or on a deleted conference is success. */
  cancelRegistrants(ref: ConferenceRef, emails: string[]): Promise<void>;
  listRegistrants(ref: ConferenceRef): Promise<ProviderRegistrant[]>;
  enableRegistration?(ref: ConferenceRef): Promise<void>;
}

/** Base of provider errors the sync engine classifies. */
export class ProviderError extends Error {
  constructor(
    message: string,
    /** transient: retry later; permanent: the registration fails with this message. */
    public readonly retryable: boolean,
    public readonly status?: number,
    public readonly code?: number | string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** 429: wait until `retryAfterMs` from now (parsed from Retry-After or X-RateLimit-Reset). */
export class RateLimited extends ProviderError {
  constructor(message: string, public readonly retryAfterMs: number, public readonly category?: string, public readonly limitType?: string) {
    super(message, true, 429, 429);
    this.name = 'RateLimited';
  }
}

/** The conference no longer exists with the provider. */
export class ConferenceGone extends ProviderError {
  constructor(message: string) {
    super(message, false, 404);
    this.name = 'ConferenceGone';
  }
}
