// npm run eval:recommend — offline quality of co-listening recommendations. Generates a
// listening log with planted taste clusters that cut across artists (scripts/eval/lib/
// listening-log.ts), writes it as listening sessions into a fresh in-memory PGlite (counted
// plays and skips, as the heartbeats leave them), holds out each listener's last play of a
// track new to them, runs
// the real neighbour build, and prints hit rate@10 and catalog coverage@10 for co-listening,
// for content similarity alone, for the blend the listener gets ("For you":
// lib/recommend/for-you.ts, run as it is) and for a most-popular baseline. Target:
// co-listening and the blend ≥ 2× popular.
//
// Each track gets an embedding that follows its artist's sound (the artist's own point in
// the 48-dimensional space plus a little noise per track), stored as the extractor stores
// real ones. Taste groups cut across artists, so content alone should find little: its row
// shows how much the blend would lose if it trusted the sound over co-listening.
import { openPglite } from '@/db/client';
import { insertPastSessions } from '@/db/queries/listening';
import { insertUser } from '@/db/queries/users';
import { insertTrack, upsertArtist, upsertTrackFeatures } from '@/db/queries/tracks';
import { EMBEDDING_DIMENSIONS, EXTRACTOR_VERSION } from '@/lib/media/features';
import { recommendForYou } from '@/lib/recommend/for-you';
import { buildNeighbours, getTrackNeighbours } from '@/lib/recommend/neighbours';
import { findSimilarTracks } from '@/lib/recommend/similar';
import { evaluate, topK, type EvalListener, type Recommender } from './lib/evaluate';
import { DEFAULT_LOG, makeListeningLog, random } from './lib/listening-log';

const h = await openPglite();
await h.migrate();
const db = h.db;
const log = makeListeningLog(DEFAULT_LOG);

const artistIds = await Promise.all(Array.from({ length: DEFAULT_LOG.artists }, (_, a) => upsertArtist(db, `Artist ${a}`)));
const trackIds: string[] = [];
for (const t of log.tracks) {
  const row = await insertTrack(db, { title: `Track ${t.index}`, artistId: artistIds[t.artist]!, status: 'ready', durationMs: 200_000, originalFilename: `${t.index}.flac`, originalKey: `originals/${t.index}`, declaredContentType: 'audio/flac' });
  trackIds.push(row.id);
}
// An artist's sound: a random point; its tracks: that point plus noise a fifth its size.
const rand = random(DEFAULT_LOG.seed + 1);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const sounds = Array.from({ length: DEFAULT_LOG.artists }, () => Array.from({ length: EMBEDDING_DIMENSIONS }, gauss));
for (const t of log.tracks) {
  await upsertTrackFeatures(db, trackIds[t.index]!, { extractorVersion: EXTRACTOR_VERSION, embedding: sounds[t.artist]!.map((x) => x + 0.2 * gauss()), raw: {} });
}
const userIds: string[] = [];
for (let l = 0; l < DEFAULT_LOG.listeners; l++) userIds.push((await insertUser(db, { email: `l${l}@example.org`, displayName: `l${l}`, passwordHash: 'x', role: 'user' })).id);

// Hold out each listener's last counted play of a track they had not played before (what a
// recommender is for: music new to them); everything before it, skips included, is written.
const listeners: EvalListener[] = [];
const training = [];
for (let l = 0; l < DEFAULT_LOG.listeners; l++) {
  const mine = log.plays.filter((p) => p.listener === l);
  const last = mine.findLastIndex((p, i) => !p.skipped && !mine.slice(0, i).some((q) => !q.skipped && q.track === p.track));
  const before = mine.slice(0, last);
  training.push(...before);
  listeners.push({ id: userIds[l]!, history: before.filter((p) => !p.skipped).map((p) => trackIds[p.track]!), heldOut: trackIds[mine[last]!.track]! });
}
await insertPastSessions(
  db,
  training.map((p) => ({ userId: userIds[p.listener]!, trackId: trackIds[p.track]!, startedAt: p.startedAt, heardMs: p.skipped ? 9_000 : 200_000, counted: !p.skipped })),
);
const counted = training.filter((p) => !p.skipped).length;
console.log(`log: ${DEFAULT_LOG.listeners} listeners in ${DEFAULT_LOG.clusters} taste groups, ${log.tracks.length} tracks by ${DEFAULT_LOG.artists} artists, ${counted} plays and ${training.length - counted} skips written, 1 play per listener held out`);
const run = await buildNeighbours(db);
console.log(`neighbour build: ${run.playsRead} plays read, ${run.pairsUpdated} pairs, ${run.tracksUpdated} tracks ranked, ${run.durationMs} ms`);

const RECENT = 20;
/** Neighbours of the listener's last RECENT distinct plays, newer plays weighing more. */
const coListening: Recommender = {
  name: 'co-listening',
  async recommend(listener, k) {
    const recent = [...new Set([...listener.history].reverse())].slice(0, RECENT);
    const scores = new Map<string, number>();
    for (const [i, trackId] of recent.entries()) {
      for (const n of await getTrackNeighbours(db, trackId, 50)) scores.set(n.trackId, (scores.get(n.trackId) ?? 0) + n.score * (1 - i / (2 * RECENT)));
    }
    return topK(scores, new Set(listener.history), k);
  },
};

/** What sounds like the listener's last 5 distinct plays, newer plays weighing more. */
const content: Recommender = {
  name: 'content',
  async recommend(listener, k) {
    const recent = [...new Set([...listener.history].reverse())].slice(0, 5);
    const scores = new Map<string, number>();
    for (const [i, trackId] of recent.entries()) {
      for (const t of (await findSimilarTracks(db, trackId, { limit: 20 })) ?? []) scores.set(t.id, (scores.get(t.id) ?? 0) + t.score * (1 - i / 10));
    }
    return topK(scores, new Set(listener.history), k);
  },
};

/**
 * "For you" as the listener gets it: co-listening, topped up from the sound where it knows
 * little. It may offer a track the listener last heard weeks ago; the held-out play is of a
 * track new to them, so its best k new tracks are what is scored.
 */
const blend: Recommender = {
  name: 'blend (For you)',
  async recommend(listener, k) {
    const played = new Set(listener.history);
    return (await recommendForYou(db, listener.id, 100)).map((t) => t.id).filter((id) => !played.has(id)).slice(0, k);
  },
};

/** The tracks most listeners played (in the training log), that this listener has not. */
const listenersPerTrack = new Map<string, number>();
for (const l of listeners) for (const t of new Set(l.history)) listenersPerTrack.set(t, (listenersPerTrack.get(t) ?? 0) + 1);
const popular: Recommender = { name: 'most popular', recommend: async (listener, k) => topK(listenersPerTrack, new Set(listener.history), k) };

const results = await evaluate([coListening, content, blend, popular], listeners, trackIds.length, 10);
for (const r of results) console.log(`${r.name.padEnd(16)} hit rate@10 ${r.hitRate.toFixed(3)}   coverage@10 ${r.coverage.toFixed(3)}`);
const baseline = Math.max(results.at(-1)!.hitRate, 1e-9);
for (const r of results.slice(0, -1)) {
  const ratio = r.hitRate / baseline;
  const target = r.name === 'content' ? '' : ` (target ≥ 2×: ${ratio >= 2 ? 'met' : 'NOT met'})`;
  console.log(`${r.name} / popular: ${ratio.toFixed(2)}×${target}`);
}
await h.close();
