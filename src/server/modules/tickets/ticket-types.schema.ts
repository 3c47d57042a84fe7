import { z } from 'zod';
import { Instant, MoneyIn } from '../../http/schemas.js';

const Fields = {
  name: z.string().trim().min(1, 'is required').max(120),
  description: z.string().max(2000),
  price: MoneyIn,
  discountedPrice: MoneyIn.nullable(),
  capacity: z.number().int().min(1).max(1_000_000).nullable(),
  salesStartAt: Instant.nullable(),
  salesEndAt: Instant.nullable(),
  active: z.boolean(),
  position: z.number().int().min(0).max(1000),
};

export const TicketTypeCreate = z.object({
  name: Fields.name,
  description: Fields.description.optional(),
  price: Fields.price,
  discountedPrice: Fields.discountedPrice.optional(),
  capacity: Fields.capacity.optional(),
  salesStartAt: Fields.salesStartAt.optional(),
  salesEndAt: Fields.salesEndAt.optional(),
  position: Fields.position.optional(),
});

export const TicketTypePatch = z.object(Fields).partial().strict();
