// Wall-clock times entered in the event's time zone become UTC instants for the API; the
// browser's own zone is only the default choice, never an assumption.

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

let zones: string[] | undefined;

/** Every IANA zone the browser knows, plus UTC and the browser's own (it may be an alias). */
export function timeZones(): string[] {
  if (!zones) {
    let list: string[] = [];
    try {
      list = Intl.supportedValuesOf('timeZone');
    } catch {
      list = [];
    }
    const set = new Set(list);
    set.add('UTC');
    set.add(browserTimeZone());
    zones = [...set].sort((a, b) => a.localeCompare(b));
  }
  return zones;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `instant`, in milliseconds. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "2026-12-01 18:00:00" in `timeZone` → "2026-12-01T17:00:00.000Z". In a DST gap the time is
 * moved forward by the gap (as calendars do); in an overlap the earlier instant is used.
 */
export function wallTimeToUtcIso(wall: string, timeZone: string): string | null {
  const m = WALL.exec(wall.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  // The offsets half a day either side cover any single DST change around this wall time.
  const before = zoneOffsetMs(naive - 43_200_000, timeZone);
  const after = zoneOffsetMs(naive + 43_200_000, timeZone);
  const fits = (instant: number) => instant + zoneOffsetMs(instant, timeZone) === naive;
  const candidates = [naive - before, naive - after].filter(fits).sort((a, b) => a - b);
  // Overlap → the earlier instant; gap (no candidate) → the pre-change offset, i.e. later by the gap.
  const guess = candidates[0] ?? naive - before;
  return new Date(guess).toISOString();
}

/** The inverse, for showing an instant in a picker: "YYYY-MM-DD HH:mm:ss" in `timeZone`. */
export function utcIsoToWallTime(iso: string, timeZone: string): string {
  const t = new Date(iso).getTime();
  const local = new Date(t + zoneOffsetMs(t, timeZone));
  return local.toISOString().slice(0, 19).replace('T', ' ');
}
