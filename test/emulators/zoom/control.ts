// A tiny control API under `/__emulator/` so a standalone emulator (cli.ts) can be inspected and
// steered from another process — e.g. a benchmark that injects a 429 storm halfway through.
// Not part of Zoom's API; bound to 127.0.0.1 like the rest of the emulator.
import { z } from 'zod';
import type { Reply } from './errors.js';
import type { ZoomState } from './state.js';
import type { FaultRule, WebhookTarget } from './types.js';

export interface ControlTarget {
  state: ZoomState;
  setFault(rule: FaultRule): string;
  clearFaults(): void;
  advanceTime(ms: number): void;
  now(): number;
  expireTokens(): void;
  setWebhookTarget(target: WebhookTarget | null): void;
}

/** JSON-friendly view of the model (Maps become arrays/objects; request log capped). */
export function snapshot(state: ZoomState, logTail = 200) {
  return {
    accounts: [...state.accounts.values()],
    users: [...state.users.values()],
    meetings: [...state.meetings.values()],
    webinars: [...state.webinars.values()],
    registrants: [...state.registrants.values()],
    deleted: state.deleted,
    calls: Object.fromEntries(state.calls),
    requestLog: state.requestLog.slice(-logTail),
    webhookDeliveries: state.webhookDeliveries,
    faults: state.faults.map((f) => ({ ...f, rule: { ...f.rule, path: f.rule.path instanceof RegExp ? String(f.rule.path) : f.rule.path } })),
  };
}

const faultSchema = z.looseObject({
  kind: z.enum(['error', 'rate-limit', 'delay', 'hang', 'reset', 'commit-then-hang', 'commit-then-reset']),
  method: z.string().optional(),
  path: z.string().optional(),
  /** A RegExp source, as JSON cannot carry RegExp objects. */
  pathRegex: z.string().optional(),
  times: z.number().int().positive().optional(),
  skip: z.number().int().min(0).optional(),
});
const webhookSchema = z.object({ url: z.url(), secretToken: z.string(), events: z.array(z.string()).optional(), timestampUnit: z.enum(['s', 'ms']).optional() }).nullable();

export function handleControl(target: ControlTarget, method: string, path: string, raw: string): Reply {
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    return { status: 400, body: { message: 'invalid JSON' } };
  }
  const route = `${method} ${path}`;
  if (route === 'GET /__emulator/state') return { status: 200, body: snapshot(target.state) };
  if (route === 'POST /__emulator/faults') {
    const parsed = faultSchema.safeParse(body);
    if (!parsed.success) return { status: 400, body: { message: parsed.error.message } };
    const { pathRegex, ...rule } = parsed.data;
    const id = target.setFault({ ...rule, ...(pathRegex ? { path: new RegExp(pathRegex) } : {}) } as FaultRule);
    return { status: 201, body: { id } };
  }
  if (route === 'DELETE /__emulator/faults') {
    target.clearFaults();
    return { status: 204 };
  }
  if (route === 'POST /__emulator/time') {
    const ms = z.object({ advanceMs: z.number() }).safeParse(body);
    if (!ms.success) return { status: 400, body: { message: 'advanceMs required' } };
    target.advanceTime(ms.data.advanceMs);
    return { status: 200, body: { now: target.now() } };
  }
  if (route === 'POST /__emulator/expire-tokens') {
    target.expireTokens();
    return { status: 204 };
  }
  if (route === 'PUT /__emulator/webhook') {
    const parsed = webhookSchema.safeParse(body ?? null);
    if (!parsed.success) return { status: 400, body: { message: parsed.error.message } };
    target.setWebhookTarget(parsed.data);
    return { status: 204 };
  }
  return { status: 404, body: { message: `unknown control route ${route}` } };
}
