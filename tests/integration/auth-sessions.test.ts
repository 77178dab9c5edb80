import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { deleteStaleAuthSessions, listLiveAuthSessions, revokeAuthSession } from '@/db/queries/sessions';
import { getUserSessionState, insertUser } from '@/db/queries/users';
import { adminUpdateUser } from '@/lib/accounts';
import { endAllAuthSessions, endAuthSession, SESSION_MAX_AGE_SECONDS, sessionIsLive, sessionUser, startAuthSession } from '@/lib/auth/auth-sessions';
import { onFreshApp } from '../helpers/app';
import { BOTH_DATABASES } from '../helpers/db';

let h: DbHandle;
const FIREFOX_ANDROID = 'Mozilla/5.0 (Android 15; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0';
const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

const newUser = (name: string, role: 'user' | 'admin' = 'user') => insertUser(h.db, { email: `${name}@example.org`, displayName: name, passwordHash: 'x', role });
const setSeen = (id: string, secondsAgo: number) => h.db.execute(sql`update auth_sessions set last_seen_at = now() - make_interval(secs => ${secondsAgo}) where id = ${id}`);
const seenAt = async (id: string) => new Date((await listAll()).find((s) => s.id === id)!.last_seen_at).getTime();
const listAll = async () => {
  const result = await h.db.execute(sql`select id, last_seen_at, revoked_at from auth_sessions`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string; last_seen_at: Date | string; revoked_at: unknown }[];
};

