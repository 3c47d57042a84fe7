/**
 * A minimal self-signed X.509 v3 certificate built with node:crypto alone (Node can parse
 * certificates but not issue them). PayPal's webhook `paypal-cert-url` points at an X.509 PEM
 * whose public key verifies `paypal-transmission-sig`; serving a real certificate lets a client's
 * offline check (`new X509Certificate(pem).publicKey`) run against the emulator too.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

const tlv = (tag: number, content: Buffer): Buffer => {
  const n = content.length;
  const len = n < 128 ? Buffer.from([n]) : (() => { const b: number[] = []; for (let x = n; x > 0; x >>= 8) b.unshift(x & 0xff); return Buffer.from([0x80 | b.length, ...b]); })();
  return Buffer.concat([Buffer.from([tag]), len, content]);
};
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const int = (bytes: Buffer) => tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}
const utcTime = (d: Date) => tlv(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`));
const name = (cn: string) => seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn)))));

export interface CertBundle { privateKey: KeyObject; publicKey: KeyObject; certPem: string }

export function selfSignedCert(commonName: string, days = 3650): CertBundle {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alg = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00])); // sha256WithRSAEncryption, NULL
  const now = new Date();
  const tbs = seq(
    tlv(0xa0, int(Buffer.from([2]))), // v3
    int(Buffer.from([0x01, ...Array.from({ length: 8 }, () => Math.floor(Math.random() * 256))])),
    alg,
    name(commonName),
    seq(utcTime(new Date(now.getTime() - 86_400_000)), utcTime(new Date(now.getTime() + days * 86_400_000))),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, alg, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return { privateKey, publicKey, certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n` };
}
