/**
 * pglite-socket 0.2 queues every wire-protocol message on its own and only keeps a
 * connection "pinned" while PGlite is inside a transaction. node-postgres sends each
 * parameterised query as Parse/Bind/Describe/Execute/Sync, so two connections running
 * queries outside a transaction can interleave those messages and clobber each other's
 * unnamed statement or portal ("portal "" does not exist", or worse, a wrong result).
 *
 * This replaces the queue's scheduler on our server instance with one that also keeps a
 * connection pinned from its first extended-protocol message until its Sync. Everything
 * else (transaction pinning, exclusive execution) is as upstream does it.
 */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // P B D E C H (not S)

interface QueueItem {
  handlerId: number;
  message: Uint8Array;
  onData: (d: Uint8Array) => void;
  resolve: (n: number) => void;
  reject: (e: unknown) => void;
}

interface QueryQueue {
  queue: QueueItem[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(m: Uint8Array, o: { onRawData: (d: Uint8Array) => void }): Promise<void>;
  };
  processQueue(): Promise<void>;
  clearQueueForHandler(id: number): void;
}

export function applyProtocolLock(server: object): void {
  const q = (server as { queryQueue?: QueryQueue }).queryQueue;
  if (!q || typeof q.processQueue !== 'function') throw new Error('pglite-socket internals changed: re-check pglite-protocol-lock.ts');
  let midExtended = false;

  q.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        let item: QueueItem | undefined;
        const pinned = this.lastHandlerId !== null && (midExtended || this.db.isInTransaction());
        if (pinned) {
          const at = this.queue.findIndex((x) => x.handlerId === this.lastHandlerId);
          if (at === -1) break; // wait for the pinned connection's next message
          item = this.queue.splice(at, 1)[0]!;
        } else {
          item = this.queue.shift()!;
        }
        let bytes = 0;
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(item!.message, { onRawData: (d) => { bytes += d.length; item!.onData(d); } }));
        } catch (err) {
          item.reject(err);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        midExtended = EXTENDED.has(item.message[0]!);
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(q);

  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (id: number) => {
    clear(id);
    // A connection that vanished mid-query must not keep everyone else waiting.
    if (q.lastHandlerId === id) {
      midExtended = false;
      void q.processQueue();
    }
  };
}
