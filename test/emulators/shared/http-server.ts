/**
 * Tiny HTTP server shared by the payment-provider emulators.
 *
 * Why not Fastify: the emulators must speak the providers' wire formats byte for byte
 * (form-encoded Stripe bodies, PayU's 302-with-JSON, raw bodies for signatures), so a
 * bare `node:http` server with the raw body in hand is the simplest faithful base.
 * Fault injection lives here too so every emulator offers the same `setFault` knobs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmuRequest {
  method: string;
  url: URL;
  path: string;
  /** Lower-cased header names, as node gives them. */
  headers: http.IncomingHttpHeaders;
  rawBody: string;
}

export interface EmuResponse {
  status: number;
  /** Objects are JSON-encoded; strings are sent as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A rule that makes matching requests fail (or slow down) before the emulator handles them. */
export interface FaultRule {
  method?: string;
  /** Exact pathname, or a RegExp tested against it. Omit to match every path. */
  path?: string | RegExp;
  /** Skip the first `after` matching requests (default 0). */
  after?: number;
  /** Affect this many matching requests, then the rule is spent (default: until clearFaults()). */
  times?: number;
  /** Canned provider error, e.g. Stripe 'rate_limit', PayPal 'INTERNAL_SERVER_ERROR', PayU 'SERVICE_NOT_AVAILABLE'. */
  preset?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long first; with no status/preset/dropConnection the request is then handled normally. */
  delayMs?: number;
  /** Destroy the socket without answering: the client sees a connection reset. */
  dropConnection?: boolean;
}

interface ActiveRule extends FaultRule { seen: number; used: number }

export interface FaultController {
  setFault(rule: FaultRule): void;
  clearFaults(): void;
}

export interface StartedServer extends FaultController {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  port?: number;
  host?: string;
  handler: (req: EmuRequest) => Promise<EmuResponse> | EmuResponse;
  /** Turns a provider preset name into the provider's own error response. */
  resolvePreset?: (preset: string, req: EmuRequest) => EmuResponse;
  /** Called for every answered request (logging for assertions). */
  onResponse?: (req: EmuRequest, res: EmuResponse) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function matches(rule: ActiveRule, req: EmuRequest): boolean {
  if (rule.method && rule.method.toUpperCase() !== req.method) return false;
  if (typeof rule.path === 'string' && rule.path !== req.path) return false;
  if (rule.path instanceof RegExp && !rule.path.test(req.path)) return false;
  return true;
}

function writeResponse(res: http.ServerResponse, out: EmuResponse): void {
  const isText = typeof out.body === 'string';
  const payload = out.body === undefined ? '' : isText ? (out.body as string) : JSON.stringify(out.body);
  const headers: Record<string, string> = { ...(out.body !== undefined && !isText ? { 'content-type': 'application/json' } : {}) };
  for (const [k, v] of Object.entries(out.headers ?? {})) headers[k.toLowerCase()] = v;
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

export async function startHttpServer(opts: ServerOptions): Promise<StartedServer> {
  const rules: ActiveRule[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const emuReq: EmuRequest = { method: (req.method ?? 'GET').toUpperCase(), url, path: url.pathname, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
        try {
          const rule = rules.find((r) => matches(r, emuReq) && r.seen++ >= (r.after ?? 0) && (r.times === undefined || r.used < r.times));
          if (rule) {
            rule.used++;
            if (rule.delayMs) await sleep(rule.delayMs);
            if (rule.dropConnection) { req.socket.destroy(); return; }
            const canned = rule.preset && opts.resolvePreset ? opts.resolvePreset(rule.preset, emuReq) : undefined;
            if (canned || rule.status) {
              const out: EmuResponse = { status: rule.status ?? canned!.status, body: rule.body ?? canned?.body, headers: { ...canned?.headers, ...rule.headers } };
              opts.onResponse?.(emuReq, out);
              writeResponse(res, out);
              return;
            }
          }
          const out = await opts.handler(emuReq);
          opts.onResponse?.(emuReq, out);
          writeResponse(res, out);
        } catch (err) {
          // An emulator bug must be loud, not look like a provider answer.
          writeResponse(res, { status: 599, body: { emulator_error: String((err as Error)?.stack ?? err) } });
        }
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setFault: (rule) => { rules.push({ ...rule, seen: 0, used: 0 }); },
    clearFaults: () => { rules.length = 0; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** `Authorization: Basic` → [user, password], or undefined. */
export function parseBasicAuth(header: string | undefined): [string, string] | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? [decoded, ''] : [decoded.slice(0, i), decoded.slice(i + 1)];
}

export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
}

export function html(title: string, inner: string): EmuResponse {
  const esc = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<!doctype html><html><head><meta charset="utf-8"><title>${esc}</title></head><body>${inner}</body></html>` };
}

export function escapeHtml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
