import { z } from 'zod';
import { MoneyOut } from '../../http/schemas.js';

export const OrderOut = z.object({
  id: z.string(),
  eventId: z.string(),
  status: z.string(),
  paymentStatus: z.string(),
  buyer: z.object({ firstName: z.string(), lastName: z.string(), email: z.string() }),
  paymentMethod: z.string(),
  subtotal: MoneyOut,
  discount: MoneyOut,
  total: MoneyOut,
  fee: MoneyOut,
  net: MoneyOut,
  refunded: MoneyOut,
  currency: z.string(),
  source: z.string(),
  billing: z.record(z.string(), z.string()).nullable(),
  holdExpiresAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const AttendeeOut = z.object({
  id: z.string(),
  orderId: z.string(),
  ticketTypeId: z.string(),
  sessionId: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  isBuyer: z.boolean(),
  status: z.string(),
  ticketStatus: z.string(),
  ticketUrl: z.string(),
  createdAt: z.string(),
  /** Event attendee list (the paid-event tab): how this attendee's order stands with the money. */
  orderStatus: z.string().optional(),
  paymentStatus: z.string().optional(),
  paymentMethod: z.string().optional(),
  /** Conferencing: the attendee's overall sync status and first join URL, and one entry per conference. */
  registrationStatus: z.enum(['none', 'pending', 'registered', 'failed', 'cancelled']).optional(),
  joinUrl: z.string().nullable().optional(),
  registrations: z.array(z.object({ conferenceId: z.string(), status: z.string(), joinUrl: z.string().nullable(), lastError: z.string().nullable() })).optional(),
});

export const OrderDetailOut = OrderOut.extend({
  items: z.array(z.object({ ticketTypeId: z.string(), ticketTypeName: z.string(), sessionId: z.string().nullable(), quantity: z.number(), unitPrice: MoneyOut })),
  attendees: z.array(AttendeeOut),
  transitions: z.array(z.object({ from: z.string().nullable(), to: z.string(), actorType: z.string(), actorId: z.string().nullable(), reason: z.string().nullable(), at: z.string() })),
  refunds: z.array(z.object({ id: z.string(), amount: MoneyOut, status: z.string(), reason: z.string().nullable(), createdAt: z.string() })),
});

export const Reason = z.object({ reason: z.string().max(1000).optional() }).default({});
export const RefundIn = z.object({ amount: z.number().int().min(1).optional(), reason: z.string().max(1000).optional() }).default({});
