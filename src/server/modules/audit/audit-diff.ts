/**
 * Before/after of the fields that actually changed, for the payload of `*.updated` domain
 * events (and so for the audit log). Dates become ISO strings so the payload is JSON.
 */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
  ignore: string[] = ['updatedAt', 'createdAt'],
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (ignore.includes(key)) continue;
    const x = plain(before[key]);
    const y = plain(after[key]);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    b[key] = x;
    a[key] = y;
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

/** A whole row as JSON (for created/removed entries), minus the given keys. */
export function snapshot(row: Record<string, unknown>, omit: string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !omit.includes(k)).map(([k, v]) => [k, plain(v)]));
}

function plain(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : (v ?? null);
}
