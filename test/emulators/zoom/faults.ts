// Fault injection: 5xx answers, 429 storms, slow or hanging responses, dropped connections and
// "the change happened but the answer was lost" — the failures Foyer's sync jobs must survive
// (SPEC §3.4: retried with backoff on 429/5xx/timeouts, never registering anyone twice).
import { randomUUID } from 'node:crypto';
import { globToRegExp } from './http.js';
import type { ZoomState } from './state.js';
import type { FaultRule } from './types.js';

export function addFault(state: ZoomState, rule: FaultRule): string {
  const id = randomUUID();
  state.faults.push({ id, rule, seen: 0, applied: 0 });
  return id;
}

function pathMatches(rule: FaultRule, path: string, template: string | null): boolean {
  if (rule.path === undefined) return true;
  if (rule.path instanceof RegExp) return rule.path.test(path);
  if (rule.path.includes('{')) return template !== null && (rule.path === template || `/v2${rule.path}` === template);
  const re = globToRegExp(rule.path);
  return re.test(path) || re.test(path.replace(/^\/v2(?=\/)/, ''));
}

/**
 * The first active rule matching this request, counting it as applied. `skip` lets the first
 * N matches through; a rule with `times` disappears once used up.
 */
export function takeFault(state: ZoomState, method: string, path: string, template: string | null): FaultRule | null {
  for (const entry of state.faults) {
    const { rule } = entry;
    if (rule.method && rule.method.toUpperCase() !== method) continue;
    if (!pathMatches(rule, path, template)) continue;
    entry.seen += 1;
    if (entry.seen <= (rule.skip ?? 0)) continue;
    if (rule.times !== undefined && entry.applied >= rule.times) continue;
    entry.applied += 1;
    if (rule.times !== undefined && entry.applied >= rule.times) {
      state.faults.splice(state.faults.indexOf(entry), 1);
    }
    return rule;
  }
  return null;
}

/** Default body of an injected error: Zoom-shaped JSON for 5xx unless the rule gives one. */
export function faultBody(status: number, body: unknown): unknown {
  if (body !== undefined) return body;
  const messages: Record<number, string> = {
    500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  return { code: status, message: messages[status] ?? 'Error' };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
