import { describe, expect, it } from 'vitest';
import ical from 'node-ical';
import type { AppContext } from '../../context.js';
import type { AttendeeBundle } from './attendee-bundle.js';
import { buildIcs, fold, renderIcs } from './ics.js';

/** The per-shape calendar cache must give exactly what a direct rendering gives. */
const ctx = { config: { appUrl: 'https://tickets.example.org' } } as unknown as AppContext;
const start = new Date('2026-12-01T09:00:00Z');
const session = (id: string, offsetDays: number) => ({ id, startsAt: new Date(start.getTime() + offsetDays * 86400_000), endsAt: new Date(start.getTime() + offsetDays * 86400_000 + 5400_000), status: 'active' });
const event = {
  id: 'evt_1', title: '日本語のウェビナー：とても長いタイトルで行の折り返しを確かめます、セミコロン; とカンマ, 付き', description: 'Всё, что нужно знать; подробности\nвторая строка',
  timeZone: 'Asia/Tokyo', kind: 'single', recurrenceRule: null, status: 'published', version: 3, venue: null, startsAt: start, endsAt: new Date(start.getTime() + 5400_000),
};
const bundle = (attendeeId: string, token: string) =>
  ({ attendee: { id: attendeeId, ticketToken: token, sessionId: null }, event, sessions: [session('ses_a', 0)], status: 'valid', order: {}, organization: {}, ticketTypeName: 'Std' }) as unknown as AttendeeBundle;
const join = (url: string) => ({ url, passcode: '12,34', meetingId: '987 654', provider: 'zoom', topic: 'Tópico', personal: true });
const opts = { includeJoin: true, showDetails: true, sequence: 4, cancelledSessions: [{ ...session('ses_gone', 7), status: 'cancelled' } as never] };
const comparable = (text: string) => text.replace(/\r\n[ \t]/g, '').replace(/^DTSTAMP:.*$/gm, '');

describe('calendar rendering', () => {
  it('fills each attendee into the cached shape exactly as a direct rendering would', () => {
    const people = [
      [bundle('att_one', 'tok-one-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), join('https://zoom.example.com/w/1?tk=a,b;c&pwd=x')],
      [bundle('att_two', 'tok-two-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'), join('https://zoom.example.com/w/1?tk=zz')],
    ] as const;
    for (const [b, j] of people) {
      const cached = buildIcs(ctx, b, j, opts);
      expect(comparable(cached)).toBe(comparable(renderIcs(ctx, b, j, opts)));
      for (const line of cached.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const parsed = Object.values(ical.sync.parseICS(cached)).filter((x: any) => x.type === 'VEVENT') as any[];
      expect(parsed).toHaveLength(2);
      const live = parsed.find((x) => x.status === 'CONFIRMED');
      expect(live.uid).toBe(`${b.attendee.id}-ses_a@tickets.example.org`);
      expect(live.summary).toBe(event.title);
      expect(live.location).toBe(j.url);
      expect(String(live.description)).toContain(`Ticket: https://tickets.example.org/t/${b.attendee.ticketToken}`);
      expect(String(live.description)).toContain('Passcode: 12,34');
      expect(parsed.find((x) => x.status === 'CANCELLED').uid).toBe(`${b.attendee.id}-ses_gone@tickets.example.org`);
    }
  });

  it('folds at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'ä'.repeat(100)}`;
    const out = fold(line).split('\r\n');
    expect(out.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(out.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
    expect(fold('X'.repeat(75))).toBe('X'.repeat(75));
  });
});
