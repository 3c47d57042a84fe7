// Shapes of the REST API v1 (SPEC 9) as the UI uses them. Instants are ISO 8601 UTC strings.

export type Role = 'owner' | 'admin' | 'staff';
export type EventFormat = 'online' | 'in_person' | 'hybrid';
export type EventKind = 'single' | 'multi_day' | 'series' | 'bookable';
export type EventStatus = 'draft' | 'published' | 'cancelled';
export type SessionStatus = 'active' | 'cancelled';

export const EVENT_FORMATS: readonly EventFormat[] = ['online', 'in_person', 'hybrid'];
export const EVENT_KINDS: readonly EventKind[] = ['single', 'multi_day', 'series', 'bookable'];

export interface Money {
  /** Integer minor units (cents; yen and won have none). */
  amount: number;
  currency: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Organization {
  id: string;
  name: string;
  slug: string;
  defaultCurrency: string;
  timeZone: string;
  locale: string;
  feePercent: number;
}

export interface Me {
  user: User;
  organization: Organization;
  member: { id: string; role: Role };
}

export interface AuthResult {
  user: User;
  organization: Organization;
  token: string;
}

export interface SignupInput {
  email: string;
  password: string;
  name: string;
  organizationName: string;
}

export interface LoginInput {
  email: string;
  password: string;
}

export interface FoyerEvent {
  id: string;
  slug: string;
  title: string;
  description: string;
  timeZone: string;
  format: EventFormat;
  kind: EventKind;
  status: EventStatus;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  venue: string | null;
  locale: string;
  /** The public event page. */
  url: string;
  recurrenceRule: string | null;
  createdAt: string;
}

export interface EventSession {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  staffMemberId: string | null;
  status: SessionStatus;
}

export interface TicketType {
  id: string;
  name: string;
  price: Money;
  discountedPrice: Money | null;
  capacity: number | null;
  sold: number;
  salesStartAt: string | null;
  salesEndAt: string | null;
}

export interface EventDetail extends FoyerEvent {
  sessions: EventSession[];
  ticketTypes: TicketType[];
}

export interface SessionInput {
  startsAt: string;
  endsAt: string;
  capacity?: number;
}

export interface EventCreateInput {
  title: string;
  description?: string;
  timeZone: string;
  format: EventFormat;
  kind: EventKind;
  startsAt: string;
  endsAt: string;
  venue?: string;
  capacity?: number;
  recurrenceRule?: string;
  sessions?: SessionInput[];
}

export interface List<T> {
  data: T[];
}
