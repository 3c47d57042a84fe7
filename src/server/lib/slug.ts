import { randomBytes } from 'node:crypto';

/** URL slug from any script: Latin letters are kept, others fall back to a random suffix. */
export function slugify(text: string, maxLength = 48): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return base;
}

/** A slug with a short random tail so two "Webinar" events never collide. */
export function uniqueSlug(text: string): string {
  const base = slugify(text) || 'event';
  return `${base}-${randomBytes(4).toString('hex')}`;
}
