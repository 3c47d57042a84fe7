import { describe, expect, it } from 'vitest';
import ical from 'node-ical';
import { vtimezone } from './vtimezone.js';

const observances = (text: string) =>
  [...text.matchAll(/BEGIN:(STANDARD|DAYLIGHT)\r\nDTSTART:(\w+)\r\nTZOFFSETFROM:([+-]\d{4})\r\nTZOFFSETTO:([+-]\d{4})/g)].map((m) => ({ kind: m[1], start: m[2], from: m[3], to: m[4] }));

describe('VTIMEZONE', () => {
  it('writes each offset change of a DST zone in local time of the offset before it', () => {
    const text = vtimezone('America/New_York', new Date('2026-06-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z'));
    const list = observances(text);
    expect(list).toContainEqual({ kind: 'DAYLIGHT', start: '20260308T020000', from: '-0500', to: '-0400' });
    expect(list).toContainEqual({ kind: 'STANDARD', start: '20261101T020000', from: '-0400', to: '-0500' });
    expect(list[0]).toMatchObject({ kind: 'STANDARD', start: '20260101T000000', from: '-0500', to: '-0500' });
    expect(list).toHaveLength(3);
    const warsaw = observances(vtimezone('Europe/Warsaw', new Date('2026-12-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')));
    expect(warsaw).toContainEqual({ kind: 'STANDARD', start: '20261025T030000', from: '+0200', to: '+0100' });
  });

  it('writes a zone without DST as one observance, and parses as a calendar component', () => {
    const text = vtimezone('Asia/Tokyo', new Date('2026-12-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z'));
    expect(observances(text)).toEqual([{ kind: 'STANDARD', start: '20260101T000000', from: '+0900', to: '+0900' }]);
    const cal = ical.sync.parseICS(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${text}BEGIN:VEVENT\r\nUID:x@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Asia/Tokyo:20261201T180000\r\nDTEND;TZID=Asia/Tokyo:20261201T190000\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`);
    const ev = Object.values(cal).find((x: any) => x.type === 'VEVENT') as any;
    expect(new Date(ev.start).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(Object.values(cal).some((x: any) => x.type === 'VTIMEZONE' && x.tzid === 'Asia/Tokyo')).toBe(true);
  });
});
