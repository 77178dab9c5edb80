import { createDecipheriv, hkdfSync } from 'node:crypto';
import type { JWT } from 'next-auth/jwt';

/**
 * Opens next-auth v4's session cookie as its `decode` does, minus two costs per request:
 * next-auth derives the key from the secret again (HKDF) on every call, and goes through
 * jose's generic JWE code. The token is a compact JWE, `alg: "dir"`, `enc: "A256GCM"`,
 * keyed by HKDF-SHA256(secret, salt "", "NextAuth.js Generated Encryption Key", 32 bytes).
 * Stricter than jose where next-auth never needs more: exactly those two header members.
 * Any failure (tampering, another secret, expiry) gives null, as getToken does.
 */

const CLOCK_TOLERANCE_SECONDS = 15; // next-auth's decode uses the same

const derivedKeys = new Map<string, Buffer>();

function encryptionKey(secret: string): Buffer {
  let key = derivedKeys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, '', 'NextAuth.js Generated Encryption Key', 32));
    derivedKeys.clear(); // one secret per process; never let the map grow
    derivedKeys.set(secret, key);
  }
  return key;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The claims of a session token minted with `secret`, or null. */
export function decryptSessionJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): JWT | null {
  const parts = token.split('.');
  if (parts.length !== 5) return null;
  const [headerPart, encryptedKey, ivPart, ciphertext, tagPart] = parts as [string, string, string, string, string];
  if (encryptedKey !== '') return null; // "dir": the key is not in the token

  const header = parseJson(Buffer.from(headerPart, 'base64url'));
  if (!isRecord(header) || Object.keys(header).length !== 2 || header.alg !== 'dir' || header.enc !== 'A256GCM') return null;
  const iv = Buffer.from(ivPart, 'base64url');
  const tag = Buffer.from(tagPart, 'base64url');
  if (iv.length !== 12 || tag.length !== 16) return null;

  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey(secret), iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(headerPart, 'ascii'));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  } catch {
    return null; // not ours, or altered
  }

  const claims = parseJson(plaintext);
  if (!isRecord(claims)) return null;
  const { exp, nbf, iat } = claims;
  if (exp !== undefined && (typeof exp !== 'number' || exp <= nowSeconds - CLOCK_TOLERANCE_SECONDS)) return null;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds + CLOCK_TOLERANCE_SECONDS)) return null;
  if (iat !== undefined && typeof iat !== 'number') return null;
  return claims as JWT;
}
