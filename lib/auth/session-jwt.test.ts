import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { decode, encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { decryptSessionJwt } from './session-jwt';

const secret = 'a-secret-of-at-least-thirty-two-characters';
const claims = { sub: '6f1c2a8e-0d4b-4e57-9a61-3c2f1b0e9d77', name: 'Lee', email: 'lee@example.org', role: 'user' as const, sv: 2 };
const now = () => Math.floor(Date.now() / 1000);

/** A token built by hand, to try headers and claims next-auth itself never writes. */
function handMade(header: Record<string, unknown>, payload: unknown, key = secret) {
  const cek = hkdfSync('sha256', key, '', 'NextAuth.js Generated Encryption Key', 32);
  const headerPart = Buffer.from(JSON.stringify(header)).toString('base64url');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(cek), iv);
  cipher.setAAD(Buffer.from(headerPart, 'ascii'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final()]);
  return [headerPart, '', iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** next-auth's own decode, with its null-on-any-failure as getToken applies it. */
const reference = (token: string, key = secret) => decode({ token, secret: key }).catch(() => null);

describe('decryptSessionJwt', () => {
  it('opens what next-auth minted, exactly as next-auth does', async () => {
    const token = await encode({ token: claims, secret });
    const opened = decryptSessionJwt(token, secret);
    expect(opened).toMatchObject(claims);
    expect(opened).toEqual(await reference(token));
  });

  it('refuses another secret, and every altered part, as next-auth does', async () => {
    const token = await encode({ token: claims, secret });
    expect(decryptSessionJwt(token, `${secret}!`)).toBeNull();
    const parts = token.split('.');
    for (const i of [0, 2, 3, 4]) {
      const altered = [...parts];
      const bytes = Buffer.from(altered[i]!, 'base64url');
      bytes[bytes.length - 1]! ^= 1;
      altered[i] = bytes.toString('base64url');
      const tampered = altered.join('.');
      expect(decryptSessionJwt(tampered, secret), `part ${i}`).toBeNull();
      expect(await reference(tampered), `part ${i}`).toBeNull();
    }
    for (const broken of ['', 'a.b.c', `${token}.x`, parts.with(1, 'AAAA').join('.')]) expect(decryptSessionJwt(broken, secret)).toBeNull();
  });

  it('honours expiry with next-auth’s 15 seconds of tolerance', async () => {
    for (const maxAge of [-60, -16, -14, 60]) {
      const token = await encode({ token: claims, secret, maxAge });
      expect(decryptSessionJwt(token, secret) === null, `maxAge ${maxAge}`).toBe((await reference(token)) === null);
    }
    expect(decryptSessionJwt(await encode({ token: claims, secret, maxAge: -60 }), secret)).toBeNull();
    const header = { alg: 'dir', enc: 'A256GCM' };
    expect(decryptSessionJwt(handMade(header, { ...claims, nbf: now() + 60 }), secret)).toBeNull();
    expect(decryptSessionJwt(handMade(header, { ...claims, exp: String(now() + 60) }), secret)).toBeNull();
    expect(decryptSessionJwt(handMade(header, { ...claims, iat: 'yesterday' }), secret)).toBeNull();
    expect(decryptSessionJwt(handMade(header, { ...claims, exp: now() + 60 }), secret)).toMatchObject(claims);
  });

  it('accepts only the header next-auth writes, and only an object of claims', () => {
    expect(decryptSessionJwt(handMade({ alg: 'dir', enc: 'A128GCM' }, claims), secret)).toBeNull();
    expect(decryptSessionJwt(handMade({ alg: 'dir', enc: 'A256GCM', zip: 'DEF' }, claims), secret)).toBeNull();
    expect(decryptSessionJwt(handMade({ alg: 'dir', enc: 'A256GCM', crit: ['x'], x: 1 }, claims), secret)).toBeNull();
    expect(decryptSessionJwt(handMade({ alg: 'dir', enc: 'A256GCM' }, ['not', 'claims']), secret)).toBeNull();
    expect(decryptSessionJwt(handMade({ alg: 'dir', enc: 'A256GCM' }, claims), secret)).toMatchObject(claims);
  });
});
