import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertListeningSession } from '@/db/queries/listening';
import { ensureTrackKey, insertTrack } from '@/db/queries/tracks';
import { listeningSessions } from '@/db/schema';
import { adminUpdateUser, changePassword, createUser } from '@/lib/accounts';
import { AppError } from '@/lib/errors';
import { forgetKeyGrants, keyForListener, type KeyGrantOptions } from '@/lib/playback/key-grants';
import { onFreshApp } from '../helpers/app';
import { BOTH_DATABASES } from '../helpers/db';

let h: DbHandle;
let adminId: string;
const KEY = '00112233445566778899aabbccddeeff';
const HOUR = 3_600_000;

async function readyTrack(status: 'ready' | 'processing' = 'ready') {
  const track = await insertTrack(h.db, { title: 'T', status, originalFilename: 't.flac', originalKey: 'originals/t', declaredContentType: 'audio/flac' });
  await ensureTrackKey(h.db, track.id, 1, { keyHex: KEY, ivHex: '00'.repeat(16) });
  return track.id;
}
const listener = async (email: string) => (await createUser(h.db, { email, displayName: 'L', password: 'listen password' }, 'user')).id;

/** The status the route would answer, and how often the rate limit was charged. */
async function ask(who: { userId: string; sessionVersion?: number }, trackId: string | null, options: Partial<KeyGrantOptions> = {}) {
  let charged = 0;
  try {
    const key = await keyForListener(h.db, who, trackId, { sessionMaxAgeMs: HOUR, cacheMs: 5000, limit: async () => void charged++, ...options });
    expect(key.toString('hex')).toBe(KEY);
    return { status: 200, charged };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { status: error.status, charged };
  }
}

describe.each(BOTH_DATABASES)('keyForListener on %s', (_name, open) => {
  onFreshApp(open, (app) => (h = app.h));
  beforeAll(async () => {
    adminId = (await createUser(h.db, { email: 'boss@example.org', displayName: 'Boss', password: 'boss password' }, 'admin')).id;
  });

  it('checks the account, then the limit, then the track, then the session', async () => {
    const track = await readyTrack();
    const unready = await readyTrack('processing');
    const lee = await listener('lee@example.org');
    expect(await ask({ userId: lee, sessionVersion: 1 }, track)).toEqual({ status: 401, charged: 0 });
    expect(await ask({ userId: '00000000-0000-4000-8000-000000000000', sessionVersion: 0 }, track)).toEqual({ status: 401, charged: 0 });
    expect(await ask({ userId: lee, sessionVersion: 0 }, null)).toEqual({ status: 404, charged: 0 });
    expect(await ask({ userId: lee, sessionVersion: 0 }, unready)).toEqual({ status: 404, charged: 1 });
    expect(await ask({ userId: lee, sessionVersion: 0 }, track)).toEqual({ status: 403, charged: 1 });
    await insertListeningSession(h.db, { userId: lee, trackId: track, clientInfo: null });
    expect(await ask({ userId: lee, sessionVersion: 0 }, track)).toEqual({ status: 200, charged: 1 });
    // Remembered, and still charged to the limit.
    expect(await ask({ userId: lee, sessionVersion: 0 }, track)).toEqual({ status: 200, charged: 1 });
    // An API token's account was checked with the token.
    expect(await ask({ userId: lee }, track)).toEqual({ status: 200, charged: 1 });
  });

  it('never gives a remembered key past the listening session, nor to an older cookie', async () => {
    const track = await readyTrack();
    const ana = await listener('ana@example.org');
    const [session] = await h.db
      .insert(listeningSessions)
      .values({ userId: ana, trackId: track, clientInfo: null, startedAt: new Date(Date.now() - HOUR + 1500) })
      .returning();
    expect(await ask({ userId: ana, sessionVersion: 0 }, track)).toMatchObject({ status: 200 });
    await new Promise((r) => setTimeout(r, 1600));
    expect(await ask({ userId: ana, sessionVersion: 0 }, track)).toMatchObject({ status: 403 });
    await h.db.update(listeningSessions).set({ startedAt: new Date() }).where(eq(listeningSessions.id, session!.id));
    expect(await ask({ userId: ana, sessionVersion: 0 }, track)).toMatchObject({ status: 200 });
    expect(await ask({ userId: ana, sessionVersion: 7 }, track)).toMatchObject({ status: 401 });
  });

  it('forgets grants when an account is disabled or its password changes', async () => {
    const track = await readyTrack();
    const ben = await listener('ben@example.org');
    const eve = await listener('eve@example.org');
    for (const id of [ben, eve]) await insertListeningSession(h.db, { userId: id, trackId: track, clientInfo: null });
    expect(await ask({ userId: ben, sessionVersion: 0 }, track)).toMatchObject({ status: 200 });
    expect(await ask({ userId: eve, sessionVersion: 0 }, track)).toMatchObject({ status: 200 });
    await adminUpdateUser(h.db, adminId, ben, { disabled: true });
    expect(await ask({ userId: ben, sessionVersion: 0 }, track)).toMatchObject({ status: 401 });
    expect(await ask({ userId: ben }, track)).toMatchObject({ status: 401 });
    await changePassword(h.db, eve, { currentPassword: 'listen password', newPassword: 'a new password' }, (_email, verify) => verify());
    expect(await ask({ userId: eve, sessionVersion: 0 }, track)).toMatchObject({ status: 401 });
    expect(await ask({ userId: eve, sessionVersion: 1 }, track)).toMatchObject({ status: 200 });
  });

  it('remembers nothing with a cache time of 0, and nothing decided across a change', async () => {
    const track = await readyTrack();
    const kim = await listener('kim@example.org');
    await insertListeningSession(h.db, { userId: kim, trackId: track, clientInfo: null });
    expect(await ask({ userId: kim, sessionVersion: 0 }, track, { cacheMs: 0 })).toMatchObject({ status: 200 });
    await h.db.delete(listeningSessions).where(eq(listeningSessions.userId, kim));
    expect(await ask({ userId: kim, sessionVersion: 0 }, track)).toMatchObject({ status: 403 });

    await insertListeningSession(h.db, { userId: kim, trackId: track, clientInfo: null });
    // A change lands while the grant is being decided: the grant is given, not remembered.
    expect(await ask({ userId: kim, sessionVersion: 0 }, track, { limit: async () => forgetKeyGrants() })).toMatchObject({ status: 200 });
    await h.db.delete(listeningSessions).where(eq(listeningSessions.userId, kim));
    expect(await ask({ userId: kim, sessionVersion: 0 }, track)).toMatchObject({ status: 403 });
  });
});
