// Small HTTP helpers: body reading, replying with Zoom's headers, route templates, pagination.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Reply } from './errors.js';
import type { Env } from './state.js';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw errors.invalidJson();
  }
}

/** Writes a reply with Zoom's JSON content type and a tracking id, as Zoom's API does. */
export function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'x-zm-trackingid': `emu_${randomUUID()}`, ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  headers['content-type'] ??= typeof reply.body === 'string' ? 'text/html; charset=utf-8' : 'application/json;charset=UTF-8';
  res.writeHead(reply.status, headers).end(text);
}

/** Compiles `/meetings/{meetingId}/registrants` into a matcher returning the path params. */
export function compileTemplate(template: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const re = new RegExp(`^${source}/?$`);
  return (path) => {
    const m = re.exec(path);
    if (!m) return null;
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
  };
}

/** Glob over paths for fault rules: `*` one segment, `**` any depth. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]+').replace(/\u0000/g, '.*');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Zoom's token pagination: `page_size` (default 30, max 300) and an opaque `next_page_token`
 * ("" on the last page) that expires after 15 minutes (spec). Unknown/expired → 400 / 300.
 */
export function paginate<T>(env: Env, key: string, items: T[], query: URLSearchParams) {
  const requested = Number(query.get('page_size') ?? 30);
  const pageSize = Number.isFinite(requested) && requested > 0 ? Math.min(Math.floor(requested), 300) : 30;
  let offset = 0;
  const token = query.get('next_page_token');
  if (token) {
    const cursor = env.state.pageCursors.get(token);
    if (!cursor || cursor.key !== key || cursor.expiresAt < env.now()) throw errors.invalidPageToken();
    offset = cursor.offset;
  }
  const page = items.slice(offset, offset + pageSize);
  let next = '';
  if (offset + pageSize < items.length) {
    next = randomBytes(18).toString('base64url');
    if (env.state.pageCursors.size > 1000) {
      for (const [k, c] of env.state.pageCursors) if (c.expiresAt < env.now()) env.state.pageCursors.delete(k);
    }
    env.state.pageCursors.set(next, { key, offset: offset + pageSize, expiresAt: env.now() + 15 * 60_000 });
  }
  return {
    page,
    meta: {
      page_count: Math.max(1, Math.ceil(items.length / pageSize)), page_number: Math.floor(offset / pageSize) + 1,
      page_size: pageSize, total_records: items.length, next_page_token: next,
    },
  };
}
