import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption of stored credentials (Zoom client secret, Stripe key, ...) with AES-256-GCM.
 * The key is derived from APP_SECRET with HKDF so the raw secret is never used as a key
 * directly and other purposes can derive their own keys later.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', appSecret, 'foyer', 'credentials-v1', 32));
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unrecognised secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** Shows the last four characters only: enough to recognise a key, useless to steal. */
export function maskSecret(secret: string): string {
  if (secret.length <= 4) return '••••';
  return `••••${secret.slice(-4)}`;
}

/**
 * APP_SECRET from the environment, or — for the embedded single-machine setup — a random one
 * generated once into the data folder (mode 0600). Production (DATABASE_URL) must set it,
 * because several processes have to share the same key.
 */
export function resolveAppSecret(opts: { appSecret?: string; dataDir: string; embedded: boolean }): string {
  if (opts.appSecret) return opts.appSecret;
  if (!opts.embedded) {
    throw new Error('APP_SECRET is required when DATABASE_URL is set (generate one with: openssl rand -base64 48)');
  }
  const file = path.join(opts.dataDir, 'app-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
