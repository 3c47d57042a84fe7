import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startHarness, type Harness } from '../helpers/api.js';
import { buildPerson, buildPublishedEvent, placeOrder } from '../factories.js';
import { defineJob } from '../../src/server/jobs/job.js';
import { DomainEventJobSchema, type DomainEventJob } from '../../src/server/modules/outbox/outbox.service.js';
import { transaction } from '../../src/server/db/transaction.js';

/** The outbox contract later capabilities rely on: event + job commit together, or neither. */
const seen: DomainEventJob[] = [];
let failOnce = true;
const listener = defineJob({
  name: 'test.order-listener',
  schema: DomainEventJobSchema,
  retryDelaySeconds: 1,
  retryBackoff: false,
  handler: async (job) => {
    if (job.type === 'order.on_hold' && failOnce) {
      failOnce = false;
      throw new Error('transient failure: retried by pg-boss');
    }
    seen.push(job);
  },
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ extraJobs: [listener], subscribe: (o) => { o.subscribe('order.completed', listener.name); o.subscribe('order.on_hold', listener.name); } });
});
afterAll(async () => h?.close());

async function until(fn: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('domain events through the outbox', () => {
  it('delivers each event to its subscriber once, retrying a failed handler', async () => {
    const { event, ticketType } = await buildPublishedEvent(h);
    const free = (await placeOrder(h, event.slug, { items: [{ ticketTypeId: ticketType.id, quantity: 1 }], buyer: buildPerson() })).json();
    await until(() => seen.some((j) => j.aggregateId === free.order.id));
    const paid = await buildPublishedEvent(h, { ticket: { price: { amount: 1000, currency: 'PLN' } } });
    const manual = (await placeOrder(h, paid.event.slug, { items: [{ ticketTypeId: paid.ticketType.id, quantity: 1 }], buyer: buildPerson(), paymentMethod: 'manual' })).json();
    await until(() => seen.some((j) => j.aggregateId === manual.order.id && j.type === 'order.on_hold'));
    expect(seen.filter((j) => j.aggregateId === free.order.id).map((j) => j.type)).toEqual(['order.completed']);
    expect(seen.filter((j) => j.aggregateId === manual.order.id).map((j) => j.type)).toEqual(['order.on_hold']);
    expect(seen.find((j) => j.aggregateId === free.order.id)!.payload).toMatchObject({ eventId: event.id, from: 'awaiting_payment' });
  });

  it('writes neither the event nor its job when the transaction rolls back', async () => {
    const before = await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM ${h.ctx.config.JOB_SCHEMA}.job WHERE name = $1`, [listener.name]);
    await expect(
      transaction(h.ctx.database.pool, async (tx) => {
        await h.ctx.outbox.emit(tx, { organizationId: 'org_x', type: 'order.completed', aggregateType: 'order', aggregateId: 'ord_rolled_back', payload: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const events = await h.ctx.database.pool.query(`SELECT 1 FROM domain_events WHERE aggregate_id = 'ord_rolled_back'`);
    const after = await h.ctx.database.pool.query(`SELECT count(*)::int AS n FROM ${h.ctx.config.JOB_SCHEMA}.job WHERE name = $1`, [listener.name]);
    expect(events.rowCount).toBe(0);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses to subscribe or send an unregistered job', async () => {
    expect(() => h.ctx.outbox.subscribe('order.completed', 'no.such.job')).toThrow(/unregistered/);
    await expect(h.ctx.queue.send('no.such.job', {})).rejects.toThrow(/No handler/);
  });
});