describe.each(BOTH_DATABASES)('sign-in sessions on %s', (_name, open) => {
  onFreshApp(open, (app) => (h = app.h));

  it('accepts a session only while it is signed in, for its own account, with the account’s session version', async () => {
    const [lee, ana] = [await newUser('lee'), await newUser('ana')];
    const sid = await startAuthSession(h.db, lee.id, FIREFOX_ANDROID);
    const token = { userId: lee.id, sessionId: sid, sessionVersion: 0 };
    expect(await sessionUser(h.db, token)).toMatchObject({ id: lee.id, email: 'lee@example.org', sessionId: sid });
    expect(await sessionUser(h.db, { ...token, sessionVersion: 1 })).toBeNull();
    expect(await sessionUser(h.db, { ...token, userId: ana.id })).toBeNull();
    expect(await sessionUser(h.db, { ...token, sessionId: '00000000-0000-4000-8000-000000000000' })).toBeNull();
    // Another account cannot sign it out; its owner can, once.
    expect(await endAuthSession(h.db, ana.id, sid)).toBe(false);
    expect(await sessionUser(h.db, token)).not.toBeNull();
    expect(await endAuthSession(h.db, lee.id, sid)).toBe(true);
    expect(await endAuthSession(h.db, lee.id, sid)).toBe(false);
    expect(await sessionUser(h.db, token)).toBeNull();
  });

  it('moves "last seen" only when it is a few minutes old', async () => {
    const lee = await newUser('seen');
    const sid = await startAuthSession(h.db, lee.id, CHROME_LINUX);
    const token = { userId: lee.id, sessionId: sid, sessionVersion: 0 };
    await setSeen(sid, 60);
    const minuteAgo = await seenAt(sid);
    await sessionUser(h.db, token);
    expect(await seenAt(sid)).toBe(minuteAgo);
    await setSeen(sid, 3600);
    await sessionUser(h.db, token);
    expect(Date.now() - (await seenAt(sid))).toBeLessThan(60_000);
  });

  it('lists the account’s live sessions, latest first, with the device and never another account’s', async () => {
    const [kim, other] = [await newUser('kim'), await newUser('other')];
    const phone = await startAuthSession(h.db, kim.id, FIREFOX_ANDROID);
    const laptop = await startAuthSession(h.db, kim.id, CHROME_LINUX);
    const ended = await startAuthSession(h.db, kim.id, CHROME_LINUX);
    const expired = await startAuthSession(h.db, kim.id, CHROME_LINUX);
    await startAuthSession(h.db, other.id, CHROME_LINUX);
    await setSeen(phone, 600);
    await setSeen(expired, SESSION_MAX_AGE_SECONDS + 60);
    expect(await revokeAuthSession(h.db, kim.id, ended)).toBe(true);
    const listed = await listLiveAuthSessions(h.db, kim.id, SESSION_MAX_AGE_SECONDS);
    expect(listed.map((s) => [s.id, s.device])).toEqual([
      [laptop, 'Chrome on Linux'],
      [phone, 'Firefox on Android'],
    ]);
  });

  it('remembers a live session for the fast paths until one is signed out, then asks again', async () => {
    const sam = await newUser('sam');
    const sid = await startAuthSession(h.db, sam.id, null);
    const token = { userId: sam.id, sessionId: sid, sessionVersion: 0 };
    expect(await sessionIsLive(h.db, token)).toBe(true);
    expect(await sessionIsLive(h.db, { ...token, sessionId: '00000000-0000-4000-8000-000000000000' })).toBe(false);
    // Revoked behind the cache's back: still remembered (the cache is what the fast paths save)...
    await revokeAuthSession(h.db, sam.id, sid);
    expect(await sessionIsLive(h.db, token)).toBe(true);
    expect(await sessionIsLive(h.db, { ...token, userId: (await newUser('sam2')).id })).toBe(false);
    // ...and a sign-out through MIST is forgotten at once.
    const other = await startAuthSession(h.db, sam.id, null);
    await endAuthSession(h.db, sam.id, other);
    expect(await sessionIsLive(h.db, token)).toBe(false);
  });

  it('"sign out everywhere" ends every session of the account and its session version, and no other account’s', async () => {
    const [ivy, bob] = [await newUser('ivy'), await newUser('bob')];
    const ivys = [await startAuthSession(h.db, ivy.id, null), await startAuthSession(h.db, ivy.id, null)];
    const bobs = await startAuthSession(h.db, bob.id, null);
    for (const sid of ivys) expect(await sessionIsLive(h.db, { userId: ivy.id, sessionId: sid, sessionVersion: 0 })).toBe(true);
    await endAllAuthSessions(h.db, ivy.id);
    expect((await getUserSessionState(h.db, ivy.id))!.sessionVersion).toBe(1);
    for (const sid of ivys) {
      expect(await sessionIsLive(h.db, { userId: ivy.id, sessionId: sid, sessionVersion: 0 })).toBe(false);
      expect(await sessionUser(h.db, { userId: ivy.id, sessionId: sid, sessionVersion: 1 })).toBeNull();
    }
    expect(await sessionUser(h.db, { userId: bob.id, sessionId: bobs, sessionVersion: 0 })).not.toBeNull();
  });

  it('ends a disabled account’s sessions', async () => {
    const [admin, zed] = [await newUser('boss', 'admin'), await newUser('zed')];
    const sid = await startAuthSession(h.db, zed.id, null);
    await adminUpdateUser(h.db, admin.id, zed.id, { disabled: true });
    await adminUpdateUser(h.db, admin.id, zed.id, { disabled: false });
    expect(await listLiveAuthSessions(h.db, zed.id, SESSION_MAX_AGE_SECONDS)).toEqual([]);
    expect(await sessionUser(h.db, { userId: zed.id, sessionId: sid, sessionVersion: 1 })).toBeNull();
  });

  it('prunes sessions signed out or unseen for longer than a cookie lasts, and only those', async () => {
    const amy = await newUser('amy');
    const [fresh, old, revokedLongAgo, revokedNow] = [
      await startAuthSession(h.db, amy.id, null),
      await startAuthSession(h.db, amy.id, null),
      await startAuthSession(h.db, amy.id, null),
      await startAuthSession(h.db, amy.id, null),
    ];
    await setSeen(old, 3 * 86_400);
    await h.db.execute(sql`update auth_sessions set revoked_at = now() - interval '3 days' where id = ${revokedLongAgo}`);
    await revokeAuthSession(h.db, amy.id, revokedNow);
    // Another test's session unseen for 30 days goes too.
    expect(await deleteStaleAuthSessions(h.db, 2 * 86_400)).toBe(3);
    const left = new Set((await listAll()).map((s) => s.id));
    expect([fresh, revokedNow].every((id) => left.has(id))).toBe(true);
    expect([old, revokedLongAgo].some((id) => left.has(id))).toBe(false);
  });
});
