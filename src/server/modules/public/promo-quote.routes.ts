import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errorResponses, MoneyOut } from '../../http/schemas.js';
import { invalid } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import { currentUnitPrice } from '../events/events.serialize.js';
import { discountFor, findPromoCode } from '../promo-codes/promo-codes.service.js';
import { loadPublicEvent } from './public-events.service.js';

const QuoteIn = z.object({
  promoCode: z.string().trim().min(1, 'is required').max(64),
  items: z
    .array(z.object({ ticketTypeId: z.string().min(1), quantity: z.number().int().min(1).max(50) }))
    .min(1, 'choose at least one ticket')
    .max(20),
});

const QuoteOut = z.object({
  promoCode: z.string(),
  percentOff: z.number().nullable(),
  subtotal: MoneyOut,
  discount: MoneyOut,
  total: MoneyOut,
});

/**
 * The checkout page's "Apply" button: checks a promo code against the chosen tickets and
 * shows the discount before the order is placed. Same rules as checkout (the code applies to
 * the current, possibly discounted, price); nothing is consumed here. The order itself may
 * still round a tiny total up to the payment provider's minimum charge.
 */
export function promoQuoteRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/api/v1/public/events/:slug/promo-check', {
      schema: {
        tags: ['public'],
        summary: 'Check a promo code for the chosen tickets (discount preview; nothing is consumed)',
        params: z.object({ slug: z.string().min(1).max(100) }),
        body: QuoteIn,
        response: { 200: QuoteOut, ...errorResponses },
      },
    }, async (req) => {
      const { event, ticketTypes } = await loadPublicEvent(ctx, req.params.slug);
      const lines = req.body.items.map((item, i) => {
        const tt = ticketTypes.find((t) => t.id === item.ticketTypeId);
        if (!tt) throw invalid(`items.${i}.ticketTypeId`, 'is not a ticket type of this event');
        return { ticketTypeId: tt.id, unitAmount: currentUnitPrice(tt), quantity: item.quantity, currency: tt.currency };
      });
      const promo = await findPromoCode(ctx, event.id, req.body.promoCode);
      const currency = lines[0]!.currency;
      const subtotal = lines.reduce((n, l) => n + l.unitAmount * l.quantity, 0);
      const discount = discountFor(promo, lines);
      if (discount === 0) throw invalid('promoCode', 'does not apply to the chosen tickets', 'invalid_promo_code');
      return {
        promoCode: promo.code,
        percentOff: promo.percent_off,
        subtotal: money(subtotal, currency),
        discount: money(discount, currency),
        total: money(subtotal - discount, currency),
      };
    });
  };
}
