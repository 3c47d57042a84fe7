import { randomBytes, createHash } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Opaque, prefixed identifiers (`evt_…`): 120 random bits, readable in logs. */
export function newId(prefix: string): string {
  return `${prefix}_${base32(randomBytes(15))}`;
}

/** Bearer secrets (order, ticket, API, session tokens): 256 random bits, URL-safe. */
export function newSecretToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets we only need to recognise are stored as SHA-256 hashes, never in clear. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
