import 'server-only';
import type { Db } from '@/db/client';
import { getKeyGrantFacts, markKeyFetched } from '@/db/queries/listening';
import { AppError } from '@/lib/errors';

/**
 * Who asks for a key. `sessionVersion` is what a session cookie says, to be compared with
 * the account; it is absent for an API token, whose account was checked with the token.
 */
export type KeyListener = { userId: string; sessionVersion?: number };

export type KeyGrantOptions = {
  sessionMaxAgeMs: number;
  /** How long a grant is remembered in this process (0: never). */
  cacheMs: number;
  /** The rate limit, charged after the account check and before the track is looked at. */
  limit: () => Promise<void>;
};

type Grant = { key: Buffer; sessionVersion: number; until: number };

declare global {
  // On globalThis: Next bundles each route apart, and account or track changes made by
  // other routes must reach this cache.
  var __mistKeyGrants: GrantStore | undefined;
}

type GrantStore = {
  entries: Map<string, Grant>;
  epoch: number;
  /** Tells the other instances to forget theirs too (set at boot when they share a Redis). */
  announce?: () => void;
};

const MAX_GRANTS = 10_000;
// Never matches a track: a malformed id still gets its account checked before its 404.
const NO_TRACK = '00000000-0000-0000-0000-000000000000';

const grants = (): GrantStore => (globalThis.__mistKeyGrants ??= { entries: new Map(), epoch: 0 });

/**
 * Forgets every remembered grant, here and on every other instance. Called after an account
 * or a track changed (once the change is committed): a grant being decided meanwhile is not
 * remembered either.
 */
export function forgetKeyGrants(): void {
  forgetKeyGrantsHere();
  grants().announce?.();
}

/** Forgets this instance's grants only: what another instance's announcement does here. */
export function forgetKeyGrantsHere(): void {
  const g = grants();
  g.entries.clear();
  g.epoch++;
}

/** Called by every forgetKeyGrants() in this process, after this instance forgot its own. */
export function announceForgottenGrantsWith(announce: (() => void) | undefined): void {
  grants().announce = announce;
}

const signInFirst = () => new AppError('unauthorized', 'Sign in first.');
const noSuchTrack = () => new AppError('not_found', 'No such track.');

/**
 * The 16-byte key of a track's HLS `version` (null: the published one), only for a ready
 * track and only to a listener holding a recent session for it (their own): 401 for a disabled account or an ended session, 404 for unknown and
 * unready tracks alike, 403 without a session, 429 from `limit`. One query decides.
 *
 * Only grants are remembered, for `cacheMs` and never past the listening session's end, and
 * only for the same listener, track and session version: a listener is refused nothing
 * they were not given moments ago, and refusals are never remembered.
 *
 * Every grant, remembered or not, marks the listener's newest live session of the track as
 * having its key (markKeyFetched): heard time counts only from there. The mark is written in
 * the database, so it holds whichever instance answers the key and the beats; the cache
 * saves the account and track checks, never the mark.
 */
export async function keyForListener(db: Db, listener: KeyListener, trackId: string | null, options: KeyGrantOptions, version: number | null = null): Promise<Buffer> {
  const g = grants();
  const cacheKey = `${listener.userId}:${trackId}:${version ?? ''}`;
  const remembered = trackId ? g.entries.get(cacheKey) : undefined;
  if (trackId && remembered && remembered.until > Date.now() && (listener.sessionVersion ?? remembered.sessionVersion) === remembered.sessionVersion) {
    await options.limit();
    await markKeyFetched(db, listener.userId, trackId, options.sessionMaxAgeMs);
    return remembered.key;
  }

  const epoch = g.epoch;
  const facts = await getKeyGrantFacts(db, listener.userId, trackId ?? NO_TRACK, version);
  if (!facts || facts.disabled) throw signInFirst();
  if (listener.sessionVersion !== undefined && listener.sessionVersion !== facts.sessionVersion) throw signInFirst();
  if (!trackId) throw noSuchTrack();
  await options.limit();
  if (!facts.keyHex) throw noSuchTrack();
  const sessionEnds = facts.lastSessionAt ? facts.lastSessionAt.getTime() + options.sessionMaxAgeMs : -Infinity;
  if (sessionEnds < Date.now()) throw new AppError('forbidden', 'Start playing this track first: there is no listening session for it.');

  // Not Buffer.from: a small Buffer is a slice of a shared 8 KB pool, and a remembered one
  // keeps its whole pool alive (10,000 grants pinned ~80 MB in bench:listeners).
  const key = Buffer.alloc(facts.keyHex.length / 2, facts.keyHex, 'hex');
  if (options.cacheMs > 0 && g.epoch === epoch) {
    if (g.entries.size >= MAX_GRANTS) g.entries.delete(g.entries.keys().next().value!);
    g.entries.set(cacheKey, { key, sessionVersion: facts.sessionVersion, until: Math.min(Date.now() + options.cacheMs, sessionEnds) });
  }
  await markKeyFetched(db, listener.userId, trackId, options.sessionMaxAgeMs);
  return key;
}
