import { describe, expect, it } from 'vitest';
import { maskSecret, resolveAppSecret, SecretBox } from './crypto.js';
import { feeFor, assertValidPrice } from './money.js';
import { hashToken, newId, newSecretToken } from './tokens.js';
import { slugify } from './slug.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('secret box (AES-256-GCM)', () => {
  it('round-trips, uses a fresh IV each time and detects tampering or the wrong key', () => {
    const box = new SecretBox('a'.repeat(40));
    const a = box.encrypt('sk_live_123');
    const b = box.encrypt('sk_live_123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('sk_live');
    expect(box.decrypt(a)).toBe('sk_live_123');
    const parts = a.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.decrypt(parts.join(':'))).toThrow();
    expect(() => new SecretBox('b'.repeat(40)).decrypt(a)).toThrow();
    expect(maskSecret('sk_live_abcd1234')).toBe('••••1234');
  });

  it('generates APP_SECRET once into the data folder for the embedded setup, and requires it otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-'));
    const first = resolveAppSecret({ dataDir: dir, embedded: true });
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveAppSecret({ dataDir: dir, embedded: true })).toBe(first);
    expect(fs.statSync(path.join(dir, 'app-secret')).mode & 0o777).toBe(0o600);
    expect(() => resolveAppSecret({ dataDir: dir, embedded: false })).toThrow(/APP_SECRET is required/);
  });
});

describe('tokens and ids', () => {
  it('makes 256-bit URL-safe secrets and prefixed ids', () => {
    const t = newSecretToken();
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(new Set(Array.from({ length: 1000 }, () => newSecretToken())).size).toBe(1000);
    expect(newId('evt')).toMatch(/^evt_[a-z2-7]{24}$/);
    expect(hashToken('x')).toHaveLength(64);
  });
});

describe('money', () => {
  it('rounds fees half up in minor units', () => {
    expect(feeFor(4999, 500)).toBe(250);
    expect(feeFor(100, 0)).toBe(0);
    expect(feeFor(1, 5000)).toBe(1);
  });
  it('treats JPY and KRW as zero-decimal', () => {
    expect(() => assertValidPrice('price', 1, 'JPY')).not.toThrow();
    expect(() => assertValidPrice('price', 99, 'EUR')).toThrow(/at least 1 EUR/);
    expect(() => assertValidPrice('price', 3_000_001, 'KRW')).toThrow(/maximum/);
  });
});

describe('slugs', () => {
  it('transliterates Polish and drops other scripts', () => {
    expect(slugify('Łódź – Żółć Webinar')).toBe('lodz-zolc-webinar');
    expect(slugify('日本語セミナー')).toBe('');
  });
});
