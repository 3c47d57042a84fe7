/**
 * Stripe's v1 API takes `application/x-www-form-urlencoded` bodies with bracketed keys, which
 * stripe-node produces with indexed arrays (`line_items[0][price_data][currency]=usd`) and
 * Dates as unix seconds (stripe-node utils.js `stringifyRequestData`). GET parameters come
 * the same way in the query string (`expand[0]=line_items` or `expand[]=line_items`).
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject { [key: string]: FormValue }

/** Splits `a[b][0][c]` into ['a', 'b', '0', 'c']; `a[]` gives ['a', '']. */
function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first < 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(first)))) parts.push(m[1]);
  return parts;
}

export function parseForm(input: string | URLSearchParams): FormObject {
  const params = typeof input === 'string' ? new URLSearchParams(input) : input;
  const root: FormObject = {};
  for (const [rawKey, value] of params) {
    const parts = splitKey(rawKey);
    let node: FormObject | FormValue[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(parts[i + 1]);
      if (Array.isArray(node)) {
        const idx = part === '' ? node.length : Number(part);
        if (last) node[idx] = value;
        else node = (node[idx] ??= nextIsIndex ? [] : {}) as FormObject | FormValue[];
      } else {
        if (last) node[part] = value;
        else node = (node[part] ??= nextIsIndex ? [] : {}) as FormObject | FormValue[];
      }
    }
  }
  return root;
}

/** Stable fingerprint of parsed params, for idempotency comparisons. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const asString = (v: FormValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
export const asObject = (v: FormValue | undefined): FormObject | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
export function asArray(v: FormValue | undefined): FormValue[] | undefined {
  if (Array.isArray(v)) return v;
  // `line_items[0]` parses to an array, but a hand-written `line_items[a]` would be an object.
  const o = asObject(v);
  return o ? Object.values(o) : undefined;
}
