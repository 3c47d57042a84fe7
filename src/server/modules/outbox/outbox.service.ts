import { z } from 'zod';
import type { Tx } from '../../db/transaction.js';
import type { JobQueue } from '../../jobs/queue.js';
import { newId } from '../../lib/tokens.js';

export interface DomainEvent {
  organizationId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** Payload every domain-event job receives. */
export const DomainEventJobSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  organizationId: z.string(),
  aggregateId: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type DomainEventJob = z.infer<typeof DomainEventJobSchema>;

/** A stored domain event, as in-transaction recorders see it. */
export interface RecordedDomainEvent extends DomainEvent {
  id: string;
  createdAt: Date;
}

/**
 * Runs inside the emitting transaction, for records that must commit (or roll back) with
 * the change itself and be readable the moment the request returns (the audit log).
 * Keep it to a cheap INSERT: it adds to every transaction that emits.
 */
export type InTransactionRecorder = (tx: Tx, event: RecordedDomainEvent) => Promise<void>;

/**
 * The outbox: records a domain event and enqueues its subscribers' jobs in the caller's
 * transaction, so the state change, the event and the follow-up work commit or roll back
 * together. Capabilities (conferencing, payments, notifications, audit) subscribe at
 * start-up; the emitting code never knows who listens.
 */
export class Outbox {
  private readonly byType = new Map<string, Set<string>>();
  private readonly recorders: InTransactionRecorder[] = [];

  constructor(private readonly queue: JobQueue) {}

  /** `eventType` may be '*' for every event (e.g. an audit trail). */
  subscribe(eventType: string, jobName: string): void {
    if (!this.queue.has(jobName)) throw new Error(`Cannot subscribe unregistered job ${jobName} to ${eventType}`);
    if (!this.byType.has(eventType)) this.byType.set(eventType, new Set());
    this.byType.get(eventType)!.add(jobName);
  }

  /** Adds a recorder run in the emitting transaction for every event (see InTransactionRecorder). */
  record(recorder: InTransactionRecorder): void {
    this.recorders.push(recorder);
  }

  private jobsFor(eventType: string): string[] {
    return [...new Set([...(this.byType.get(eventType) ?? []), ...(this.byType.get('*') ?? [])])];
  }

  async emit(tx: Tx, event: DomainEvent): Promise<string> {
    const id = newId('dev');
    const stored = await tx.client.query<{ created_at: Date }>(
      `INSERT INTO domain_events (id, organization_id, type, aggregate_type, aggregate_id, payload) VALUES ($1,$2,$3,$4,$5,$6) RETURNING created_at`,
      [id, event.organizationId, event.type, event.aggregateType, event.aggregateId, JSON.stringify(event.payload)],
    );
    for (const recorder of this.recorders) await recorder(tx, { ...event, id, createdAt: stored.rows[0]!.created_at });
    for (const jobName of this.jobsFor(event.type)) {
      const job: DomainEventJob = { eventId: id, type: event.type, organizationId: event.organizationId, aggregateId: event.aggregateId, payload: event.payload };
      await this.queue.send(jobName, job, { singletonKey: `${jobName}:${id}`, client: tx.client });
    }
    return id;
  }
}
