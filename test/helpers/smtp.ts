import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail extends ParsedMail {
  envelopeTo: string[];
  receivedAt: number;
}

/**
 * A real SMTP server for tests (smtp-server), parsing what arrives with mailparser.
 * `reject` decides per message: return `{ code, message }` to refuse it with that reply.
 */
export async function startSmtp(opts: { reject?: (to: string[], attempt: number) => { code: number; message: string } | null } = {}) {
  const received: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const key = to.join(',');
        const n = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, n);
        const refusal = opts.reject?.(to, n);
        if (refusal) {
          const err = new Error(refusal.message) as Error & { responseCode: number };
          err.responseCode = refusal.code;
          return callback(err);
        }
        const parsed = (await simpleParser(Buffer.concat(chunks))) as ReceivedMail;
        parsed.envelopeTo = to;
        parsed.receivedAt = Date.now();
        received.push(parsed);
        waiters.splice(0).forEach((w) => w());
        callback(null, 'Message queued as test-' + received.length);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    to(address: string) {
      return received.filter((m) => m.envelopeTo.includes(address.toLowerCase()));
    },
    async waitFor(pred: (all: ReceivedMail[]) => boolean, ms = 20_000) {
      const end = Date.now() + ms;
      while (!pred(received)) {
        if (Date.now() > end) throw new Error(`timed out waiting for mail; have ${received.length}: ${received.map((m) => `${m.envelopeTo} ${m.subject}`).join(' | ')}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function until<T>(fn: () => Promise<T | false | null | undefined> | T | false | null | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 150));
  }
}
