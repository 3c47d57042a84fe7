// Minimal fetch-based client for the emulator's own tests — deliberately not the production
// client, so these tests pin the emulator's HTTP behaviour rather than Foyer's.
import type { ZoomEmulator } from './zoom-emulator.js';

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
}

export async function fetchToken(emu: ZoomEmulator, creds = emu.credentials): Promise<{ status: number; body: any }> {
  const basic = Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64');
  const res = await fetch(`${emu.url}/oauth/token?grant_type=account_credentials&account_id=${encodeURIComponent(creds.accountId)}`, {
    method: 'POST', headers: { authorization: `Basic ${basic}` },
  });
  return { status: res.status, body: await res.json() };
}

export async function zoomClient(emu: ZoomEmulator) {
  const { body } = await fetchToken(emu);
  const token: string = body.access_token;
  const base = `${body.api_url}/v2`;
  async function call(method: string, path: string, payload?: unknown, init: RequestInit = {}): Promise<CallResult> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      ...init,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }
  return { token, base, call };
}

export type ZoomTestClient = Awaited<ReturnType<typeof zoomClient>>;

/** A scheduled meeting (type 2) tomorrow with automatic-approval registration. */
export async function createRegistrationMeeting(c: ZoomTestClient, emu: ZoomEmulator, overrides: Record<string, unknown> = {}) {
  const res = await c.call('POST', '/users/me/meetings', {
    topic: 'Foyer test', type: 2, start_time: new Date(emu.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    duration: 90, timezone: 'Europe/Warsaw', settings: { approval_type: 0 }, ...overrides,
  });
  if (res.status !== 201) throw new Error(`create meeting failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; join_url: string; host_email: string; [k: string]: unknown };
}
