// The API route table: every endpoint with its template (the key of `state.calls`), Zoom's
// rate-limit category and the granular scope it needs. Served under `/v2`.
import type { IncomingMessage } from 'node:http';
import type { Reply } from './errors.js';
import { compileTemplate } from './http.js';
import { userAndConferenceRoutes } from './conference-routes.js';
import { allRegistrantRoutes } from './registrant-routes.js';
import type { Env } from './state.js';
import type { AccountRecord, RateCategory, TokenRecord } from './types.js';

export interface RouteCtx {
  env: Env;
  req: IncomingMessage;
  account: AccountRecord;
  token: TokenRecord;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface RouteDef {
  method: string;
  /** Path below `/v2`, e.g. `/meetings/{meetingId}/registrants`. */
  template: string;
  category: RateCategory;
  /** [granular scope without the `:admin` suffix, classic macro scope without it]. */
  scope: [string, string];
  handle(ctx: RouteCtx): Reply;
}

interface Compiled {
  def: RouteDef;
  match: (path: string) => Record<string, string> | null;
}

let compiled: Compiled[] | undefined;

function table(): Compiled[] {
  compiled ??= [...userAndConferenceRoutes, ...allRegistrantRoutes].map((def) => ({ def, match: compileTemplate(def.template) }));
  return compiled;
}

/** Endpoint key used by counters and logs, e.g. `POST /meetings/{meetingId}/registrants`. */
export const endpointKey = (def: RouteDef) => `${def.method} ${def.template}`;

/**
 * Matches `/v2/...`. Literal segments win over parameters (`registrants/status` before
 * `registrants/{registrantId}`) because the table lists them first for each method.
 * Returns `methodNotAllowed` when the path exists with other methods.
 */
export function matchApiRoute(method: string, path: string): { def: RouteDef; params: Record<string, string> } | 'methodNotAllowed' | null {
  if (!path.startsWith('/v2/')) return null;
  const sub = path.slice(3);
  let pathSeen = false;
  for (const { def, match } of table()) {
    const params = match(sub);
    if (!params) continue;
    pathSeen = true;
    if (def.method === method) return { def, params };
  }
  return pathSeen ? 'methodNotAllowed' : null;
}

/** All endpoint keys, for documentation and for tests iterating over the API surface. */
export function listEndpoints(): Array<{ endpoint: string; category: RateCategory; scope: string }> {
  return table().map(({ def }) => ({ endpoint: endpointKey(def), category: def.category, scope: `${def.scope[0]}:admin` }));
}
